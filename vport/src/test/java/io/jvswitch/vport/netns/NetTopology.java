package io.jvswitch.vport.netns;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test topologies of network namespaces and veth pairs, made with {@code ip} and removed by {@link #close()}
 * whatever happened (in reverse order of creation; every removal is attempted). Names carry a random suffix so
 * parallel runs do not collide; interface names stay within 15 characters. IPv6 is disabled on every interface
 * made here, so the only frames on them are the test's own.
 *
 * <p>Also the project rule for privileged tests: {@link #requireRoot} FAILS with a clear message when not root,
 * unless {@code JVSWITCH_ALLOW_SKIP_PRIVILEGED=1}, then the test is skipped with the reason printed.
 */
public final class NetTopology implements AutoCloseable {
    public static final String ALLOW_SKIP_ENV = "JVSWITCH_ALLOW_SKIP_PRIVILEGED";

    private final Deque<List<String>> undo = new ArrayDeque<>();
    private final String suffix = Integer.toHexString(0x10000 + ThreadLocalRandom.current().nextInt(0xf0000));
    private final int rnd = ThreadLocalRandom.current().nextInt(1 << 16);
    private Path rawsock;

    /** Fails (or skips, when allowed) unless running as root with {@code ip} available. */
    public static void requireRoot(String what) {
        String reason = null;
        if (!isRoot()) {
            reason = what + " needs root (network namespaces, veth, AF_PACKET); running as non-root";
        } else if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))) {
            reason = what + " needs iproute2's ip";
        }
        if (reason == null) {
            return;
        }
        if ("1".equals(System.getenv(ALLOW_SKIP_ENV))) {
            System.out.println("SKIPPED (" + ALLOW_SKIP_ENV + "=1): " + reason);
            Assumptions.abort(reason);
        }
        fail(reason + " (set " + ALLOW_SKIP_ENV + "=1 to skip instead)");
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.split("\\s+")[2]);
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** A 5-hex-digit suffix unique to this topology. */
    public String suffix() {
        return suffix;
    }

    /** {@code prefix + suffix}, checked to be a valid interface name. */
    public String name(String prefix) {
        String n = prefix + suffix;
        if (n.length() > 15) {
            throw new IllegalArgumentException("interface name too long: " + n);
        }
        return n;
    }

    /** Creates namespace {@code jvs-<prefix>-<suffix>}. */
    public String netns(String prefix) throws IOException {
        String ns = "jvs-" + prefix + "-" + suffix;
        run("ip", "netns", "add", ns);
        undo.push(List.of("ip", "netns", "del", ns));
        return ns;
    }

    /** A veth pair in the root namespace, both ends up, IPv6 off, with the given MTU. */
    public void vethPair(String a, String b, int mtu) throws IOException {
        run("ip", "link", "add", a, "mtu", Integer.toString(mtu), "type", "veth", "peer", "name", b, "mtu",
                Integer.toString(mtu));
        undo.push(List.of("ip", "link", "del", a));
        disableIpv6(null, a);
        disableIpv6(null, b);
        run("ip", "link", "set", a, "up");
        run("ip", "link", "set", b, "up");
    }

    /**
     * A veth pair: {@code rootEnd} up in the root namespace, {@code nsEnd} up in {@code ns} with {@code cidr}
     * (or no address when null).
     */
    public void vethIntoNetns(String rootEnd, String nsEnd, String ns, String cidr) throws IOException {
        run("ip", "link", "add", rootEnd, "type", "veth", "peer", "name", nsEnd, "netns", ns);
        undo.push(List.of("ip", "link", "del", rootEnd));
        disableIpv6(null, rootEnd);
        disableIpv6(ns, nsEnd);
        run("ip", "link", "set", rootEnd, "up");
        if (cidr != null) {
            run("ip", "netns", "exec", ns, "ip", "addr", "add", cidr, "dev", nsEnd);
        }
        run("ip", "netns", "exec", ns, "ip", "link", "set", nsEnd, "up");
    }

    private void disableIpv6(String ns, String ifname) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", ns));
        }
        cmd.addAll(List.of("sh", "-c", "f=/proc/sys/net/ipv6/conf/" + ifname + "/disable_ipv6; "
                + "[ ! -e $f ] || echo 1 > $f"));
        run(cmd.toArray(String[]::new));
    }

    /** The MAC address of {@code ifname} (in {@code ns}, or the root namespace when null) as 12 hex digits. */
    public String mac(String ns, String ifname) throws IOException {
        String out = ns == null ? run("cat", "/sys/class/net/" + ifname + "/address")
                : run("ip", "netns", "exec", ns, "cat", "/sys/class/net/" + ifname + "/address");
        return out.trim().replace(":", "");
    }

    /** Runs a command to completion (30 s at most); returns stdout+stderr; throws when it fails. */
    public static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }

    /** The command line that runs the raw-frame tool ({@code rawsock.py}) inside {@code ns}. */
    public List<String> rawsock(String ns, String... args) throws IOException {
        if (rawsock == null) {
            rawsock = Files.createTempFile("jvs-rawsock-", ".py");
            undo.push(List.of("rm", "-f", rawsock.toString()));
            try (InputStream in = NetTopology.class.getResourceAsStream("rawsock.py")) {
                Files.write(rawsock, in.readAllBytes());
            }
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, python(), rawsock.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Debian's python3 when installed (the tools need only its standard library), else python3 on the PATH. */
    public static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Starts {@code cmd}; its stdout (stderr merged) is read line by line by the caller. */
    public static Process start(List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** A reader over a process's output. */
    public static BufferedReader lines(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Like {@link #requireRoot}, and also needs {@code ping} (tests that ping across the switch). */
    public static void requireRootAndPing(String what) {
        requireRoot(what);
        if (!Files.isExecutable(Path.of("/usr/bin/ping")) && !Files.isExecutable(Path.of("/bin/ping"))) {
            String reason = what + " needs ping (iputils-ping)";
            if ("1".equals(System.getenv(ALLOW_SKIP_ENV))) {
                System.out.println("SKIPPED (" + ALLOW_SKIP_ENV + "=1): " + reason);
                Assumptions.abort(reason);
            }
            fail(reason + " (set " + ALLOW_SKIP_ENV + "=1 to skip instead)");
        }
    }

    /** A random 10.x.y prefix for this topology's /24 (first three octets, no trailing dot). */
    public String subnet() {
        return "10." + (100 + (rnd >> 8) % 150) + "." + (rnd & 0xff);
    }

    /** True when {@code count} pings from namespace {@code ns} to {@code dst} get an answer. */
    public static boolean ping(String ns, String dst, int count) throws IOException {
        return status("ip", "netns", "exec", ns, "ping", "-n", "-q", "-c", Integer.toString(count), "-i", "0.2",
                "-W", "2", dst) == 0;
    }

    public static boolean linkExists(String ifname) {
        return Files.exists(Path.of("/sys/class/net", ifname));
    }

    /** Runs a command and returns its exit status (output discarded). */
    public static int status(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        return p.exitValue();
    }

    /** Removes everything made here, newest first; every step is attempted; failures are printed. */
    @Override
    public void close() {
        while (!undo.isEmpty()) {
            List<String> cmd = undo.pop();
            try {
                run(cmd.toArray(String[]::new));
            } catch (IOException e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
    }
}
