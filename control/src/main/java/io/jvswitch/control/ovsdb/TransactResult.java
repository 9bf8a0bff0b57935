package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Reads a {@code transact} result (RFC 7047 §4.1.3). The JSON-RPC reply succeeds even when the transaction does
 * not: the result array then holds an {@code {"error":...,"details":...}} object at the failed operation (later
 * operations are {@code null}), or one extra element after the last operation when the commit itself failed
 * (e.g. a constraint violation). Any such error fails the whole transaction, named by operation.
 */
final class TransactResult {
    private TransactResult() {
    }

    /**
     * Returns {@code result} when no operation failed.
     *
     * @param ops    the operations sent, the trailing lock assertion included
     * @param result the reply's result
     * @throws OvsdbException naming the first failed operation and the server's error and details
     */
    static JsonNode check(ArrayNode ops, JsonNode result) {
        if (!result.isArray()) {
            throw new OvsdbException("transaction reply is not an array: " + JsonRpcConnection.abbreviate(result),
                    result);
        }
        for (int i = 0; i < result.size(); i++) {
            JsonNode r = result.get(i);
            JsonNode error = r == null ? null : r.get("error");
            if (error == null || error.isNull()) continue;
            String where;
            if (i < ops.size()) {
                JsonNode op = ops.get(i);
                String table = op.path("table").asText("");
                where = "operation " + i + " (" + op.path("op").asText("?") + (table.isEmpty() ? "" : " " + table)
                        + ")";
            } else {
                where = "commit";
            }
            throw new OvsdbException("transaction failed at " + where + ": " + OvsdbException.describe(r), r);
        }
        return result;
    }
}
