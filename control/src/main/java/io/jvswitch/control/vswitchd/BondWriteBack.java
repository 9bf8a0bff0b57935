package io.jvswitch.control.vswitchd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvswitch.control.bond.BondController;
import io.jvswitch.control.ovsdb.DbSnapshot;
import io.jvswitch.control.ovsdb.MappedDb;
import io.jvswitch.control.ovsdb.OvsdbDatum;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The bond columns ovs-vswitchd writes (issue 6): {@code Port.bond_active_slave} (the active member's MAC) and
 * {@code Interface.lacp_current} (LACP ports' members), only where they differ from the database; and, read back at
 * start, the remembered active members.
 */
final class BondWriteBack {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private BondWriteBack() {
    }

    /** By port name, {@code bond_active_slave} as the database has it (set ones only). */
    static Map<String, String> activeMemberHints(DbSnapshot db, MappedDb m) {
        Map<String, String> out = new HashMap<>();
        m.portUuids().forEach((name, uuid) -> {
            ObjectNode row = db.row("Port", uuid);
            String mac = row == null ? null : safeString(row.get("bond_active_slave"));
            if (mac != null && !mac.isEmpty()) {
                out.put(name, mac);
            }
        });
        return out;
    }

    static ArrayNode ops(DbSnapshot db, MappedDb m, BondController bonds) {
        ArrayNode ops = F.arrayNode();
        Map<String, String> active = bonds.activeMemberMacs();
        active.forEach((port, mac) -> {
            UUID u = m.portUuids().get(port);
            ObjectNode row = u == null ? null : db.row("Port", u);
            if (row != null && !mac.equals(safeString(row.get("bond_active_slave")))) {
                ops.add(update("Port", u, "bond_active_slave", F.textNode(mac)));
            }
        });
        bonds.lacpCurrent().forEach((iface, current) -> {
            UUID u = m.interfaceUuids().get(iface);
            ObjectNode row = u == null ? null : db.row("Interface", u);
            if (row != null && !Boolean.valueOf(current).equals(safeBool(row.get("lacp_current")))) {
                ops.add(update("Interface", u, "lacp_current", F.booleanNode(current)));
            }
        });
        return ops;
    }

    private static ObjectNode update(String table, UUID uuid, String column, JsonNode value) {
        ObjectNode op = F.objectNode();
        op.put("op", "update");
        op.put("table", table);
        ArrayNode where = op.putArray("where").addArray();
        where.add("_uuid").add("==").add(OvsdbDatum.uuid(uuid));
        op.putObject("row").set(column, value);
        return op;
    }

    private static String safeString(JsonNode n) {
        try {
            return n == null ? null : OvsdbDatum.optionalString(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Boolean safeBool(JsonNode n) {
        try {
            if (n == null) {
                return null;
            }
            java.util.List<Object> atoms = OvsdbDatum.atoms(n);
            return atoms.isEmpty() ? null : (Boolean) atoms.getFirst();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
