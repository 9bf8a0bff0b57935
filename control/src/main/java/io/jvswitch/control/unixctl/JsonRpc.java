package io.jvswitch.control.unixctl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON-RPC 1.0 messages as Open vSwitch's {@code lib/jsonrpc.c} frames them on a stream socket: one JSON object
 * after another, no length prefix and no delimiter (a reader parses object by object). A message has the members
 * {@code method}, {@code params}, {@code result}, {@code error}, {@code id}; an absent member and {@code null} are
 * the same. A request has {@code method}, {@code params} (an array) and a non-null {@code id}; a reply has
 * {@code result} and {@code error} (one of them null) and the request's {@code id}, copied verbatim.
 *
 * <p>Parsing and writing use Jackson's streaming core (docs/decisions/0004); the {@code id} is kept as its JSON
 * text so any JSON value round-trips exactly.
 */
public final class JsonRpc {
    static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private JsonRpc() {
    }

    /**
     * One received message. {@code params} holds each parameter's string value, or null for a parameter that is
     * not a JSON string; {@code id} is the id's JSON text (null when absent or null); {@code result} and
     * {@code error} are string values (null when absent, null, or not a string: see {@code nonStringMember}).
     */
    public record Message(String method, List<String> params, boolean hasParams, String id, String result,
                          String error, String nonStringMember) {
        public boolean isRequest() {
            return method != null && id != null;
        }
    }

    /** A stream that is not a valid JSON-RPC message sequence. */
    public static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    /** A parser over a byte stream of messages (the caller closes the stream). */
    public static JsonParser parser(InputStream in) throws IOException {
        return JSON.createParser(in);
    }

    /** Reads the next message, or returns null at end of stream. */
    public static Message read(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new ProtocolException("message is not a JSON object");
        }
        String method = null;
        List<String> params = null;
        String id = null;
        String result = null;
        String error = null;
        String nonString = null;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "method" -> {
                    if (v != JsonToken.VALUE_STRING) {
                        throw new ProtocolException("method is not a JSON string");
                    }
                    method = p.getText();
                }
                case "params" -> {
                    if (v == JsonToken.VALUE_NULL) {
                        break;
                    }
                    if (v != JsonToken.START_ARRAY) {
                        throw new ProtocolException("\"params\" must be JSON array");
                    }
                    params = new ArrayList<>();
                    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (v == JsonToken.VALUE_STRING) {
                            params.add(p.getText());
                        } else {
                            p.skipChildren();
                            params.add(null);
                        }
                    }
                }
                case "id" -> id = v == JsonToken.VALUE_NULL ? null : copy(p);
                case "result", "error" -> {
                    String s = null;
                    if (v == JsonToken.VALUE_STRING) {
                        s = p.getText();
                    } else if (v != JsonToken.VALUE_NULL) {
                        p.skipChildren();
                        nonString = name;
                    }
                    if (name.equals("result")) {
                        result = s;
                    } else {
                        error = s;
                    }
                }
                default -> throw new ProtocolException("message has unexpected member \"" + name + "\"");
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new ProtocolException("malformed message");
        }
        return new Message(method, params == null ? List.of() : params, params != null, id, result, error,
                nonString);
    }

    private static String copy(JsonParser p) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.copyCurrentStructure(p);
        }
        return w.toString();
    }

    /** A request {@code {"method":...,"params":[...],"id":id}} as bytes. */
    public static byte[] request(String method, List<String> params, long id) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("method", method);
            g.writeArrayFieldStart("params");
            for (String s : params) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeNumberField("id", id);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * A reply to the request whose id was {@code idJson}: {@code {"id":..,"result":text,"error":null}} on success,
     * {@code {"id":..,"result":null,"error":text}} on error (exactly one of {@code result}, {@code error} non-null).
     */
    public static byte[] reply(String idJson, String result, String error) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("id");
            g.writeRawValue(idJson);
            writeNullable(g, "result", result);
            writeNullable(g, "error", error);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeNullable(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    /** Writes all bytes and flushes. */
    static void send(OutputStream out, byte[] msg) throws IOException {
        out.write(msg);
        out.flush();
    }
}
