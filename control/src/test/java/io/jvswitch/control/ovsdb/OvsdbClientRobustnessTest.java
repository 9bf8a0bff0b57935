package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against servers that misbehave (FakeOvsdbServer): it counts, drops the connection and retries. */
class OvsdbClientRobustnessTest {
    private static final OvsdbClientOptions FAST = OvsdbClientOptions.defaults()
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)).withProbeInterval(Duration.ZERO);

    private static void write(SocketChannel c, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) c.write(b);
    }

    private static boolean clientThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("ovsdb-client") && t.isAlive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"}{not json", "{not json}", "[1,2,3]", "\"a string\"", "{\"id\":1}",
        "{\"method\":7,\"id\":1}"})
    void garbageIsCountedAndTheClientReconnects(String garbage) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeOvsdbServer server = new FakeOvsdbServer(c -> write(c, garbage))) {
            OvsdbClient client = OvsdbClient.start(OvsdbRemote.parse(server.remote()), FAST, listener);
            try (client) {
                RecordingListener.awaitTrue("three connections", () -> server.accepted() >= 3);
                RecordingListener.awaitTrue("two malformed messages", () -> client.malformedMessages() >= 2);
                assertFalse(client.connected());
                assertFalse(client.lockHeld());
            }
            assertTrue(listener.calls.isEmpty(), "never established, nothing to report: " + listener.calls);
        }
        assertFalse(clientThreadAlive(), "close() joined the client's thread");
    }

    @Test
    void aReplyToNoRequestIsCountedAndASilentServerIsDroppedByTheProbe() throws Exception {
        RecordingListener listener = new RecordingListener();
        OvsdbClientOptions probing = FAST.withProbeInterval(Duration.ofMillis(100));
        try (FakeOvsdbServer server = new FakeOvsdbServer(c -> write(c,
                "{\"id\":12345,\"result\":{},\"error\":null}"))) {
            try (OvsdbClient client = OvsdbClient.start(OvsdbRemote.parse(server.remote()), probing, listener)) {
                RecordingListener.awaitTrue("a reconnection after an unanswered probe", () -> server.accepted() >= 2);
                assertTrue(client.malformedMessages() >= 1);
                assertFalse(client.connected());
            }
        }
    }

    @Test
    void theServersEchoRequestIsAnswered() throws Exception {
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        FakeOvsdbServer.Conversation echo = c -> {
            write(c, "{\"method\":\"echo\",\"params\":[\"x\",1],\"id\":\"e1\"}");
            try (MappingIterator<JsonNode> in = JsonRpcConnection.JSON.readerFor(JsonNode.class)
                    .readValues(Channels.newInputStream(c))) {
                while (in.hasNext()) {
                    JsonNode m = in.next();
                    if (m.path("id").asText().equals("e1")) {
                        reply.complete(m);
                        return;
                    }
                }
            }
        };
        try (FakeOvsdbServer server = new FakeOvsdbServer(echo);
             OvsdbClient client = OvsdbClient.start(OvsdbRemote.parse(server.remote()), FAST,
                     new RecordingListener())) {
            JsonNode m = reply.get(30, TimeUnit.SECONDS);
            assertEquals("[\"x\",1]", m.get("result").toString());
            assertTrue(m.get("error").isNull());
            assertFalse(m.has("method"));
            assertEquals(0, client.malformedMessages());
        }
    }
}
