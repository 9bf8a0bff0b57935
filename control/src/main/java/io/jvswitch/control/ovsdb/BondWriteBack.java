package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The bond columns ovs-vswitchd writes (issue 6): {@code Port.bond_active_slave} (the active member's MAC) and
 * {@code Interface.lacp_current} (members of LACP ports), only where they differ from the database ({@link RowUpdate},
 * as {@link WriteBack}); and, read back when a bond is created, the remembered active members.
 */
public final class BondWriteBack {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private BondWriteBack() {
    }

    /** By port name, {@code bond_active_slave} as the database has it (set, well-formed ones only). */
    public static Map<String, String> activeMemberHints(DbSnapshot db, MappedDb m) {
        Map<String, String> out = new HashMap<>();
        m.portUuids().forEach((name, uuid) -> {
            ObjectNode row = db.row("Port", uuid);
            try {
                String mac = row == null ? null : OvsdbDatum.optionalString(row.get("bond_active_slave"));
                if (mac != null && !mac.isEmpty()) {
                    out.put(name, mac);
                }
            } catch (MalformedDatumException e) {
                // not a string: no hint
            }
        });
        return out;
    }

    /**
     * @param activeMembers by bond port name, the active member's MAC
     * @param lacpCurrent   by member interface name, whether LACP is current
     */
    public static ArrayNode ops(DbSnapshot db, MappedDb m, Map<String, String> activeMembers,
            Map<String, Boolean> lacpCurrent) {
        ArrayNode ops = F.arrayNode();
        activeMembers.forEach((port, mac) -> add(ops, db, "Port", m.portUuids().get(port), "bond_active_slave",
                mac));
        lacpCurrent.forEach((iface, current) -> add(ops, db, "Interface", m.interfaceUuids().get(iface),
                "lacp_current", current));
        return ops;
    }

    private static void add(ArrayNode ops, DbSnapshot db, String table, UUID uuid, String column, Object value) {
        ObjectNode row = uuid == null ? null : db.row(table, uuid);
        if (row == null) {
            return;
        }
        RowUpdate u = new RowUpdate(table, uuid, row).set(column, OvsdbDatum.atomNode(value));
        if (!u.isEmpty()) {
            ops.add(u.op());
        }
    }
}
