package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The client's copy of the monitored tables, fed with RFC 7047 {@code <table-updates>} (the {@code monitor}
 * reply and each {@code update} notification) and published as immutable {@link DbSnapshot}s.
 *
 * <p>Monitor v1 semantics, checked against ovsdb-server 3.1: a row update's {@code new} holds <em>every</em>
 * monitored column of the row after the change (for an insert and for a modify alike; {@code old} holds only the
 * changed columns' previous values), and a delete has only {@code old}. So a row is replaced whole by its
 * {@code new} object, never merged, and a published row is never modified afterwards. Only tables an update
 * touched are copied for the next snapshot; the others are shared with the previous one.
 *
 * <p>Not thread-safe: used on the client's event loop only.
 */
final class Replica {
    private final Map<String, Map<UUID, ObjectNode>> tables = new HashMap<>();
    private DbSnapshot published = DbSnapshot.empty();

    /** Forgets everything (a new connection's initial contents follow). */
    void clear() {
        tables.clear();
        published = DbSnapshot.empty();
    }

    /**
     * Applies one {@code <table-updates>} object and returns the new snapshot.
     *
     * @throws IllegalArgumentException when the update is not shaped as RFC 7047 says (the replica is then
     *                                  partly updated: the caller drops the connection and starts over)
     */
    DbSnapshot apply(JsonNode tableUpdates) {
        if (!tableUpdates.isObject()) throw new IllegalArgumentException("table-updates is not an object");
        Set<String> touched = new HashSet<>();
        for (Map.Entry<String, JsonNode> table : tableUpdates.properties()) {
            if (!table.getValue().isObject()) {
                throw new IllegalArgumentException("table-update of " + table.getKey() + " is not an object");
            }
            Map<UUID, ObjectNode> rows = tables.computeIfAbsent(table.getKey(), k -> new HashMap<>());
            for (Map.Entry<String, JsonNode> row : table.getValue().properties()) {
                UUID uuid;
                try {
                    uuid = UUID.fromString(row.getKey());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bad row uuid \"" + row.getKey() + "\"", e);
                }
                JsonNode fresh = row.getValue().get("new");
                if (fresh == null || fresh.isNull()) {
                    rows.remove(uuid);
                } else if (fresh.isObject()) {
                    rows.put(uuid, (ObjectNode) fresh);
                } else {
                    throw new IllegalArgumentException("row " + uuid + ": \"new\" is not an object");
                }
            }
            touched.add(table.getKey());
        }
        if (touched.isEmpty() && !published.tables().isEmpty()) return published;
        Map<String, Map<UUID, ObjectNode>> next = new HashMap<>(published.tables());
        for (String table : touched) {
            Map<UUID, ObjectNode> rows = tables.get(table);
            if (rows.isEmpty()) {
                next.remove(table);
            } else {
                next.put(table, Map.copyOf(rows));
            }
        }
        published = new DbSnapshot(next);
        return published;
    }

    DbSnapshot snapshot() {
        return published;
    }
}
