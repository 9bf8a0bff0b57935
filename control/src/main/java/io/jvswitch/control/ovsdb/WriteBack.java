package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvswitch.control.ovsdb.SwitchStatus.InterfaceStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The operations of the transactions ovs-vswitchd sends (ovs-surface.md section 1a, "Columns written back"), as a
 * JSON array of RFC 7047 operations WITHOUT the final {@code {"op":"assert","lock":"ovs_vswitchd"}} (the session
 * layer appends it). Pure functions of the snapshot, the mapping and the switch's status.
 *
 * <p>Every update holds only the columns whose value differs from the database's ({@link RowUpdate}), so an
 * unchanged state writes nothing: the daemon may call these after every database change without feeding an
 * update → reconfigure loop, and sends nothing when the array is empty.
 *
 * <p>Interface rows: for each interface of the status, its row's {@code ofport}, {@code error} (cleared with the
 * empty set), {@code admin_state}, {@code link_state}, {@code link_speed}, {@code mtu}, {@code mac_in_use},
 * {@code ifindex}, {@code statistics} and {@code status} (a status value of null means unknown: not written).
 * An interface with {@code ofport=-1}, and every row of {@link MappedDb#rowProblems}, gets {@code ofport=-1}, its
 * {@code error}, and those status columns cleared, as bridge.c {@code iface_clear_db_record} does. Bridge rows:
 * {@code datapath_id} and {@code datapath_version} ("&lt;built-in&gt;", as for OVS's userspace datapath).
 * Open_vSwitch: {@code cur_cfg := next_cfg} when asked.
 */
public final class WriteBack {
    /** Bridge.datapath_version as ovs-vswitchd writes it for the userspace (netdev) datapath. */
    public static final String DATAPATH_VERSION = "<built-in>";
    /** The status columns bridge.c iface_clear_db_record empties for an interface that could not be added. */
    static final List<String> CLEARED_ON_FAILURE = List.of("admin_state", "link_state", "link_speed", "mtu",
            "mac_in_use", "ifindex", "duplex", "link_resets", "lacp_current");
    /** The same for the map columns (ovsdb-server wants {@code ["map",[]]} there, not the empty set). */
    static final List<String> MAPS_CLEARED_ON_FAILURE = List.of("statistics", "status");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private WriteBack() {
    }

    /**
     * The reconfiguration transaction: interface state, bridge datapath ids, and {@code cur_cfg := m.nextCfg()}
     * when {@code writeCurCfg} (the daemon passes true once the configuration of {@code m} is applied). Empty when
     * nothing differs.
     */
    public static ArrayNode reconfigureOps(DbSnapshot db, MappedDb m, SwitchStatus st, boolean writeCurCfg) {
        ArrayNode ops = F.arrayNode();
        for (Target t : targets(db, m, st)) {
            RowUpdate u = new RowUpdate("Interface", t.uuid(), t.row());
            if (t.status().ofport() < 0) {
                failed(u, t.status().error());
            } else {
                working(u, t.status());
            }
            add(ops, u);
        }
        for (Map.Entry<String, String> e : new TreeMap<>(st.datapathIds()).entrySet()) {
            UUID uuid = m.bridgeUuids().get(e.getKey());
            ObjectNode row = uuid == null ? null : db.row("Bridge", uuid);
            if (row != null) {
                add(ops, new RowUpdate("Bridge", uuid, row).set("datapath_id", OvsdbDatum.optional(e.getValue()))
                        .set("datapath_version", F.textNode(DATAPATH_VERSION)));
            }
        }
        ObjectNode ovs = m.ovsRow() == null ? null : db.row("Open_vSwitch", m.ovsRow());
        if (writeCurCfg && ovs != null) {
            add(ops, new RowUpdate("Open_vSwitch", m.ovsRow(), ovs).set("cur_cfg", F.numberNode(m.nextCfg())));
        }
        return ops;
    }

    /**
     * The periodic statistics transaction: {@code statistics}, {@code link_state} and {@code status} of the working
     * interfaces, where they differ. Empty when nothing differs.
     */
    public static ArrayNode statisticsOps(DbSnapshot db, MappedDb m, SwitchStatus st) {
        ArrayNode ops = F.arrayNode();
        for (Target t : targets(db, m, st)) {
            if (t.status().ofport() >= 0) {
                RowUpdate u = new RowUpdate("Interface", t.uuid(), t.row());
                statistics(u, t.status());
                setIfKnown(u, "link_state", t.status().linkState());
                status(u, t.status());
                add(ops, u);
            }
        }
        return ops;
    }

    /**
     * What ovs-vswitchd writes once at start ({@code bridge.c discover_types}): the interface and datapath types
     * it supports. Empty when there is no Open_vSwitch row.
     */
    public static ArrayNode startupOps(UUID ovsRow, Collection<String> ifaceTypes, Collection<String> datapathTypes) {
        ArrayNode ops = F.arrayNode();
        if (ovsRow != null) {
            ObjectNode noRow = F.objectNode();
            add(ops, new RowUpdate("Open_vSwitch", ovsRow, noRow)
                    .set("iface_types", OvsdbDatum.set(new TreeSet<>(ifaceTypes)))
                    .set("datapath_types", OvsdbDatum.set(new TreeSet<>(datapathTypes))));
        }
        return ops;
    }

    /** An Interface row to write and the state to write into it. */
    private record Target(String name, UUID uuid, ObjectNode row, InterfaceStatus status) {
    }

    /** The status's interfaces (by the row mapped under each name) and the problem rows, by name then uuid. */
    private static List<Target> targets(DbSnapshot db, MappedDb m, SwitchStatus st) {
        List<Target> out = new ArrayList<>();
        for (Map.Entry<String, InterfaceStatus> e : st.interfaces().entrySet()) {
            UUID uuid = m.interfaceUuids().get(e.getKey());
            ObjectNode row = uuid == null ? null : db.row("Interface", uuid);
            if (row != null && !m.rowProblems().containsKey(uuid)) {
                out.add(new Target(e.getKey(), uuid, row, e.getValue()));
            }
        }
        for (Map.Entry<UUID, String> e : m.rowProblems().entrySet()) {
            ObjectNode row = db.row("Interface", e.getKey());
            if (row != null) {
                String name;
                try {
                    name = OvsdbDatum.string(row.get("name"));
                } catch (MalformedDatumException ex) {
                    name = "";
                }
                out.add(new Target(name, e.getKey(), row, InterfaceStatus.failed(e.getValue())));
            }
        }
        out.sort(Comparator.comparing(Target::name).thenComparing(Target::uuid));
        return out;
    }

    private static void failed(RowUpdate u, String error) {
        u.set("ofport", F.numberNode(-1L)).set("error", OvsdbDatum.optional(error));
        for (String column : CLEARED_ON_FAILURE) {
            u.set(column, OvsdbDatum.emptySet());
        }
        for (String column : MAPS_CLEARED_ON_FAILURE) {
            u.set(column, OvsdbDatum.map(Map.of()));
        }
    }

    private static void working(RowUpdate u, InterfaceStatus s) {
        u.set("ofport", F.numberNode((long) s.ofport())).set("error", OvsdbDatum.optional(s.error()));
        setIfKnown(u, "admin_state", s.adminState());
        setIfKnown(u, "link_state", s.linkState());
        setIfKnown(u, "link_speed", s.linkSpeed());
        setIfKnown(u, "mtu", s.mtu());
        setIfKnown(u, "mac_in_use", s.macInUse());
        setIfKnown(u, "ifindex", s.ifindex());
        statistics(u, s);
        status(u, s);
    }

    /** The {@code status} map when known (null: not written), keys in order. */
    private static void status(RowUpdate u, InterfaceStatus s) {
        if (s.status() != null) {
            u.set("status", OvsdbDatum.map(new TreeMap<>(s.status())));
        }
    }

    /** The counters the status gives (none: not written), keys in order. */
    private static void statistics(RowUpdate u, InterfaceStatus s) {
        if (!s.statistics().isEmpty()) {
            u.set("statistics", OvsdbDatum.map(new TreeMap<>(s.statistics())));
        }
    }

    private static void setIfKnown(RowUpdate u, String column, Object value) {
        if (value != null) {
            JsonNode v = OvsdbDatum.atomNode(value);
            u.set(column, v);
        }
    }

    private static void add(ArrayNode ops, RowUpdate u) {
        if (!u.isEmpty()) {
            ops.add(u.op());
        }
    }
}
