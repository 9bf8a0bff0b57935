package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;

/**
 * An immutable copy of the monitored part of the {@code Open_vSwitch} database: for each table, its rows by
 * {@code _uuid}. A row is an {@link ObjectNode} of column name to value in RFC 7047 notation (an atom,
 * {@code ["set",[...]]}, {@code ["map",[[k,v],...]]}, {@code ["uuid","..."]}); a column absent from the row has
 * its default value (empty set or map, 0, "", false). Rows must not be modified.
 *
 * @param tables table name to (row uuid to row); tables with no rows may be absent
 */
public record DbSnapshot(Map<String, Map<UUID, ObjectNode>> tables) {
    public DbSnapshot {
        tables = tables == null ? Map.of() : Map.copyOf(tables);
    }

    public static DbSnapshot empty() {
        return new DbSnapshot(Map.of());
    }

    /** The rows of {@code table} (empty when it has none). */
    public Map<UUID, ObjectNode> rows(String table) {
        return tables.getOrDefault(table, Map.of());
    }

    /** One row, or null. */
    public ObjectNode row(String table, UUID uuid) {
        return rows(table).get(uuid);
    }
}
