package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Result arrays as ovsdb-server 3.1 sent them (captured). */
class TransactResultTest {
    private static JsonNode json(String text) throws Exception {
        return JsonRpcConnection.JSON.readTree(text);
    }

    private static final String OPS = "[{\"op\":\"update\",\"table\":\"Open_vSwitch\",\"where\":[],\"row\":{}},"
            + "{\"op\":\"assert\",\"lock\":\"ovs_vswitchd\"}]";

    @Test
    void successReturnsTheResult() throws Exception {
        JsonNode result = json("[{\"count\":1},{}]");
        assertSame(result, TransactResult.check((ArrayNode) json(OPS), result));
    }

    @Test
    void anOperationErrorFailsNamingTheOperation() throws Exception {
        JsonNode result = json("[{\"count\":1},{\"details\":\"Asserted lock ovs_vswitchd not held.\","
                + "\"error\":\"not owner\"}]");
        OvsdbException e = assertThrows(OvsdbException.class, () -> TransactResult.check((ArrayNode) json(OPS),
                result));
        assertEquals("transaction failed at operation 1 (assert): not owner: Asserted lock ovs_vswitchd not held.",
                e.getMessage());
        assertEquals("not owner", e.error().path("error").asText());
    }

    @Test
    void aSyntaxErrorBeforeLaterNullsAndACommitErrorFail() throws Exception {
        JsonNode syntax = json("[{\"syntax\":\"{}\",\"details\":\"No table named Nope.\",\"error\":\"syntax error\"},"
                + "null]");
        OvsdbException e = assertThrows(OvsdbException.class, () -> TransactResult.check((ArrayNode) json(OPS),
                syntax));
        assertTrue(e.getMessage().contains("operation 0 (update Open_vSwitch): syntax error: No table named Nope."),
                e.getMessage());
        JsonNode commit = json("[{\"count\":1},{},{\"error\":\"constraint violation\",\"details\":\"x\"}]");
        e = assertThrows(OvsdbException.class, () -> TransactResult.check((ArrayNode) json(OPS), commit));
        assertEquals("transaction failed at commit: constraint violation: x", e.getMessage());
    }
}
