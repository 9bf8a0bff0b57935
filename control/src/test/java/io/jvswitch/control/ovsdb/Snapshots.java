package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Test snapshots: from a {@code monitor} reply as ovsdb-server sends it (table → uuid → {"new": row}), captured
 * from a private ovsdb-server 3.1 ({@code monitor-*.json}: see the test class comments), and edited copies.
 */
final class Snapshots {
    static final ObjectMapper JSON = new ObjectMapper();

    private Snapshots() {
    }

    /** A captured monitor reply under src/test/resources/io/jvswitch/control/ovsdb. */
    static DbSnapshot resource(String name) {
        try (InputStream in = Snapshots.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return fromTableUpdates(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A monitor reply (table-updates) written in a test; single quotes stand for double quotes. */
    static DbSnapshot parse(String json) {
        try {
            return fromTableUpdates(JSON.readTree(json.replace('\'', '"')));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DbSnapshot fromTableUpdates(JsonNode updates) {
        Map<String, Map<UUID, ObjectNode>> tables = new HashMap<>();
        updates.properties().forEach(t -> {
            Map<UUID, ObjectNode> rows = new LinkedHashMap<>();
            t.getValue().properties().forEach(r -> rows.put(UUID.fromString(r.getKey()),
                    (ObjectNode) r.getValue().get("new")));
            tables.put(t.getKey(), rows);
        });
        return new DbSnapshot(tables);
    }

    /** The uuid of the row of {@code table} whose name is {@code name}. */
    static UUID uuidOf(DbSnapshot db, String table, String name) {
        return db.rows(table).entrySet().stream().filter(e -> name.equals(e.getValue().path("name").asText()))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError(table + " " + name));
    }

    /** A copy of {@code db} where the named row's {@code column} is {@code value} (JSON, single quotes). */
    static DbSnapshot with(DbSnapshot db, String table, String name, String column, String value) {
        return withRow(db, table, uuidOf(db, table, name), column, json(value));
    }

    static DbSnapshot withRow(DbSnapshot db, String table, UUID uuid, String column, JsonNode value) {
        Map<String, Map<UUID, ObjectNode>> tables = copy(db);
        ObjectNode row = tables.get(table).get(uuid).deepCopy();
        row.set(column, value);
        tables.get(table).put(uuid, row);
        return new DbSnapshot(tables);
    }

    /** A copy of {@code db} with a row added (or replaced). */
    static DbSnapshot plus(DbSnapshot db, String table, UUID uuid, String row) {
        Map<String, Map<UUID, ObjectNode>> tables = copy(db);
        tables.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(uuid, (ObjectNode) json(row));
        return new DbSnapshot(tables);
    }

    /** What ovsdb-server does with a transaction of {@code update} operations: the snapshot after it. */
    static DbSnapshot apply(DbSnapshot db, JsonNode ops) {
        Map<String, Map<UUID, ObjectNode>> tables = copy(db);
        for (JsonNode op : ops) {
            if (!"update".equals(op.path("op").asText())) {
                throw new AssertionError("not an update: " + op);
            }
            JsonNode where = op.get("where");
            if (where.size() != 1 || !"_uuid".equals(where.get(0).get(0).asText())
                    || !"==".equals(where.get(0).get(1).asText())) {
                throw new AssertionError("where is not [[_uuid,==,uuid]]: " + where);
            }
            UUID uuid = (UUID) OvsdbDatum.atom(where.get(0).get(2));
            ObjectNode row = tables.get(op.get("table").asText()).get(uuid).deepCopy();
            op.get("row").properties().forEach(c -> row.set(c.getKey(), c.getValue()));
            tables.get(op.get("table").asText()).put(uuid, row);
        }
        return new DbSnapshot(tables);
    }

    private static Map<String, Map<UUID, ObjectNode>> copy(DbSnapshot db) {
        Map<String, Map<UUID, ObjectNode>> tables = new HashMap<>();
        db.tables().forEach((t, rows) -> tables.put(t, new LinkedHashMap<>(rows)));
        return tables;
    }
}
