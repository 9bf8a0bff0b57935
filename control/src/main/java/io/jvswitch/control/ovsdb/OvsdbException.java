package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A failed OVSDB request: a JSON-RPC error reply, an error in a {@code transact} result array, or a request that
 * could not be sent (not connected, lock not held, connection closed). {@link #error()} holds the server's error
 * object (RFC 7047: {@code {"error":..., "details":...}}) when there is one.
 */
public final class OvsdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient JsonNode error;

    public OvsdbException(String message, JsonNode error) {
        super(message);
        this.error = error;
    }

    public OvsdbException(String message) {
        this(message, null);
    }

    /** The server's error JSON, or null when the failure was local. */
    public JsonNode error() {
        return error;
    }

    /** "error: details" of an RFC 7047 error object (or its JSON text when it has another shape). */
    static String describe(JsonNode error) {
        if (error == null || error.isNull()) return "unknown error";
        if (error.isObject() && error.has("error")) {
            String text = error.path("error").asText();
            JsonNode details = error.get("details");
            return details == null || details.isNull() ? text : text + ": " + details.asText();
        }
        return error.isTextual() ? error.asText() : error.toString();
    }
}
