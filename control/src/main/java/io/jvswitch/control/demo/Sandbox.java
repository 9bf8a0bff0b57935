package io.jvswitch.control.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the netns demo creates on the host (namespaces, veth pairs, child processes), remembered so that
 * {@link #close()} removes all of it, newest first, whatever happened: called from a {@code finally} and from a
 * shutdown hook (Ctrl-C), so it is idempotent and thread-safe. Processes still running inside a namespace are
 * killed first (a namespace with a live process would outlive {@code ip netns del}, and its veth with it).
 */
final class Sandbox implements AutoCloseable {
    private final Deque<List<String>> undo = new ArrayDeque<>();
    private final List<Process> children = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private boolean closed;

    /** Runs a command to completion (20 s at most); returns its output; throws with the output when it fails. */
    static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
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
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.strip());
        }
        return out;
    }

    static String run(String... cmd) throws IOException {
        return run(List.of(cmd));
    }

    /** Creates namespace {@code ns}. */
    synchronized void netns(String ns) throws IOException {
        check();
        run("ip", "netns", "add", ns);
        undo.push(List.of("ip", "netns", "del", ns));
    }

    /**
     * A veth pair: {@code rootEnd} up in the root namespace; {@code eth0} in {@code ns} with {@code cidr}, up,
     * with checksum and segmentation offloads off (a userspace switch forwards frames as they are: a partial
     * checksum or a 64 KiB GSO frame would arrive broken). IPv6 off on both ends, so only the demo's traffic
     * crosses.
     */
    synchronized void veth(String rootEnd, String ns, String cidr) throws IOException {
        check();
        run("ip", "link", "add", rootEnd, "type", "veth", "peer", "name", "eth0", "netns", ns);
        undo.push(List.of("ip", "link", "del", rootEnd));
        sysctl(null, "net/ipv6/conf/" + rootEnd + "/disable_ipv6");
        sysctl(ns, "net/ipv6/conf/eth0/disable_ipv6");
        run("ip", "link", "set", rootEnd, "up");
        run("ip", "netns", "exec", ns, "ip", "addr", "add", cidr, "dev", "eth0");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        run("ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off", "tso", "off", "gso", "off");
    }

    private static void sysctl(String ns, String key) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", ns));
        }
        cmd.addAll(List.of("sh", "-c", "f=/proc/sys/" + key + "; [ ! -e $f ] || echo 1 > $f"));
        run(cmd);
    }

    /** Starts a child process (stderr merged into stdout), killed by {@link #close()} if still running. */
    synchronized Process start(List<String> cmd) throws IOException {
        check();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        children.add(p);
        return p;
    }

    private void check() throws IOException {
        if (closed) {
            throw new IOException("interrupted: cleaning up");
        }
    }

    /** What {@link #close()} removed (the undo commands that ran). */
    synchronized List<String> removed() {
        return List.copyOf(removed);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Process p : children) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        while (!undo.isEmpty()) {
            List<String> cmd = undo.pop();
            try {
                run(cmd);
                removed.add(cmd.get(cmd.size() - 1));
            } catch (IOException e) {
                // a veth whose namespace went first is already gone with it
                if (!(cmd.contains("link") && e.getMessage().contains("Cannot find device"))) {
                    System.err.println("jvswitch demo: cleanup: " + e.getMessage());
                } else {
                    removed.add(cmd.get(cmd.size() - 1));
                }
            }
        }
    }
}
