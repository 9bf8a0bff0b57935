package io.jvswitch.control.netns;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
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
 * Test topologies of network namespaces and veth pairs for control's system tests (a trimmed copy of vport's
 * test helper, which vport does not publish as a test-jar). Made with {@code ip}; {@link #close()} removes
 * everything, newest first, whatever happened. Names carry a random suffix; IPv6 is off on every interface.
 *
 * <p>The privileged-test rule: {@link #requireRoot} FAILS with a clear message when not root, unless
 * {@code JVSWITCH_ALLOW_SKIP_PRIVILEGED=1}, then the test is skipped with the reason printed.
 */
public final class NetTopology implements AutoCloseable {
    public static final String ALLOW_SKIP_ENV = "JVSWITCH_ALLOW_SKIP_PRIVILEGED";

    private final Deque<List<String>> undo = new ArrayDeque<>();
    private final int rnd = ThreadLocalRandom.current().nextInt(0xf0000);
    private final String suffix = Integer.toHexString(0x10000 + rnd);

    /** Fails (or skips, when allowed) unless running as root with {@code ip} and {@code ping} available. */
    public static void requireRoot(String what) {
        String reason = null;
        if (!isRoot()) {
            reason = what + " needs root (network namespaces, veth, AF_PACKET, TAP); running as non-root";
        } else if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))) {
            reason = what + " needs iproute2's ip";
        } else if (!Files.isExecutable(Path.of("/usr/bin/ping")) && !Files.isExecutable(Path.of("/bin/ping"))) {
            reason = what + " needs ping (iputils-ping)";
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

    /** {@code prefix + suffix}, checked to be a valid interface name. */
    public String name(String prefix) {
        String n = prefix + suffix;
        if (n.length() > 15) {
            throw new IllegalArgumentException("interface name too long: " + n);
        }
        return n;
    }

    /** A random /24 for this topology, as its first three octets ({@code "10.x.y"}). */
    public String subnet() {
        return "10." + (100 + (rnd >> 8) % 150) + "." + (rnd & 0xff);
    }

    /** Creates namespace {@code jvs-<prefix>-<suffix>}. */
    public String netns(String prefix) throws IOException {
        String ns = "jvs-" + prefix + "-" + suffix;
        run("ip", "netns", "add", ns);
        undo.push(List.of("ip", "netns", "del", ns));
        return ns;
    }

    /** A veth pair: {@code rootEnd} up in the root namespace, {@code nsEnd} up in {@code ns} with {@code cidr}. */
    public void vethIntoNetns(String rootEnd, String nsEnd, String ns, String cidr) throws IOException {
        run("ip", "link", "add", rootEnd, "type", "veth", "peer", "name", nsEnd, "netns", ns);
        undo.push(List.of("ip", "link", "del", rootEnd));
        disableIpv6(null, rootEnd);
        disableIpv6(ns, nsEnd);
        run("ip", "link", "set", rootEnd, "up");
        run("ip", "netns", "exec", ns, "ip", "addr", "add", cidr, "dev", nsEnd);
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

    /** {@code ping -c COUNT -W 2 DST} inside {@code ns}; true when it exits 0 (at least one reply). */
    public static boolean ping(String ns, String dst, int count) throws IOException {
        return status("ip", "netns", "exec", ns, "ping", "-n", "-q", "-c", Integer.toString(count), "-i", "0.2",
                "-W", "2", dst) == 0;
    }

    /** Whether a network device of that name exists in the root namespace. */
    public static boolean linkExists(String ifname) {
        return Files.exists(Path.of("/sys/class/net", ifname));
    }

    /** Runs a command to completion (30 s at most); returns stdout+stderr; throws when it fails. */
    public static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        waitFor(p, cmd);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }

    /** Runs a command to completion (30 s at most) and returns its exit status; output is discarded. */
    public static int status(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        waitFor(p, cmd);
        return p.exitValue();
    }

    private static void waitFor(Process p, String... cmd) throws IOException {
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
