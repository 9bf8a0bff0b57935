package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;

/**
 * One RFC 7047 {@code update} operation on one row, holding only the columns whose new value differs from the
 * row's current one ({@link OvsdbDatum#sameValue}; a column absent from the row has its default value). So writing
 * back an unchanged state produces no operation, and the database sees no change that would wake anyone.
 */
final class RowUpdate {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String table;
    private final UUID uuid;
    private final ObjectNode current;
    private final ObjectNode changes = F.objectNode();

    RowUpdate(String table, UUID uuid, ObjectNode current) {
        this.table = table;
        this.uuid = uuid;
        this.current = current;
    }

    /** Sets {@code column} to {@code value} unless it already has that value. */
    RowUpdate set(String column, JsonNode value) {
        if (!OvsdbDatum.sameValue(current.get(column), value)) {
            changes.set(column, value);
        }
        return this;
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    /** {@code {"op":"update","table":T,"where":[["_uuid","==",["uuid",U]]],"row":{...}}}. */
    ObjectNode op() {
        ObjectNode op = F.objectNode();
        op.put("op", "update");
        op.put("table", table);
        op.set("where", F.arrayNode().add(F.arrayNode().add("_uuid").add("==").add(OvsdbDatum.uuid(uuid))));
        op.set("row", changes);
        return op;
    }
}
