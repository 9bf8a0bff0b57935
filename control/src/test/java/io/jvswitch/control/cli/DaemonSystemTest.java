package io.jvswitch.control.cli;

import io.jvswitch.control.daemon.RunDir;
import io.jvswitch.vport.netns.NetTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon as a child process with its control socket: {@code ovs-appctl} and {@code jvswitch ports|stats}
 * read it while ping crosses; a second daemon on the same socket is refused (locked pidfile); a daemon wanting
 * interfaces another one holds says so and can be stopped with {@code exit}; SIGTERM exits 0 with socket,
 * pidfile and interface locks gone and the ports closed; without privileges the ports say they need root.
 * Privileged (namespaces, veths, AF_PACKET).
 */
class DaemonSystemTest {
    @TempDir
    Path dir;
    private NetTopology topo;
    private final List<Process> daemons = new ArrayList<>();

    @BeforeEach
    void setUp() {
        NetTopology.requireRootAndPing("DaemonSystemTest");
        topo = new NetTopology();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (Process p : daemons) {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            topo.close();
        }
    }

    private Process daemon(String log, Path cfg, Path ctl, List<String> prefix) throws Exception {
        Process p = JvswitchProcess.start(dir.resolve(log), prefix, "run", "--config", cfg.toString(), "--ctl",
                ctl.toString());
        daemons.add(p);
        return p;
    }

    private static JvswitchProcess.Result appctl(Path ctl, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ovs-appctl", "-t", ctl.toString()));
        cmd.addAll(List.of(args));
        return JvswitchProcess.exec(cmd.toArray(String[]::new));
    }

    @Test
    void controlSocketLockingErrorsAndCleanShutdown() throws Exception {
        String ns1 = topo.netns("e");
        String ns2 = topo.netns("f");
        String jvA = topo.name("jvE");
        String jvB = topo.name("jvF");
        String net = topo.subnet();
        topo.vethIntoNetns(jvA, "eth0", ns1, net + ".1/24");
        topo.vethIntoNetns(jvB, "eth0", ns2, net + ".2/24");
        Path cfg = dir.resolve("switch.json");
        Files.writeString(cfg, """
                { "bridges": [ { "name": "%s", "ports": [
                    { "name": "%s", "type": "system" }, { "name": "%s", "type": "system" } ] } ] }
                """.formatted(topo.name("jbr"), jvA, jvB));
        Path ctl = dir.resolve("d1.ctl");
        Process d1 = daemon("d1.log", cfg, ctl, List.of());
        JvswitchProcess.awaitOutput(d1, dir.resolve("d1.log"), "jvswitch: running");
        assertTrue(Files.exists(ctl) && Files.exists(dir.resolve("d1.pid")));
        assertEquals(d1.pid() + "\n", Files.readString(dir.resolve("d1.pid")));
        assertTrue(NetTopology.ping(ns1, net + ".2", 3), "ping across: " + Files.readString(dir.resolve("d1.log")));

        JvswitchProcess.Result r = appctl(ctl, "ports");
        assertEquals(0, r.exit(), r.output());
        // type system on a veth: AF_XDP in native XDP mode, copy mode (veth has no zero-copy)
        assertTrue(r.output().startsWith("port 1: " + jvA + " (afxdp, mode native copy, rxq 1, txq 1, mtu 1500, up)\n"
                + "    RX packets:"), r.output());
        assertFalse(r.output().contains("RX packets:0 "), "both ports received: " + r.output());
        JvswitchProcess.Result ours = JvswitchProcess.run(60, List.of(), "ports", "--ctl", ctl.toString());
        assertEquals(0, ours.exit(), ours.output());
        assertTrue(ours.output().contains("port 2: " + jvB + " (afxdp"), ours.output());
        JvswitchProcess.Result stats = JvswitchProcess.run(60, List.of(), "stats", "--ctl", ctl.toString(),
                "--watch", "0.2", "--count", "1");
        assertEquals(0, stats.exit(), stats.output());
        assertTrue(stats.output().contains("rx pkt/s") && stats.output().contains(jvB), stats.output());

        // A second daemon on the same control socket is refused.
        JvswitchProcess.Result second = JvswitchProcess.run(60, List.of(), "run", "--config", cfg.toString(),
                "--ctl", ctl.toString());
        assertEquals(1, second.exit(), second.output());
        assertTrue(second.output().contains("another jvswitch is running (pid " + d1.pid() + ")"), second.output());

        // A daemon on another socket wanting the same interfaces: they are taken; it runs without them.
        Path ctl3 = dir.resolve("d3.ctl");
        Process d3 = daemon("d3.log", cfg, ctl3, List.of());
        JvswitchProcess.awaitOutput(d3, dir.resolve("d3.log"), "jvswitch: running");
        String log3 = Files.readString(dir.resolve("d3.log"));
        assertTrue(log3.contains("interface " + jvA + " not opened: " + jvA + ": interface already attached to "
                + "another jvswitch (pid " + d1.pid()), log3);
        assertTrue(appctl(ctl3, "ports").output().contains("port -: " + jvA + " (system, error: "), log3);
        assertEquals(0, appctl(ctl3, "exit").exit());
        assertTrue(d3.waitFor(20, TimeUnit.SECONDS), "exit stops the daemon");
        assertEquals(0, d3.exitValue());
        assertFalse(Files.exists(ctl3) || Files.exists(dir.resolve("d3.pid")), "d3's socket and pidfile gone");

        d1.destroy(); // SIGTERM
        assertTrue(d1.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
        assertEquals(0, d1.exitValue(), Files.readString(dir.resolve("d1.log")));
        assertFalse(Files.exists(ctl), "control socket removed");
        assertFalse(Files.exists(dir.resolve("d1.pid")), "pidfile removed");
        assertFalse(Files.exists(RunDir.dir().resolve("iface").resolve(jvA + ".lock")), "interface lock removed");
        assertFalse(NetTopology.ping(ns1, net + ".2", 1), "ports closed: nothing forwards");
        JvswitchProcess.Result gone = JvswitchProcess.run(60, List.of(), "ports", "--ctl", ctl.toString());
        assertEquals(1, gone.exit());
        assertTrue(gone.output().contains("no jvswitch daemon is running"), gone.output());
    }

    @Test
    void withoutPrivilegesThePortsSayTheyNeedRoot() throws Exception {
        String v = topo.name("jvP");
        topo.vethPair(v, topo.name("jvQ"), 1500);
        Path cfg = dir.resolve("switch.json");
        Files.writeString(cfg, """
                { "bridges": [ { "name": "br", "ports": [ { "name": "%s", "type": "system" } ] } ] }
                """.formatted(v));
        // Root without any capability (bounding set emptied): what an unprivileged user gets from the kernel.
        Process d = daemon("np.log", cfg, dir.resolve("np.ctl"),
                List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"));
        JvswitchProcess.awaitOutput(d, dir.resolve("np.log"), "jvswitch: running");
        String log = Files.readString(dir.resolve("np.log"));
        assertTrue(log.contains("interface " + v + " not opened: " + v
                + ": needs root (CAP_NET_ADMIN, CAP_NET_RAW, CAP_BPF): "), log);
        d.destroy();
        assertTrue(d.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, d.exitValue());
    }

    /**
     * Issue 4's acceptance: the daemon killed with SIGKILL leaves no XDP program on its AF_XDP interfaces (the
     * programs are held by BPF links, which die with the process), and a restarted daemon opens the same
     * interfaces again and forwards.
     */
    @Test
    void daemonKilledWithSigkillLeavesNoXdpProgramAndARestartForwardsAgain() throws Exception {
        String ns1 = topo.netns("k");
        String ns2 = topo.netns("l");
        String jvA = topo.name("jvK");
        String jvB = topo.name("jvL");
        String net = topo.subnet();
        topo.vethIntoNetns(jvA, "eth0", ns1, net + ".1/24");
        topo.vethIntoNetns(jvB, "eth0", ns2, net + ".2/24");
        Path cfg = dir.resolve("xdp.json");
        Files.writeString(cfg, """
                { "bridges": [ { "name": "%s", "ports": [
                    { "name": "%s", "type": "afxdp" }, { "name": "%s", "type": "afxdp" } ] } ] }
                """.formatted(topo.name("jbr"), jvA, jvB));
        Path ctl = dir.resolve("k.ctl");
        // Its own run directory (interface locks), so nothing is left under /run/jvswitch whatever happens.
        List<String> env = List.of("env", RunDir.ENV + "=" + dir);
        Process d1 = JvswitchProcess.start(dir.resolve("k1.log"), env, "run", "--config", cfg.toString(), "--ctl",
                ctl.toString(), "--idle=backoff");
        daemons.add(d1);
        JvswitchProcess.awaitOutput(d1, dir.resolve("k1.log"), "jvswitch: running");
        assertTrue(Files.readString(dir.resolve("k1.log")).contains(", 0 not opened;"), Files.readString(dir.resolve(
                "k1.log")));
        assertTrue(hasXdpProgram(jvA) && hasXdpProgram(jvB), "AF_XDP ports attach their programs");
        assertTrue(NetTopology.ping(ns1, net + ".2", 3), "ping across the first daemon");

        d1.destroyForcibly();       // SIGKILL: no shutdown hook runs
        assertTrue(d1.waitFor(20, TimeUnit.SECONDS));
        assertEquals(137, d1.exitValue(), "killed by SIGKILL");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((hasXdpProgram(jvA) || hasXdpProgram(jvB)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(hasXdpProgram(jvA), "no XDP program left on " + jvA + ":\n" + link(jvA));
        assertFalse(hasXdpProgram(jvB), "no XDP program left on " + jvB + ":\n" + link(jvB));

        Process d2 = JvswitchProcess.start(dir.resolve("k2.log"), env, "run", "--config", cfg.toString(), "--ctl",
                ctl.toString(), "--idle=backoff");
        daemons.add(d2);
        JvswitchProcess.awaitOutput(d2, dir.resolve("k2.log"), "jvswitch: running");
        assertTrue(Files.readString(dir.resolve("k2.log")).contains(", 0 not opened;"),
                "the restarted daemon takes the same interfaces: " + Files.readString(dir.resolve("k2.log")));
        assertTrue(NetTopology.ping(ns1, net + ".2", 3), "ping across the restarted daemon");
        d2.destroy();               // SIGTERM: clean stop, programs detached
        assertTrue(d2.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, d2.exitValue());
        assertFalse(hasXdpProgram(jvA) || hasXdpProgram(jvB), "detached after SIGTERM");
    }

    private static String link(String dev) throws Exception {
        return NetTopology.run("ip", "-d", "link", "show", "dev", dev);
    }

    private static boolean hasXdpProgram(String dev) throws Exception {
        String s = link(dev);
        return s.contains("prog/xdp") || s.matches("(?s).*\\sxdp(generic|drv|offload)?\\s.*");
    }
}
