package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.json.JsonObjectDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One JSON-RPC 1.0 connection as Open vSwitch speaks it (RFC 7047 §4, {@code lib/jsonrpc.c}): a stream of JSON
 * objects without delimiters, framed by Netty's {@link JsonObjectDecoder} and parsed into Jackson trees.
 * Requests get numeric ids and futures completed by the reply with that id (an {@code error} reply completes
 * exceptionally with an {@link OvsdbException}); the server's {@code echo} requests are answered; notifications
 * go to {@link Events}. Input that is not a JSON-RPC message is counted, logged and ends the connection (the
 * stream cannot be trusted after it, as in OVS); a reply with an unknown id is counted and dropped. When the
 * connection closes, every pending request fails.
 *
 * <p>Inactivity probe as {@code lib/jsonrpc.c} does it: after {@code probeInterval} without input an
 * {@code echo} is sent; when another interval passes still without input the connection is dropped.
 *
 * <p>Everything but {@link #request} and {@link #close} runs on the channel's event loop.
 */
final class JsonRpcConnection extends ChannelInboundHandlerAdapter {
    /** Largest message accepted: an initial snapshot of a big host is tens of MiB. */
    static final int MAX_MESSAGE_BYTES = 64 << 20;
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final System.Logger LOG = System.getLogger(JsonRpcConnection.class.getName());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PROBE_ID = "echo";

    /** What the owner of the connection hears, on the event loop. */
    interface Events {
        void opened(JsonRpcConnection connection);

        void notification(JsonRpcConnection connection, String method, JsonNode params);

        /** Input that is not valid JSON-RPC (already logged); counted by the owner. */
        void malformed(JsonRpcConnection connection, String what);

        void closed(JsonRpcConnection connection, String why);
    }

    private final Events events;
    private final String peer;
    private final long probeNanos;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private volatile Channel channel;
    private volatile String closeReason;
    private long lastInputNanos;
    private long probeSentNanos;
    private ScheduledFuture<?> probeTask;

    JsonRpcConnection(Events events, String peer, Duration probeInterval) {
        this.events = events;
        this.peer = peer;
        this.probeNanos = probeInterval.toNanos();
    }

    /** Adds the framing, activity tracking and this handler to a new channel's pipeline. */
    void install(Channel ch) {
        ch.pipeline().addLast("activity", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                lastInputNanos = System.nanoTime();
                ctx.fireChannelRead(msg);
            }
        });
        ch.pipeline().addLast("framing", new JsonObjectDecoder(MAX_MESSAGE_BYTES));
        ch.pipeline().addLast("jsonrpc", this);
    }

    /** Sends a request; the future completes with its result (any thread may call). */
    CompletableFuture<JsonNode> request(String method, ArrayNode params) {
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        Channel ch = channel;
        if (ch == null || closeReason != null) {
            reply.completeExceptionally(new OvsdbException("not connected to " + peer
                    + (closeReason == null ? "" : ": " + closeReason)));
            return reply;
        }
        long id = nextId.incrementAndGet();
        ObjectNode message = NODES.objectNode();
        message.put("method", method);
        message.set("params", params);
        message.put("id", id);
        pending.put(id, reply);
        send(ch, message).addListener(f -> {
            if (!f.isSuccess()) {
                pending.remove(id);
                reply.completeExceptionally(new OvsdbException("cannot send " + method + " to " + peer + ": "
                        + (closeReason != null ? closeReason : f.cause())));
            }
        });
        return reply;
    }

    /** Closes the connection (idempotent); pending requests fail with {@code why}. */
    void close(String why) {
        if (closeReason == null) closeReason = why;
        Channel ch = channel;
        if (ch != null) ch.close();
    }

    String peer() {
        return peer;
    }

    private static ChannelFuture send(Channel ch, ObjectNode message) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
        return ch.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        lastInputNanos = System.nanoTime();
        if (probeNanos > 0) {
            long tick = Math.max(probeNanos / 4, TimeUnit.MILLISECONDS.toNanos(10));
            probeTask = ctx.executor().scheduleAtFixedRate(this::probe, tick, tick, TimeUnit.NANOSECONDS);
        }
        events.opened(this);
        ctx.fireChannelActive();
    }

    private void probe() {
        long now = System.nanoTime();
        if (probeSentNanos != 0 && lastInputNanos - probeSentNanos < 0) {
            if (now - probeSentNanos >= probeNanos) {
                close("no response to inactivity probe after " + TimeUnit.NANOSECONDS.toMillis(probeNanos)
                        + " ms");
            }
        } else if (now - lastInputNanos >= probeNanos) {
            probeSentNanos = now;
            ObjectNode echo = NODES.objectNode();
            echo.put("method", "echo");
            echo.putArray("params");
            echo.put("id", PROBE_ID);
            send(channel, echo);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        JsonNode message;
        try {
            message = JSON.readTree(new ByteBufInputStream((ByteBuf) msg));
        } catch (IOException e) {
            malformed("input that is not JSON (" + firstLine(e.getMessage()) + ")", true);
            return;
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (closeReason != null) return;
        if (message == null || !message.isObject()) {
            malformed("a JSON-RPC message that is not an object: " + abbreviate(message), true);
            return;
        }
        dispatch((ObjectNode) message);
    }

    private void dispatch(ObjectNode message) {
        JsonNode method = message.get("method");
        JsonNode id = message.get("id");
        boolean hasId = id != null && !id.isNull();
        if (method != null && !method.isNull()) {
            if (!method.isTextual()) {
                malformed("a message whose method is not a string: " + abbreviate(message), true);
            } else if (!hasId) {
                events.notification(this, method.asText(), message.path("params"));
            } else {
                answer(method.asText(), id, message.get("params"));
            }
            return;
        }
        if (!message.has("result") && !message.has("error")) {
            malformed("a message that is neither request, notification nor reply: " + abbreviate(message), true);
            return;
        }
        if (hasId && id.isTextual() && PROBE_ID.equals(id.asText())) return;
        CompletableFuture<JsonNode> reply = hasId && id.canConvertToLong() ? pending.remove(id.asLong()) : null;
        if (reply == null) {
            malformed("a reply with an unknown id: " + abbreviate(message), false);
            return;
        }
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            reply.completeExceptionally(new OvsdbException(OvsdbException.describe(error), error));
        } else {
            reply.complete(message.path("result"));
        }
    }

    private void answer(String method, JsonNode id, JsonNode params) {
        ObjectNode reply = NODES.objectNode();
        reply.set("id", id);
        if (method.equals("echo")) {
            reply.set("result", params == null ? NODES.arrayNode() : params);
            reply.putNull("error");
        } else {
            LOG.log(System.Logger.Level.DEBUG, "{0}: request \"{1}\" not supported", peer, method);
            reply.putNull("result");
            reply.putObject("error").put("error", "unknown method").put("details", method);
        }
        send(channel, reply);
    }

    private void malformed(String what, boolean fatal) {
        LOG.log(System.Logger.Level.WARNING, "{0}: received {1}{2}", peer, what,
                fatal ? "; dropping the connection" : "");
        events.malformed(this, what);
        if (fatal) close("protocol error: received " + what);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            malformed("input that is not a JSON object stream (" + firstLine(cause.getMessage()) + ")", true);
        } else {
            close(firstLine(String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause)));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closeReason == null) closeReason = "connection closed by " + peer;
        if (probeTask != null) probeTask.cancel(false);
        for (Long id : new ArrayList<>(pending.keySet())) {
            CompletableFuture<JsonNode> reply = pending.remove(id);
            if (reply != null) reply.completeExceptionally(new OvsdbException(peer + ": " + closeReason));
        }
        events.closed(this, closeReason);
        ctx.fireChannelInactive();
    }

    static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static String firstLine(String text) {
        if (text == null) return "";
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
