package io.jvswitch.control.demo;

import io.jvswitch.pcap.PcapReader;
import io.jvswitch.pcap.PcapRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryDemoTest {

    private static List<byte[]> read(Path p) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (PcapReader r = PcapReader.open(p)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec.data());
            }
        }
        return out;
    }

    @Test
    void bundledCaptureCrossesTheDatapathAndEveryPacketIsAccountedFor(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pcap");
        try (InputStream s = InMemoryDemo.class.getResourceAsStream(InMemoryDemo.BUNDLED_CAPTURE)) {
            Files.copy(s, in);
        }
        Path out = dir.resolve("out.pcap");
        DemoReport r = InMemoryDemo.run(in, out, 100);
        List<byte[]> sent = read(in);
        List<byte[]> recorded = read(out);
        PortCounters uplink = r.ports().get(0);
        PortCounters vm = r.ports().get(1);
        assertEquals(sent.size(), uplink.rxPackets());
        assertEquals(sent.size(), vm.txPackets());
        assertEquals(uplink.rxBytes(), vm.txBytes());
        assertEquals(sent.size(), recorded.size());
        PmdCounters p = r.pmd();
        assertEquals(sent.size(), p.get("emc_hits") + p.get("megaflow_hits") + p.get("upcalls")
                + p.get("upcall_reused"));
        assertEquals(r.flows().size(), p.get("upcalls"));
        long flowPackets = r.flows().stream().mapToLong(f -> f.packets()).sum();
        assertEquals(sent.size(), flowPackets, "per-flow counters add up to the packets forwarded");
        // The recorded capture holds the same frames (per-flow order is kept; compare as multisets).
        List<String> a = new ArrayList<>(sent.stream().map(InMemoryDemoTest::hex).toList());
        List<String> b = new ArrayList<>(recorded.stream().map(InMemoryDemoTest::hex).toList());
        a.sort(null);
        b.sort(null);
        assertEquals(a, b);
    }

    @Test
    void bundledCaptureIsUsedWhenNoneIsGivenAndTheReportPrints() throws Exception {
        DemoReport r = InMemoryDemo.run(null, null, 1);
        assertTrue(r.ports().get(0).rxPackets() > 100);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 5);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Ports"), text);
        assertTrue(text.contains("emc_hits:"), text);
        assertTrue(text.contains("actions:2"), text);
        assertEquals(5, text.lines().filter(l -> l.contains(", packets:")).count(), text);
    }

    @Test
    void recordedFramesAreByteIdenticalForASingleFlowCapture(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("one.pcap");
        try (var w = io.jvswitch.pcap.PcapWriter.create(in)) {
            for (int i = 0; i < 40; i++) {
                w.write(i * 1000L, io.jvswitch.dataplane.testing.Frames.udp(1, 2, 3, 4));
            }
        }
        Path out = dir.resolve("out.pcap");
        InMemoryDemo.run(in, out, 0);
        List<byte[]> s = read(in);
        List<byte[]> o = read(out);
        assertEquals(s.size(), o.size());
        for (int i = 0; i < s.size(); i++) {
            assertArrayEquals(s.get(i), o.get(i));
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
