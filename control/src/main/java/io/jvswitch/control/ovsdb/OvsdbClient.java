package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session with {@code ovsdb-server}, as {@code ovs-vswitchd}'s IDL holds it (ovs-surface.md §1a). Per
 * connection: {@code get_schema} of the database, then {@code lock} and RFC 7047 {@code monitor} of the columns
 * {@link MonitorColumns} picks from that schema; the monitor's initial contents and every {@code update}
 * notification feed a {@link Replica}. Snapshots go to the {@link Listener} only while the lock is held (a client
 * without the lock keeps its replica current, so it can act as soon as a {@code locked} notification comes).
 * Transactions end with {@code {"op":"assert","lock":...}} and fail unless the lock is held.
 *
 * <p>When the connection cannot be made or is lost (server gone, garbage received, probe unanswered, a request
 * of the handshake refused) the client reconnects after a back-off that doubles from {@code minBackoff} to
 * {@code maxBackoff} and is reset by a completed handshake; each new connection rebuilds the replica from scratch
 * and delivers a full snapshot. Problems are logged when they change, not at every attempt.
 *
 * <p>Threads: one Netty NIO event loop (daemon thread {@code ovsdb-client}) does all the work and calls the
 * listener; {@link #transact}, the getters and {@link #close} may be called from any thread.
 */
public final class OvsdbClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OvsdbClient.class.getName());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What the switch hears from the session; called on the client's thread, must not block for long. */
    public interface Listener {
        /** The database's monitored contents: after the initial snapshot and after every update, lock held. */
        void onSnapshot(DbSnapshot db);

        /**
         * The lock was granted ({@code held}), or refused or stolen ({@code why} says so, e.g. "another
         * ovs-vswitchd process is running"). A lost connection is reported by {@link #onDisconnected} only.
         */
        void onLockState(boolean held, String why);

        /** An established session (handshake completed) was lost; the client is reconnecting. */
        void onDisconnected(String why);
    }

    private final OvsdbRemote remote;
    private final OvsdbClientOptions options;
    private final Listener listener;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Replica replica = new Replica();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong malformedCount = new AtomicLong();
    private volatile JsonRpcConnection current;
    private volatile boolean established;
    private volatile boolean lockHeld;
    private volatile DbSnapshot snapshot = DbSnapshot.empty();
    private volatile JsonNode schema;
    private Duration backoff;
    private String lastProblem;

    private OvsdbClient(OvsdbRemote remote, OvsdbClientOptions options, Listener listener) {
        this.remote = remote;
        this.options = options;
        this.listener = listener;
        this.backoff = options.minBackoff();
        this.group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "ovsdb-client");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group)
                .channel(remote.isUnix() ? NioDomainSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        new JsonRpcConnection(new Session(), remote.toString(), options.probeInterval()).install(ch);
                    }
                });
    }

    /** Starts a client with {@link OvsdbClientOptions#defaults()}: it connects (and keeps reconnecting) by itself. */
    public static OvsdbClient start(OvsdbRemote remote, Listener listener) {
        return start(remote, OvsdbClientOptions.defaults(), listener);
    }

    public static OvsdbClient start(OvsdbRemote remote, OvsdbClientOptions options, Listener listener) {
        OvsdbClient client = new OvsdbClient(remote, options, listener);
        client.group.execute(client::connect);
        return client;
    }

    /**
     * Runs {@code ops} as one transaction of the database, with the lock assertion appended. Completes with the
     * result array (one element per operation, then the assertion's); fails with an {@link OvsdbException} when
     * not connected, when the lock is not held, when the connection is lost before the reply, or when any
     * operation or the commit failed (the message names the operation and carries the server's details).
     */
    public CompletableFuture<JsonNode> transact(ArrayNode ops) {
        JsonRpcConnection c = current;
        if (closed.get()) return CompletableFuture.failedFuture(new OvsdbException("OVSDB client is closed"));
        if (c == null || !established) {
            return CompletableFuture.failedFuture(new OvsdbException("not connected to " + remote));
        }
        if (!lockHeld) {
            return CompletableFuture.failedFuture(new OvsdbException("lock \"" + options.lockName()
                    + "\" not held: another ovs-vswitchd process is running"));
        }
        ArrayNode all = NODES.arrayNode();
        all.addAll(ops);
        all.addObject().put("op", "assert").put("lock", options.lockName());
        ArrayNode params = NODES.arrayNode();
        params.add(options.database());
        params.addAll(all);
        return c.request("transact", params).thenApply(result -> TransactResult.check(all, result));
    }

    /** True once the handshake (schema, lock request, initial monitor contents) completed, until it is lost. */
    public boolean connected() {
        return established;
    }

    public boolean lockHeld() {
        return lockHeld;
    }

    /** The latest snapshot (kept while disconnected; empty before the first). */
    public DbSnapshot snapshot() {
        return snapshot;
    }

    /** The server's schema of the database (get_schema result) of the latest connection, or null. */
    public JsonNode schema() {
        return schema;
    }

    /** Messages received that were not valid JSON-RPC, or replies to no request, over all connections. */
    public long malformedMessages() {
        return malformedCount.get();
    }

    public OvsdbRemote remote() {
        return remote;
    }

    /** Closes the connection and stops the client's thread (joined unless called on it); idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        JsonRpcConnection c = current;
        if (c != null) c.close("client closed");
        var done = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!group.next().inEventLoop()) done.awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "OvsdbClient[" + remote + (established ? ", connected" : "") + (lockHeld ? ", lock held" : "")
                + "]";
    }

    private void connect() {
        if (closed.get()) return;
        bootstrap.connect(remote.address()).addListener(f -> {
            if (!f.isSuccess()) problem("cannot connect to " + remote + ": " + f.cause().getMessage());
        });
    }

    /** Logs a problem when it differs from the last one, and schedules the next attempt. */
    private void problem(String what) {
        if (closed.get()) return;
        if (!what.equals(lastProblem)) {
            LOG.log(System.Logger.Level.WARNING, "{0}; retrying (back-off up to {1} ms)", what,
                    String.valueOf(options.maxBackoff().toMillis()));
            lastProblem = what;
        } else {
            LOG.log(System.Logger.Level.DEBUG, "{0}; retrying in {1} ms", what, String.valueOf(backoff.toMillis()));
        }
        long delay = backoff.toMillis();
        backoff = backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0 ? options.maxBackoff()
                : backoff.multipliedBy(2);
        try {
            group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ignored) {
            // close() raced us: nothing to retry
        }
    }

    private void setLock(boolean held, String why) {
        lockHeld = held;
        LOG.log(held ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "{0}: {1}", remote, why);
        try {
            listener.onLockState(held, why);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "OVSDB listener failed in onLockState", e);
        }
        if (held && established) deliver();
    }

    private void deliver() {
        try {
            listener.onSnapshot(snapshot);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "OVSDB listener failed in onSnapshot", e);
        }
    }

    /** The per-connection steps; every callback checks that its connection is still the current one. */
    private final class Session implements JsonRpcConnection.Events {
        private static final String OTHER_HOLDER = "another ovs-vswitchd process is running";
        private int monitoredTables;

        @Override
        public void opened(JsonRpcConnection c) {
            if (closed.get()) {
                c.close("client closed");
                return;
            }
            current = c;
            replica.clear();
            c.request("get_schema", NODES.arrayNode().add(options.database())).whenComplete((s, e) -> {
                if (current != c) return;
                if (e != null) {
                    c.close("get_schema " + options.database() + " failed: " + e.getMessage());
                    return;
                }
                schema = s;
                ObjectNode requests = MonitorColumns.requests(s, options.monitor());
                monitoredTables = requests.size();
                c.request("lock", NODES.arrayNode().add(options.lockName()))
                        .whenComplete((r, err) -> lockReply(c, r, err));
                c.request("monitor", NODES.arrayNode().add(options.database()).add(options.database()).add(requests))
                        .whenComplete((r, err) -> monitorReply(c, r, err));
            });
        }

        private void lockReply(JsonRpcConnection c, JsonNode r, Throwable e) {
            if (current != c) return;
            if (e != null) {
                c.close("lock " + options.lockName() + " failed: " + e.getMessage());
            } else if (r.path("locked").asBoolean(false)) {
                setLock(true, "lock \"" + options.lockName() + "\" acquired");
            } else {
                setLock(false, OTHER_HOLDER + " (it holds lock \"" + options.lockName()
                        + "\"); waiting until it goes away");
            }
        }

        private void monitorReply(JsonRpcConnection c, JsonNode r, Throwable e) {
            if (current != c) return;
            if (e != null) {
                c.close("monitor " + options.database() + " failed: " + e.getMessage());
                return;
            }
            if (!apply(c, r)) return;
            established = true;
            backoff = options.minBackoff();
            lastProblem = null;
            LOG.log(System.Logger.Level.INFO, "{0}: connected, monitoring {1} tables of {2}", remote,
                    monitoredTables, options.database());
            if (lockHeld) deliver();
        }

        private boolean apply(JsonRpcConnection c, JsonNode tableUpdates) {
            try {
                snapshot = replica.apply(tableUpdates);
                return true;
            } catch (IllegalArgumentException bad) {
                malformed(c, "a bad table update (" + bad.getMessage() + ")");
                c.close("protocol error: bad table update: " + bad.getMessage());
                return false;
            }
        }

        @Override
        public void notification(JsonRpcConnection c, String method, JsonNode params) {
            if (current != c) return;
            switch (method) {
                case "update" -> {
                    if (!established) return;
                    if (!params.isArray() || params.size() != 2) {
                        malformed(c, "an update notification without [id, updates]");
                        c.close("protocol error: bad update notification");
                    } else if (apply(c, params.get(1)) && lockHeld) {
                        deliver();
                    }
                }
                case "locked" -> {
                    if (params.path(0).asText().equals(options.lockName())) {
                        setLock(true, "lock \"" + options.lockName() + "\" acquired");
                    }
                }
                case "stolen" -> {
                    if (params.path(0).asText().equals(options.lockName())) {
                        setLock(false, OTHER_HOLDER + " (it stole lock \"" + options.lockName()
                                + "\"); disabling this process until it goes away");
                    }
                }
                default -> LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring notification {1}", remote, method);
            }
        }

        @Override
        public void malformed(JsonRpcConnection c, String what) {
            malformedCount.incrementAndGet();
        }

        @Override
        public void closed(JsonRpcConnection c, String why) {
            if (current != c) return;
            current = null;
            boolean was = established;
            established = false;
            lockHeld = false;
            if (closed.get()) return;
            if (was) {
                LOG.log(System.Logger.Level.WARNING, "{0}: connection lost: {1}; reconnecting", remote, why);
                try {
                    listener.onDisconnected(why);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "OVSDB listener failed in onDisconnected", e);
                }
            }
            problem(remote + ": " + why);
        }
    }
}
