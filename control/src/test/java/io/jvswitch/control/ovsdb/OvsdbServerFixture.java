package io.jvswitch.control.ovsdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private, real {@code ovsdb-server} for tests (no root needed): a fresh {@code conf.db} created from the
 * installed {@code vswitch.ovsschema} in a short temporary directory under {@code /tmp} (Unix socket paths must
 * stay under 108 bytes), served on {@code unix:DIR/db.sock} by a child process (not detached, so the test can kill
 * it) with {@code OVS_RUNDIR}/{@code OVS_DBDIR}/{@code OVS_LOGDIR} pointing into that directory, so nothing touches
 * {@code /run/openvswitch}. {@link #vsctl} runs the stock {@code ovs-vsctl} against it. {@link #close} kills the
 * server and deletes the directory; use it in try-with-resources so that happens whatever the test's outcome (a
 * shutdown hook does the same if the JVM exits first).
 */
public final class OvsdbServerFixture implements AutoCloseable {
    public static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final long START_TIMEOUT_MS = 10_000;

    private final Path dir;
    private final Thread reaper;
    private volatile Process server;

    private OvsdbServerFixture(Path dir) {
        this.dir = dir;
        this.reaper = new Thread(() -> {
            Process p = server;
            if (p != null) p.destroyForcibly();
            deleteTree(dir);
        }, "ovsdb-fixture-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Creates the database and starts the server; returns once its socket accepts connections. */
    public static OvsdbServerFixture start() {
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "ovsdb");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OvsdbServerFixture fixture = new OvsdbServerFixture(dir);
        try {
            fixture.run(List.of("ovsdb-tool", "create", dir.resolve("conf.db").toString(), SCHEMA.toString()));
            fixture.startServer();
            return fixture;
        } catch (RuntimeException | Error e) {
            fixture.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public Path socket() {
        return dir.resolve("db.sock");
    }

    /** {@code unix:DIR/db.sock}. */
    public String remote() {
        return "unix:" + socket();
    }

    public boolean running() {
        return server != null && server.isAlive();
    }

    /** Runs {@code ovs-vsctl --db=unix:DIR/db.sock --timeout=10 ARGS...}; returns stdout, throws with stderr. */
    public String vsctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=" + remote(), "--timeout=10"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Kills the server with SIGKILL (its socket file stays, as after a crash). */
    public void kill() {
        if (server == null) return;
        server.destroyForcibly();
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("ovsdb-server did not die");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        server = null;
    }

    /** Kills the server if running and starts it again on the same database file and socket path. */
    public void restart() {
        kill();
        startServer();
    }

    @Override
    public void close() {
        try {
            kill();
        } finally {
            deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
    }

    private void startServer() {
        try {
            Files.deleteIfExists(socket());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder("ovsdb-server", dir.resolve("conf.db").toString(),
                "--remote=punix:" + socket(), "--unixctl=" + dir.resolve("ovsdb-server.ctl"),
                "--pidfile=" + dir.resolve("ovsdb-server.pid"), "--no-chdir",
                "--log-file=" + dir.resolve("ovsdb-server.log"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ovsdb-server.out").toFile());
        environment(pb.environment());
        try {
            server = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ovsdb-server (is openvswitch installed?)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!Files.exists(socket())) {
            if (!server.isAlive()) throw new IllegalStateException("ovsdb-server exited: " + log());
            if (System.nanoTime() - deadline > 0) throw new IllegalStateException("ovsdb-server did not start");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The server's log file and console output (for failure messages). */
    public String log() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("ovsdb-server.log", "ovsdb-server.out")) {
            try {
                sb.append(Files.readString(dir.resolve(name)));
            } catch (IOException ignored) {
                // not written yet
            }
        }
        return sb.toString();
    }

    private void environment(Map<String, String> env) {
        env.put("OVS_RUNDIR", dir.toString());
        env.put("OVS_DBDIR", dir.toString());
        env.put("OVS_LOGDIR", dir.toString());
    }

    private String run(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        environment(pb.environment());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue() + ": "
                        + err.join().strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort; reported by the caller's leftovers check if any
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
