package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which tables and columns to monitor, given the server's schema: RFC 7047 {@code <monitor-requests>} for the
 * {@code monitor} method. By default every column of every table, less what {@code ovs-vswitchd} omits
 * ({@code vswitchd/bridge.c} {@code bridge_init}, ovs-surface.md §1a): {@code external_ids} of the tables vswitchd
 * configures, {@code Open_vSwitch} {@code ovs_version}/{@code db_version}/{@code system_type}/{@code system_version}
 * and {@code Manager} {@code inactivity_probe}/{@code is_connected}/{@code max_backoff}/{@code status}. A table or
 * column the schema does not have is left out, so one request works on every schema version.
 */
final class MonitorColumns {
    /** Tables whose {@code external_ids} ovs-vswitchd does not replicate (Flow_Table, Datapath, CT_* it does). */
    static final Set<String> EXTERNAL_IDS_OMITTED = Set.of("Open_vSwitch", "Bridge", "Port", "Interface",
            "Controller", "QoS", "Queue", "Mirror", "NetFlow", "sFlow", "IPFIX", "Flow_Sample_Collector_Set",
            "Manager", "SSL");
    static final Map<String, Set<String>> OMITTED = Map.of(
            "Open_vSwitch", Set.of("ovs_version", "db_version", "system_type", "system_version"),
            "Manager", Set.of("inactivity_probe", "is_connected", "max_backoff", "status"));

    private MonitorColumns() {
    }

    /** The monitor requests for {@code schema} (a get_schema result); {@code requested} null means the default. */
    static ObjectNode requests(JsonNode schema, Map<String, Set<String>> requested) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        JsonNode tables = schema.path("tables");
        for (Map.Entry<String, JsonNode> table : tables.properties()) {
            String name = table.getKey();
            if (requested != null && !requested.containsKey(name)) continue;
            Set<String> columns = new TreeSet<>();
            for (Map.Entry<String, JsonNode> column : table.getValue().path("columns").properties()) {
                String c = column.getKey();
                if (requested != null ? requested.get(name).contains(c) : monitoredByDefault(name, c)) {
                    columns.add(c);
                }
            }
            if (columns.isEmpty()) continue;
            ObjectNode request = out.putObject(name);
            columns.forEach(request.putArray("columns")::add);
        }
        return out;
    }

    static boolean monitoredByDefault(String table, String column) {
        if (column.equals("external_ids") && EXTERNAL_IDS_OMITTED.contains(table)) return false;
        return !OMITTED.getOrDefault(table, Set.of()).contains(column);
    }
}
