package io.jvswitch.control.unixctl;

import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A unixctl client (what {@code ovs-appctl} does): connect to a control socket, send one request, read its
 * reply. One connection may carry several transactions. Used by {@code jvswitch stats} and {@code ports}.
 */
public final class UnixctlClient implements AutoCloseable {
    private final Path path;
    private final SocketChannel ch;
    private final OutputStream out;
    private final InputStream in;
    private JsonParser parser;
    private long nextId;

    /** No daemon answers on the socket: the file is missing or nobody listens (a stale socket). */
    public static final class NoDaemonException extends IOException {
        private static final long serialVersionUID = 1L;

        NoDaemonException(String message) {
            super(message);
        }
    }

    private UnixctlClient(Path path, SocketChannel ch) throws IOException {
        this.path = path;
        this.ch = ch;
        this.out = Channels.newOutputStream(ch);
        this.in = Channels.newInputStream(ch);
    }

    /** Connects, or throws {@link NoDaemonException} saying why no daemon could be reached. */
    public static UnixctlClient connect(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoDaemonException("no jvswitch daemon is running (no control socket " + path
                    + "); start one with 'sudo ./jvswitch run --config FILE', or pass --ctl PATH");
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException e) {
            ch.close();
            throw new NoDaemonException("no jvswitch daemon is listening on " + path + " (a stale socket: "
                    + e.getMessage() + ")");
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot connect to " + path + ": " + e.getMessage(), e);
        }
        return new UnixctlClient(path, ch);
    }

    /**
     * Runs {@code command} with {@code args}; returns the reply text.
     *
     * @throws UnixctlException the daemon answered with an error (its text)
     * @throws IOException      the connection failed or the reply was malformed
     */
    public String transact(String command, String... args) throws IOException, UnixctlException {
        long id = nextId++;
        JsonRpc.send(out, JsonRpc.request(command, List.of(args), id));
        if (parser == null) {
            // Made only now: Jackson reads the first bytes at creation to detect the encoding.
            parser = JsonRpc.parser(in);
        }
        JsonRpc.Message m = JsonRpc.read(parser);
        if (m == null) {
            throw new IOException(path + ": connection closed before the reply");
        }
        if (!Long.toString(id).equals(m.id())) {
            throw new IOException(path + ": reply id " + m.id() + " does not match request id " + id);
        }
        if (m.error() != null) {
            throw new UnixctlException(m.error());
        }
        if (m.result() == null) {
            throw new IOException(path + ": reply without a string result");
        }
        return m.result();
    }

    @Override
    public void close() {
        try {
            if (parser != null) {
                parser.close();
            }
            ch.close();
        } catch (IOException e) {
            // nothing to do about a failed close of a client socket
        }
    }
}
