package io.jvswitch.control.ovsdb;

import io.jvswitch.vport.netns.NetTopology;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A private Open vSwitch management stack for one test: the real {@code ovsdb-server} on a fresh
 * {@code conf.db}, the real {@code ovs-vsctl} and {@code ovs-appctl}, and a vswitchd under test
 * ({@link VswitchdKind}) inside the switch's network namespace.
 *
 * <h2>Files</h2> Everything lives in one short directory under {@code /tmp} (unix socket paths must stay under
 * 108 bytes), which is {@code OVS_RUNDIR}, {@code OVS_DBDIR}, {@code OVS_LOGDIR}, {@code OVS_SYSCONFDIR} (and
 * {@code JVSWITCH_RUNDIR}) of every child: {@code conf.db}, {@code db.sock}, the pidfiles, control sockets and logs,
 * and {@code *.console} (each daemon's stdout and stderr).
 *
 * <h2>Processes</h2> {@code ovsdb-server} and the vswitchd are children of the test JVM (not detached), so a
 * test can SIGKILL either and start it again on the same database and socket. {@link #vsctl} always waits for the
 * vswitchd ({@code --timeout=30}, never {@code --no-wait}); only the initial {@code init} is {@code --no-wait}, as
 * {@code ovs-ctl} does. {@link #appctl} finds the vswitchd the OVS way: {@code $OVS_RUNDIR/ovs-vswitchd.pid} (which
 * must be fcntl-locked by that pid) names {@code ovs-vswitchd.<pid>.ctl}.
 *
 * <h2>Cleanup</h2> {@link #close()} asks the vswitchd and the database server to {@code exit}, kills what is still
 * there, and deletes the directory; {@link #logs()} is for the failure message (see {@link VswitchdScenario}).
 */
final class VswitchdSandbox implements AutoCloseable {
    static final String PIDFILE = "ovs-vswitchd.pid";
    static final String LOGFILE = "ovs-vswitchd.log";
    static final String SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema";
    /** The Open vSwitch programs the sandbox runs. */
    static final List<String> TOOLS = List.of("ovsdb-tool", "ovsdb-server", "ovs-vsctl", "ovs-appctl",
            "ovs-vswitchd");

    private final VswitchdKind kind;
    private final String netns;
    private final Path dir;
    private Process db;
    private Process vswitchd;
    private int vswitchdStarts;
    private boolean detached;
    private final List<Process> extras = new ArrayList<>();
    private int commands;

    /** Exit status, stdout and stderr of one finished command. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stdout [" + out + "], stderr [" + err + "]";
        }
    }

    /**
     * Creates the database and starts {@code ovsdb-server} with it, then {@code ovs-vsctl --no-wait init}; the
     * vswitchd ({@code kind}, in {@code netns}) starts with {@link #startVswitchd()}.
     */
    VswitchdSandbox(VswitchdKind kind, String netns) throws IOException {
        this.kind = kind;
        this.netns = netns;
        this.dir = Files.createTempDirectory(Path.of("/tmp"), "jvs-vsd-");
        try {
            Result c = exec(30, tool("ovsdb-tool"), "create", dir.resolve("conf.db").toString(), SCHEMA);
            assertEquals(0, c.exit(), "ovsdb-tool create: " + c);
            startDb();
            Result init = exec(40, tool("ovs-vsctl"), "--db=" + remote(), "--timeout=30", "--no-wait", "init");
            assertEquals(0, init.exit(), "ovs-vsctl --no-wait init: " + init);
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Fails (or skips, with {@code JVSWITCH_ALLOW_SKIP_PRIVILEGED=1}) without root, ping and Open vSwitch. */
    static void require(String what) {
        NetTopology.requireRootAndPing(what);
        List<String> missing = new ArrayList<>();
        for (String t : TOOLS) {
            if (find(t) == null) {
                missing.add(t);
            }
        }
        if (find("ethtool") == null) {
            missing.add("ethtool");
        }
        if (!Files.isReadable(Path.of(SCHEMA))) {
            missing.add(SCHEMA);
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = what + " needs Open vSwitch's tools (Debian's openvswitch-switch; .ci/run installs it): "
                + "missing " + missing;
        if ("1".equals(System.getenv(NetTopology.ALLOW_SKIP_ENV))) {
            System.out.println("SKIPPED (" + NetTopology.ALLOW_SKIP_ENV + "=1): " + reason);
            Assumptions.abort(reason);
        }
        fail(reason + " (set " + NetTopology.ALLOW_SKIP_ENV + "=1 to skip instead)");
    }

    /** The absolute path of {@code name} on the PATH or in the usual system directories. */
    static String tool(String name) {
        String p = find(name);
        if (p == null) {
            throw new IllegalStateException(name + " not found");
        }
        return p;
    }

    private static String find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        return null;
    }

    VswitchdKind kind() {
        return kind;
    }

    Path dir() {
        return dir;
    }

    /** {@code unix:DIR/db.sock}. */
    String remote() {
        return "unix:" + dir.resolve("db.sock");
    }

    /** Starts {@code ovsdb-server} on {@code conf.db} and waits until its socket accepts connections. */
    void startDb() throws IOException {
        if (db != null && db.isAlive()) {
            throw new IllegalStateException("ovsdb-server is running");
        }
        db = start(dir.resolve("ovsdb-server.console"), tool("ovsdb-server"), dir.resolve("conf.db").toString(),
                "--remote=punix:" + dir.resolve("db.sock"), "--unixctl=" + dir.resolve("ovsdb-server.ctl"),
                "--pidfile=" + dir.resolve("ovsdb-server.pid"), "--log-file=" + dir.resolve("ovsdb-server.log"),
                "--no-chdir");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!connects(dir.resolve("db.sock"))) {
            if (!db.isAlive() || System.nanoTime() > deadline) {
                fail("ovsdb-server did not come up:\n" + logs());
            }
            sleep(20);
        }
    }

    /** SIGKILLs {@code ovsdb-server} (its socket file and pidfile stay behind, as after a crash). */
    void killDb() {
        kill(db);
    }

    /** Starts the vswitchd under test and waits until its pidfile names it and its control socket exists. */
    void startVswitchd() throws IOException {
        if (vswitchd != null && vswitchd.isAlive()) {
            throw new IllegalStateException("the vswitchd is running");
        }
        Path console = dir.resolve("ovs-vswitchd.console");
        Files.writeString(console, "=== start " + ++vswitchdStarts + ": " + kind + " ===\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        vswitchd = start(console, kind.command(netns, dir, remote()).toArray(String[]::new));
        String pid = Long.toString(vswitchd.pid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(pid.equals(pidfilePid()) && Files.exists(dir.resolve("ovs-vswitchd." + pid + ".ctl")))) {
            if (!vswitchd.isAlive() || System.nanoTime() > deadline) {
                fail(kind + " vswitchd did not come up (pidfile naming pid " + pid + " and its control socket "
                        + "ovs-vswitchd." + pid + ".ctl)" + (vswitchd.isAlive() ? "" : "; it exited "
                        + vswitchd.exitValue()) + ":\n" + logs());
            }
            sleep(20);
        }
    }

    /**
     * Starts the vswitchd under test the way {@code ovs-ctl} does, with {@code --detach}: the command returns once
     * the daemon is configured, and the daemon lives on outside the test's process tree ({@link #close()} stops it
     * through its pidfile).
     */
    Result startDetached() throws IOException {
        List<String> cmd = new ArrayList<>(kind.command(netns, dir, remote()));
        cmd.add("--detach");
        detached = true;
        return exec(90, cmd.toArray(String[]::new));
    }

    /**
     * Starts a second jvswitch vswitchd against the same database, in the same namespace, with its own pidfile,
     * log file and control socket ({@code DIR/NAME.pid}, {@code .log}, {@code .ctl}); {@link #close()} stops it.
     */
    Process startSecondJvswitch(String name) throws IOException {
        List<String> cmd = io.jvswitch.control.cli.JvswitchProcess.command(List.of("ip", "netns", "exec", netns),
                "vswitchd", remote(), "--pidfile=" + dir.resolve(name + ".pid"),
                "--log-file=" + dir.resolve(name + ".log"), "--unixctl=" + dir.resolve(name + ".ctl"));
        Process p = start(dir.resolve(name + ".console"), cmd.toArray(String[]::new));
        extras.add(p);
        return p;
    }

    /** Runs {@code cmd} in the sandbox's environment (its OVS_* directories), {@code seconds} at most. */
    Result run(int seconds, String... cmd) throws IOException {
        return exec(seconds, cmd);
    }

    /** The pid the pidfile names, or -1. */
    long pidfilePidNumber() {
        String p = pidfilePid();
        return p != null && p.matches("\\d+") ? Long.parseLong(p) : -1;
    }

    /**
     * Stops the vswitchd the orderly way, {@code ovs-appctl exit} (as OVS's tests' {@code OVS_APP_EXIT_AND_WAIT}),
     * and waits until it is gone (SIGKILL after 10 s).
     */
    void stopVswitchd() {
        stop(vswitchd, "ovs-vswitchd");
    }

    /** SIGKILLs the vswitchd: no shutdown of any kind runs. */
    void killVswitchd() {
        kill(vswitchd);
    }

    /** True while the vswitchd process is alive. */
    boolean vswitchdAlive() {
        return vswitchd != null && vswitchd.isAlive();
    }

    private String pidfilePid() {
        try {
            return Files.readString(dir.resolve(PIDFILE)).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code ovs-vsctl --db=unix:DIR/db.sock --timeout=30 ARGS...}: waits for the vswitchd ({@code cur_cfg}). */
    Result vsctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(tool("ovs-vsctl"), "--db=" + remote(), "--timeout=30"));
        cmd.addAll(List.of(args));
        return exec(45, cmd.toArray(String[]::new));
    }

    /** {@code ovs-appctl --timeout=10 ARGS...} with {@code OVS_RUNDIR} set: the default target, ovs-vswitchd. */
    Result appctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(tool("ovs-appctl"), "--timeout=10"));
        cmd.addAll(List.of(args));
        return exec(20, cmd.toArray(String[]::new));
    }

    /** Every log and console file of the sandbox, for a failure message. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".console"))
                    .sorted().toList()) {
                sb.append("==== ").append(f).append(" ====\n").append(Files.readString(f, StandardCharsets.UTF_8));
                if (sb.charAt(sb.length() - 1) != '\n') {
                    sb.append('\n');
                }
            }
        } catch (IOException e) {
            sb.append("(logs unreadable: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    private Process start(Path console, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        env(pb.environment());
        return pb.start();
    }

    private void env(Map<String, String> env) {
        for (String v : List.of("OVS_RUNDIR", "OVS_DBDIR", "OVS_LOGDIR", "OVS_SYSCONFDIR", "JVSWITCH_RUNDIR")) {
            env.put(v, dir.toString());
        }
    }

    /** Runs a command in the sandbox's environment to completion ({@code seconds} at most). */
    private Result exec(int seconds, String... cmd) throws IOException {
        int n = ++commands;
        Path out = dir.resolve("cmd-" + n + ".out");
        Path err = dir.resolve("cmd-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        env(pb.environment());
        Process p = pb.start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", cmd) + " did not finish in " + seconds + " s; stdout [" + Files.readString(out)
                        + "], stderr [" + Files.readString(err) + "]");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        try {
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean connects(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return ch.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static void kill(Process p) {
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                fail("pid " + p.pid() + " survived SIGKILL for 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops one daemon: {@code ovs-appctl -t TARGET exit}, then SIGKILL if it is still there after 10 s. */
    private void stop(Process p, String target) {
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            exec(15, tool("ovs-appctl"), "--timeout=5", "-t", target, "exit");
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                System.out.println("VswitchdSandbox: " + target + " did not exit on request; killing it");
            }
        } catch (IOException | AssertionError e) {
            System.out.println("VswitchdSandbox: " + target + " exit: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kill(p);
        }
    }

    /** Stops the vswitchd and {@code ovsdb-server} (exit, then SIGKILL) and deletes the directory. */
    @Override
    public void close() {
        try {
            if (detached) {
                stopDetached();
            }
            extras.forEach(VswitchdSandbox::kill);
            stop(vswitchd, "ovs-vswitchd");
        } finally {
            try {
                stop(db, dir.resolve("ovsdb-server.ctl").toString());
            } finally {
                deleteDir();
            }
        }
    }

    /** A detached daemon the test did not stop: {@code exit}, then SIGKILL, found through the pidfile. */
    private void stopDetached() {
        long pid = pidfilePidNumber();
        ProcessHandle h = pid > 0 ? ProcessHandle.of(pid).orElse(null) : null;
        if (h == null || !h.isAlive()) {
            return;
        }
        try {
            exec(15, tool("ovs-appctl"), "--timeout=5", "exit");
            h.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception | AssertionError e) {
            System.out.println("VswitchdSandbox: detached vswitchd " + pid + " did not exit on request (" + e
                    + "); killing it");
        } finally {
            h.destroyForcibly();
        }
    }

    private void deleteDir() {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.out.println("VswitchdSandbox: cleanup of " + dir + ": " + e);
        }
    }
}
