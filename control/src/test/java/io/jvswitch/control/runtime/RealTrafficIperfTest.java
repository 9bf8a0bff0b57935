package io.jvswitch.control.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jvswitch.control.runtime.RealTrafficFixture.Member;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.vport.netns.NetTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Ping and TCP across the switch between two namespaces, for every port type in
 * {@link RealTrafficFixture#PORT_TYPES}: a 2-second iperf3 transfer completes with nonzero throughput (iperf3's
 * JSON report); then 16 MiB over one TCP connection arrive complete and unchanged (byte count and SHA-256 on both
 * ends — iperf3's own "received" misses the bytes in flight when the test ends, esnet/iperf#382, so it cannot show
 * equality); every frame one port received left by the other, and no port dropped a received frame (with
 * offloads off nothing oversize reaches the switch).
 * Privileged; needs iperf3, ethtool and python3.
 */
class RealTrafficIperfTest {
    private static final int SECONDS = 2;
    private static final long EXACT_BYTES = 16L << 20;
    private RealTrafficFixture fx;
    private Process server;
    private Process sink;
    private Path script;

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (Process p : new Process[] {server, sink}) {
                if (p != null && p.isAlive()) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            if (script != null) {
                Files.deleteIfExists(script);
            }
        } finally {
            if (fx != null) {
                fx.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.jvswitch.control.runtime.RealTrafficFixture#portTypes")
    void pingAndAnIperf3TcpTransferCrossTheSwitch(String type) throws Exception {
        fx = new RealTrafficFixture("RealTrafficIperfTest", type, "iperf3", "python3");
        Member a = fx.member(null, null, Set.of());
        Member b = fx.member(null, null, Set.of());
        SwitchRuntime rt = fx.start();
        String net = fx.subnet(0);
        fx.addr(a, net + ".1/24");
        fx.addr(b, net + ".2/24");
        assertTrue(NetTopology.ping(a.ns(), net + ".2", 3), type + ": ping across the switch; " + fx.portCounters());

        server = NetTopology.start(List.of("ip", "netns", "exec", b.ns(), "iperf3", "-s", "-1", "-B", net + ".2"));
        awaitListening(b.ns(), 5201);
        Process client = NetTopology.start(List.of("ip", "netns", "exec", a.ns(), "iperf3", "-c", net + ".2",
                "-t", Integer.toString(SECONDS), "-J", "--connect-timeout", "3000"));
        String json;
        try {
            json = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(client.waitFor(SECONDS + 20L, TimeUnit.SECONDS), "iperf3 client finishes");
        } finally {
            client.destroyForcibly();
        }
        Map<String, String> r = scalars(json);
        assertEquals(0, client.exitValue(), type + ": iperf3 -c failed: " + r.getOrDefault("error", json) + "; "
                + fx.portCounters());
        assertTrue(r.containsKey("end.sum_received.bytes") && r.containsKey("end.sum_sent.bytes"), type
                + ": iperf3 reports a completed transfer: " + json + "; " + fx.portCounters());
        long sent = Long.parseLong(r.get("end.sum_sent.bytes"));
        long received = Long.parseLong(r.get("end.sum_received.bytes"));
        double bps = Double.parseDouble(r.get("end.sum_received.bits_per_second"));
        System.out.printf("RealTrafficIperfTest %s: iperf3 %d bytes received of %d sent in %d s, %.1f Mbit/s, %s "
                + "retransmits; %s%n  %s: %s%n  %s: %s%n", type, received, sent, SECONDS, bps / 1e6,
                r.get("end.sum_sent.retransmits"), fx.portCounters(), a.ns(), linkStats(a), b.ns(), linkStats(b));
        assertTrue(received > 0 && bps > 0, type + ": nonzero transfer: " + received + " bytes, " + bps + " bit/s");
        // iperf3's receiver stops counting when the client signals the end of the test, so bytes still in flight
        // are missing from sum_received (esnet/iperf#382): received <= sent here, equality below.
        assertTrue(received <= sent, type + ": iperf3 received " + received + " > sent " + sent);
        assertTrue(server.waitFor(10, TimeUnit.SECONDS), "iperf3 -s -1 exits after its one test");

        String[] exact = exactTransfer(a, b, net + ".2", EXACT_BYTES);
        assertEquals(exact[0], exact[1], type + ": every byte sent arrived, in order (bytes sha256); "
                + fx.portCounters());
        assertTrue(exact[0].startsWith(EXACT_BYTES + " "), exact[0]);

        // Two ports: every frame one port received is one the other transmitted or counted as a tx drop, or the
        // switch lost it silently. (Frames the kernel dropped before the switch saw them, when the PMD fell behind,
        // show as retransmits, not here. A TAP still coming up refuses a flooded frame or two with EIO: counted.)
        Port pa = rt.port(a.port());
        Port pb = rt.port(b.port());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((pa.stats().rxPackets() != out(pb) || pb.stats().rxPackets() != out(pa))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(pa.stats().rxPackets(), out(pb), type + ": frames in at a = frames out at b (sent or counted "
                + "as tx drops); " + fx.portCounters());
        assertEquals(pb.stats().rxPackets(), out(pa), type + ": frames in at b = frames out at a (sent or counted "
                + "as tx drops); " + fx.portCounters());
        assertTrue(pa.stats().txDropped() + pb.stats().txDropped() <= 4, type + ": at most a few tx drops (a TAP "
                + "coming up); " + fx.portCounters());
        for (Member m : List.of(a, b)) {
            Port p = rt.port(m.port());
            assertTrue(p.stats().rxPackets() > 0 && p.stats().txPackets() > 0, m.port() + " forwarded both ways");
            assertEquals(0, p.stats().rxDropped(), type + ": " + m.port() + " dropped no received frame "
                    + "(an oversize drop means an offload is still on); " + fx.portCounters());
        }
    }

    /**
     * Sends {@code bytes} over one TCP connection from {@code from} to a sink at {@code ip} in {@code to} that reads
     * to EOF ({@code tcpcheck.py}); returns {sender's "bytes sha256", sink's "bytes sha256"}.
     */
    private String[] exactTransfer(Member from, Member to, String ip, long bytes) throws Exception {
        if (script == null) {
            script = Files.createTempFile("jvs-tcpcheck-", ".py");
            try (InputStream in = RealTrafficIperfTest.class.getResourceAsStream("tcpcheck.py")) {
                Files.write(script, in.readAllBytes());
            }
        }
        sink = NetTopology.start(List.of("ip", "netns", "exec", to.ns(), NetTopology.python(), script.toString(),
                "sink", ip, "5202"));
        BufferedReader sinkOut = NetTopology.lines(sink);
        assertEquals("ready", sinkOut.readLine(), "tcpcheck sink starts");
        String sent = NetTopology.run("ip", "netns", "exec", from.ns(), NetTopology.python(), script.toString(),
                "source", ip, "5202", Long.toString(bytes)).trim();
        String got = sinkOut.readLine();
        assertTrue(sink.waitFor(10, TimeUnit.SECONDS), "tcpcheck sink exits");
        return new String[] {sent, got};
    }

    /** The namespace-side interface's kernel counters ({@code ip -s link}), one line, for the report. */
    private static String linkStats(Member m) throws IOException {
        return RealTrafficFixture.run(m.ns(), "ip", "-s", "-o", "link", "show", m.dev()).replaceAll("\\s+", " ")
                .replaceAll(".*RX:", "RX:").trim();
    }

    private static void awaitListening(String ns, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String out = RealTrafficFixture.run(ns, "ss", "-Hltn", "sport = :" + port);
            if (!out.isBlank()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("iperf3 server not listening on " + port + " in " + ns);
    }

    /** Every scalar of a JSON document by its dotted path (array elements by index). */
    static Map<String, String> scalars(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        Deque<String> path = new ArrayDeque<>();
        Deque<int[]> arrayIndex = new ArrayDeque<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String field = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case START_OBJECT, START_ARRAY -> {
                        path.addLast(name(field, arrayIndex));
                        arrayIndex.addLast(new int[] {t == JsonToken.START_ARRAY ? 0 : -1});
                        field = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        path.removeLast();
                        arrayIndex.removeLast();
                    }
                    default -> {
                        String key = String.join(".", path) + "." + name(field, arrayIndex);
                        out.put(key.replaceFirst("^\\.+", ""), p.getText());
                        field = null;
                    }
                }
            }
        }
        return out;
    }

    private static String name(String field, Deque<int[]> arrayIndex) {
        if (field != null) {
            return field;
        }
        int[] i = arrayIndex.peekLast();
        return i == null || i[0] < 0 ? "" : Integer.toString(i[0]++);
    }

    /** Frames a port took for transmission: sent, or dropped and counted. */
    private static long out(Port p) {
        return p.stats().txPackets() + p.stats().txDropped();
    }
}
