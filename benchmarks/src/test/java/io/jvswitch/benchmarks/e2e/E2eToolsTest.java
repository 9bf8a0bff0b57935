package io.jvswitch.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jvswitch.vport.netns.NetTopology;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end benchmark's tools on the benchmark's own topology in miniature (namespaces gen, sw, sink;
 * g0 = s0 and s1 = k0 veth pairs, GRO on s0 and k0 as run.sh sets them): the generator's frames leave g0 and arrive
 * at s0, with the template's addresses and TTL and 1000 distinct UDP source ports; the redirect tool moves them
 * s0 -> s1 -> k0 and its program goes away when its process dies; the learning frames arrive at s1. The tools run as
 * the script runs them, as their own processes ({@code ip netns exec NS java ... Main}). Behaviour only: no rates.
 */
class E2eToolsTest {
    private static final Pattern DONE = Pattern.compile("xdpgen: done .* frames=(\\d+) ");

    private NetTopology topo;
    private String gen;
    private String sw;
    private String sink;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void topology() throws IOException {
        NetTopology.requireRoot("E2eToolsTest");
        topo = new NetTopology();
        gen = topo.netns("gen");
        sw = topo.netns("sw");
        sink = topo.netns("sink");
        for (String ns : List.of(gen, sw, sink)) {
            NetTopology.run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1");
        }
        NetTopology.run("ip", "-n", gen, "link", "add", "g0", "type", "veth", "peer", "name", "s0", "netns", sw);
        NetTopology.run("ip", "-n", sw, "link", "add", "s1", "type", "veth", "peer", "name", "k0", "netns", sink);
        NetTopology.run("ip", "-n", gen, "link", "set", "g0", "up");
        NetTopology.run("ip", "-n", sw, "link", "set", "s0", "up");
        NetTopology.run("ip", "-n", sw, "link", "set", "s1", "up");
        NetTopology.run("ip", "-n", sink, "link", "set", "k0", "up");
        NetTopology.run("ip", "netns", "exec", sw, "ethtool", "-K", "s0", "gro", "on");
        NetTopology.run("ip", "netns", "exec", sink, "ethtool", "-K", "k0", "gro", "on");
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (topo != null) {
            topo.close();
        }
    }

    @Test
    void generatorFramesArriveAtS0AndTheRedirectForwardsThemToK0() throws Exception {
        long s1Before = stat(sw, "s1", "rx_packets");
        run(sink, "LearnFrames", "--dev", "k0", "--count", "3");
        assertEquals(3, stat(sw, "s1", "rx_packets") - s1Before, "learning frames sent from k0 reach s1");

        Process redirect = start(sw, "XdpRedirect", "--from", "s0", "--to", "s1");
        BufferedReader out = NetTopology.lines(redirect);
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("xdpredirect: attached s0 -> s1"), "redirect: " + line);
        assertTrue(NetTopology.run("ip", "-n", sw, "link", "show", "s0").contains(" xdp"), "XDP on s0");

        long g0Tx = stat(gen, "g0", "tx_packets") + stat(gen, "g0", "tx_dropped");
        long s0Rx = stat(sw, "s0", "rx_packets");
        long k0Rx = stat(sink, "k0", "rx_packets");
        long frames = generate(1000, 1.0);
        long g0Sent = stat(gen, "g0", "tx_packets") + stat(gen, "g0", "tx_dropped") - g0Tx;
        long s0Got = stat(sw, "s0", "rx_packets") - s0Rx;
        long k0Got = stat(sink, "k0", "rx_packets") - k0Rx;

        assertTrue(frames > 0, "the generator ran the program on frames");
        assertEquals(frames, g0Sent, "every frame the program ran on went out of g0 (tx_packets + tx_dropped)");
        assertTrue(s0Got > 0 && s0Got <= frames, "frames at s0: " + s0Got + " of " + frames);
        assertTrue(k0Got > 0, "the redirect forwarded s0 -> s1 -> k0: " + k0Got);

        redirect.destroy(); // SIGTERM, as run.sh stops it
        assertTrue(redirect.waitFor(30, TimeUnit.SECONDS), "redirect tool stops on SIGTERM");
        assertTrue(!NetTopology.run("ip", "-n", sw, "link", "show", "s0").contains(" xdp"),
            "the XDP program left s0 with the process");
    }

    @Test
    void thousandFlowsCarryTheTemplateWithDistinctSourcePorts(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("s0.pcap");
        Files.createFile(pcap); // tshark (run as root) writes into it
        Process cap;
        try {
            cap = start(List.of("ip", "netns", "exec", sw, "tshark", "-i", "s0", "-c", "3000", "-w", pcap.toString()));
        } catch (IOException e) {
            fail("tshark is needed to read the generated frames: " + e.getMessage());
            return;
        }
        BufferedReader capOut = NetTopology.lines(cap);
        String line;
        while ((line = capOut.readLine()) != null && !line.contains("Capturing on")) {
            // tshark's start-up chatter
        }
        assertTrue(line != null, "tshark did not start capturing");
        generate(1000, 1.0);
        assertTrue(cap.waitFor(60, TimeUnit.SECONDS), "tshark captured 3000 frames");
        // Not NetTopology.run: it waits before reading, and 3000 lines overflow the pipe.
        Process read = start(List.of("tshark", "-r", pcap.toString(), "-o", "ip.check_checksum:TRUE",
            "-T", "fields", "-e", "eth.src", "-e", "eth.dst", "-e", "ip.src", "-e", "ip.dst", "-e", "ip.ttl",
            "-e", "ip.checksum.status",
            "-e", "udp.dstport", "-e", "udp.checksum", "-e", "frame.len", "-e", "udp.srcport"));
        String fields = new String(read.getInputStream().readAllBytes());
        assertTrue(read.waitFor(60, TimeUnit.SECONDS) && read.exitValue() == 0, "tshark -r:\n" + fields);
        Set<Integer> ports = new HashSet<>();
        int n = 0;
        for (String l : fields.strip().split("\n")) {
            if (l.startsWith("Running as user")) {
                continue; // tshark's root warning (stderr is merged)
            }
            String[] f = l.split("\t");
            assertEquals("02:b0:00:00:00:01\t02:b0:00:00:00:02\t198.18.0.1\t198.19.0.1\t1\t1\t9\t0x0000\t64",
                String.join("\t", List.of(f).subList(0, 9)), "frame " + n);
            int sport = Integer.parseInt(f[9]);
            assertTrue(sport >= 1024 && sport < 2024, "source port " + sport);
            ports.add(sport);
            n++;
        }
        assertEquals(3000, n);
        // Captures drop frames at this rate, but consecutive frames differ in source port.
        assertTrue(ports.size() > 100, "distinct source ports among 3000 captured frames: " + ports.size());
    }

    /** Runs the generator on g0 for {@code seconds}; returns the frames it reports. */
    private long generate(int flows, double seconds) throws Exception {
        Process g = start(gen, "XdpGen", "--dev", "g0", "--flows", Integer.toString(flows), "--seconds",
            Double.toString(seconds), "--cpu", "-1", "--call-ms", "100");
        String all = new String(g.getInputStream().readAllBytes());
        assertTrue(g.waitFor(60, TimeUnit.SECONDS) && g.exitValue() == 0, "generator failed:\n" + all);
        Matcher m = DONE.matcher(all);
        assertTrue(m.find(), "generator output:\n" + all);
        return Long.parseLong(m.group(1));
    }

    private void run(String ns, String main, String... args) throws Exception {
        Process p = start(ns, main, args);
        String all = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, main + " failed:\n" + all);
    }

    private Process start(String ns, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), "io.jvswitch.benchmarks.e2e." + main));
        cmd.addAll(List.of(args));
        return start(cmd);
    }

    private Process start(List<String> cmd) throws IOException {
        Process p = NetTopology.start(cmd);
        started.add(p);
        return p;
    }

    private static long stat(String ns, String dev, String counter) throws IOException {
        return Long.parseLong(NetTopology.run("ip", "netns", "exec", ns, "cat",
            "/sys/class/net/" + dev + "/statistics/" + counter).strip());
    }
}
