package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the installed vswitch.ovsschema (the one the test ovsdb-server serves). */
class MonitorColumnsTest {
    private static Set<String> columns(ObjectNode requests, String table) {
        Set<String> out = new HashSet<>();
        requests.path(table).path("columns").forEach(c -> out.add(c.asText()));
        return out;
    }

    @Test
    void defaultIsEverythingButWhatVswitchdOmits() throws Exception {
        JsonNode schema = JsonRpcConnection.JSON.readTree(OvsdbServerFixture.SCHEMA.toFile());
        ObjectNode requests = MonitorColumns.requests(schema, null);
        assertEquals(schema.path("tables").size(), requests.size(), "every table");
        Set<String> ovs = columns(requests, "Open_vSwitch");
        assertTrue(ovs.containsAll(Set.of("bridges", "cur_cfg", "next_cfg", "other_config", "iface_types")),
                ovs.toString());
        assertFalse(ovs.contains("external_ids") || ovs.contains("ovs_version") || ovs.contains("db_version")
                || ovs.contains("system_type") || ovs.contains("system_version"), ovs.toString());
        assertFalse(columns(requests, "Interface").contains("external_ids"));
        assertTrue(columns(requests, "Interface").containsAll(Set.of("name", "type", "options", "ofport",
                "ofport_request", "mtu_request", "error")));
        assertTrue(columns(requests, "Flow_Table").contains("external_ids"), "vswitchd keeps Flow_Table's");
        assertEquals(Set.of("connection_mode", "other_config", "target"), columns(requests, "Manager"));
        assertEquals(schema.path("tables").path("Bridge").path("columns").size() - 1,
                columns(requests, "Bridge").size());
    }

    @Test
    void theQosColumnsVswitchdReadsAreMonitored() throws Exception {
        JsonNode schema = JsonRpcConnection.JSON.readTree(OvsdbServerFixture.SCHEMA.toFile());
        ObjectNode requests = MonitorColumns.requests(schema, null);
        assertEquals(Set.of("other_config", "queues", "type"), columns(requests, "QoS"), "as ovs-vswitchd 3.1");
        assertEquals(Set.of("dscp", "other_config"), columns(requests, "Queue"), "as ovs-vswitchd 3.1");
        assertTrue(columns(requests, "Interface").containsAll(Set.of("ingress_policing_rate",
                "ingress_policing_burst", "ingress_policing_kpkts_rate", "ingress_policing_kpkts_burst")));
        assertTrue(columns(requests, "Port").contains("qos"));
    }

    @Test
    void anExplicitRequestKeepsOnlyWhatTheSchemaHas() throws Exception {
        JsonNode schema = JsonRpcConnection.JSON.readTree(OvsdbServerFixture.SCHEMA.toFile());
        ObjectNode requests = MonitorColumns.requests(schema, Map.of("Bridge", Set.of("name", "no_such_column"),
                "No_Such_Table", Set.of("name"), "Port", Set.of("no_such_column")));
        assertEquals(1, requests.size());
        assertEquals(Set.of("name"), columns(requests, "Bridge"));
    }
}
