package io.jvswitch.control.ovsdb;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Objects;

/**
 * Where the OVSDB server listens, in {@code ovs-vswitchd}'s positional-argument syntax. Supported: {@code unix:PATH}
 * and {@code tcp:HOST:PORT} (HOST an IPv4 address, a host name, or {@code [IPv6]}). The active forms OVS also
 * knows ({@code ssl:}) and every passive form ({@code punix:}, {@code ptcp:}, {@code pssl:}) are rejected: a switch
 * connects to the database, it does not listen for it, and we have no TLS.
 *
 * @param unixPath the socket path for {@code unix:}, else null
 * @param host     the host for {@code tcp:} (without brackets), else null
 * @param port     the TCP port for {@code tcp:}, else 0
 */
public record OvsdbRemote(String unixPath, String host, int port) {
    private static final String SUPPORTED = "supported: unix:PATH, tcp:HOST:PORT";

    public OvsdbRemote {
        if ((unixPath == null) == (host == null)) {
            throw new IllegalArgumentException("exactly one of unixPath and host must be given");
        }
        if (host != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("TCP port out of range: " + port);
        }
    }

    /** Parses {@code unix:PATH} or {@code tcp:HOST:PORT}; anything else is an IllegalArgumentException. */
    public static OvsdbRemote parse(String remote) {
        Objects.requireNonNull(remote, "remote");
        if (remote.startsWith("unix:")) {
            String path = remote.substring("unix:".length());
            if (path.isEmpty()) throw new IllegalArgumentException("unix: remote without a path (" + SUPPORTED + ")");
            return new OvsdbRemote(path, null, 0);
        }
        if (remote.startsWith("tcp:")) {
            return parseTcp(remote, remote.substring("tcp:".length()));
        }
        int colon = remote.indexOf(':');
        String method = colon < 0 ? remote : remote.substring(0, colon + 1);
        throw new IllegalArgumentException("unsupported OVSDB remote \"" + remote + "\" (method \"" + method
                + "\"); " + SUPPORTED);
    }

    private static OvsdbRemote parseTcp(String remote, String rest) {
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("bad tcp remote \"" + remote + "\"; expected tcp:[IPv6]:PORT");
            }
            host = rest.substring(1, close);
            port = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon <= 0 || rest.indexOf(':') != colon) {
                throw new IllegalArgumentException("bad tcp remote \"" + remote + "\"; expected tcp:HOST:PORT"
                        + " (IPv6 as tcp:[ADDR]:PORT)");
            }
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
        }
        if (host.isEmpty()) throw new IllegalArgumentException("bad tcp remote \"" + remote + "\": empty host");
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad tcp remote \"" + remote + "\": port \"" + port
                    + "\" is not a number (OVS's default 6640 must be written explicitly)", e);
        }
        return new OvsdbRemote(null, host, p);
    }

    public boolean isUnix() {
        return unixPath != null;
    }

    /** The address to connect to (a TCP host name is resolved when connecting, not here). */
    public SocketAddress address() {
        return isUnix() ? UnixDomainSocketAddress.of(unixPath) : InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        if (isUnix()) return "unix:" + unixPath;
        return "tcp:" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
