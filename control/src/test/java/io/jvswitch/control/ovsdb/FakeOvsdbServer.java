package io.jvswitch.control.ovsdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny misbehaving "server" on a Unix socket (JDK {@link ServerSocketChannel}, blocking): each accepted
 * connection is handed to a {@link Conversation} on the accept thread and then left open, so a client that wants
 * to get rid of it must close it itself. Counts connections; {@link #close} closes everything and deletes the
 * socket's directory.
 */
final class FakeOvsdbServer implements AutoCloseable {
    /** What the server does with a new connection. */
    interface Conversation {
        void talk(SocketChannel connection) throws IOException;
    }

    private final Path dir;
    private final ServerSocketChannel listener;
    private final Thread acceptor;
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    FakeOvsdbServer(Conversation conversation) throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "fakeovsdb");
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(dir.resolve("db.sock")));
        acceptor = new Thread(() -> {
            while (true) {
                SocketChannel c;
                try {
                    c = listener.accept();
                } catch (ClosedChannelException closed) {
                    return;
                } catch (IOException e) {
                    failures.add(e);
                    return;
                }
                connections.add(c);
                accepted.incrementAndGet();
                try {
                    conversation.talk(c);
                } catch (IOException e) {
                    failures.add(e);
                }
            }
        }, "fake-ovsdb-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String remote() {
        return "unix:" + dir.resolve("db.sock");
    }

    int accepted() {
        return accepted.get();
    }

    /** I/O errors of conversations (a client that hung up early makes none: writes are small). */
    List<Throwable> failures() {
        return failures;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (SocketChannel c : connections) c.close();
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(dir.resolve("db.sock"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
