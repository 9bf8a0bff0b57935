package io.jvswitch.control.unixctl;

import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The control socket: OVS's unixctl protocol on a Unix-domain stream socket, so that unmodified
 * {@code ovs-appctl -t /path/to/jvswitch.ctl COMMAND [ARG...]} works (and {@code jvswitch stats|ports}).
 *
 * <h2>Protocol</h2> As {@code lib/unixctl.c} of OVS 3.1: each connection carries JSON-RPC 1.0 requests
 * ({@link JsonRpc}) {@code {"method": COMMAND, "params": [ARG...], "id": ID}}, answered in order, one at a time.
 * A reply's text gets a trailing newline when it has none; errors come back in {@code error} with OVS's
 * wording for an unknown command, too few or too many arguments and non-string arguments. A message that is
 * not a request (bad JSON, a notification, a reply) closes the connection, as OVS does. {@code list-commands}
 * and {@code version} are built in.
 *
 * <h2>Threads</h2> One accept thread; each connection runs on its own virtual thread. Handlers may therefore run
 * concurrently and must be thread-safe. {@link #close()} stops accepting, closes connections and deletes the
 * socket file. Transport: JDK {@code SocketChannel}s on {@link UnixDomainSocketAddress}
 * (docs/decisions/0008-unixctl-on-jdk-unix-sockets.md).
 */
public final class UnixctlServer implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel listener;
    private final Map<String, UnixctlCommand> commands = new ConcurrentHashMap<>();
    private final Set<SocketChannel> conns = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private UnixctlServer(Path path, ServerSocketChannel listener, String version) {
        this.path = path;
        this.listener = listener;
        register("list-commands", "", 0, 0, args -> listCommands());
        register("version", "", 0, 0, args -> version);
        this.acceptor = Thread.ofPlatform().daemon().name("jvswitch-unixctl").unstarted(this::acceptLoop);
    }

    /**
     * Binds {@code path} (a stale socket file there is replaced: the caller holds the pidfile lock, so no live
     * server owns it) and starts accepting. {@code version} is the {@code version} command's reply.
     */
    public static UnixctlServer start(Path path, String version) throws IOException {
        Objects.requireNonNull(path, "path");
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            ch.close();
            throw new IOException(path + ": could not initialize control socket: " + e.getMessage(), e);
        }
        UnixctlServer s = new UnixctlServer(path, ch, version);
        s.acceptor.start();
        return s;
    }

    public Path path() {
        return path;
    }

    /** Registers a command (a later registration of the same name replaces it). */
    public void register(String name, String usage, int minArgs, int maxArgs, UnixctlCommand.Handler handler) {
        commands.put(name, new UnixctlCommand(name, usage, minArgs, maxArgs, handler));
    }

    private String listCommands() {
        StringBuilder sb = new StringBuilder("The available commands are:\n");
        for (UnixctlCommand c : new TreeMap<>(commands).values()) {
            if (c.usage() != null) {
                sb.append(String.format("  %-23s %s%n", c.name(), c.usage()));
            }
        }
        return sb.toString();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel c;
            try {
                c = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                System.err.println("jvswitch: control socket " + path + ": accept failed: " + e.getMessage());
                continue;
            }
            conns.add(c);
            Thread.ofVirtual().name("jvswitch-unixctl-conn").start(() -> serve(c));
        }
    }

    private void serve(SocketChannel c) {
        try (c; InputStream in = Channels.newInputStream(c); OutputStream out = Channels.newOutputStream(c);
             JsonParser p = JsonRpc.parser(in)) {
            JsonRpc.Message m;
            while ((m = JsonRpc.read(p)) != null) {
                if (!m.isRequest() || !m.hasParams() || m.result() != null || m.error() != null) {
                    return;
                }
                Reply r = execute(m.method(), m.params());
                JsonRpc.send(out, JsonRpc.reply(m.id(), r.ok ? r.text : null, r.ok ? null : r.text));
            }
        } catch (IOException e) {
            // A client that goes away or sends garbage loses its connection; the server carries on (as OVS).
            return;
        } finally {
            conns.remove(c);
        }
    }

    private record Reply(boolean ok, String text) {
    }

    /** Runs one command as a connection would (tests and in-process callers). */
    Reply execute(String method, List<String> params) {
        UnixctlCommand cmd = commands.get(method);
        if (cmd == null) {
            return error("\"" + method + "\" is not a valid command (use \"list-commands\" to see a list of valid "
                    + "commands)");
        }
        if (params.size() < cmd.minArgs()) {
            return error("\"" + method + "\" command requires at least " + cmd.minArgs() + " arguments");
        }
        if (params.size() > cmd.maxArgs()) {
            return error("\"" + method + "\" command takes at most " + cmd.maxArgs() + " arguments");
        }
        if (params.contains(null)) {
            return error("\"" + method + "\" command has non-string argument");
        }
        try {
            return new Reply(true, body(cmd.handler().handle(params.toArray(String[]::new))));
        } catch (UnixctlException e) {
            return error(e.getMessage());
        } catch (RuntimeException e) {
            return error(method + ": internal error: " + e);
        }
    }

    private static Reply error(String text) {
        return new Reply(false, body(text));
    }

    /** OVS appends a newline to a non-empty body that lacks one. */
    private static String body(String s) {
        if (s == null) {
            return "";
        }
        return !s.isEmpty() && !s.endsWith("\n") ? s + "\n" : s;
    }

    /** Stops accepting, closes every connection, deletes the socket file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing a listening socket does not fail in a way we could act on
        }
        for (SocketChannel c : conns) {
            try {
                c.close();
            } catch (IOException e) {
                // same
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.err.println("jvswitch: could not remove control socket " + path + ": " + e.getMessage());
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
