package io.jvswitch.control.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.parse.TestFrames;
import io.jvswitch.pcap.PcapWriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capture-file handling of {@code parse-pcap} next to the real {@code ovs-ofctl}: byte orders, sizes, cuts. */
class ParsePcapFileFormatTest {
    private static final List<String> FRAMES = List.of("ipv4-tcp-syn", "nd-ns-sll", "qinq-88a8-8100-ipv4-udp");

    @TempDir
    Path tmp;

    @Test
    void bigEndianNanosecondCaptureParsesLikeOvs() throws Exception {
        Path ofctl = OvsOracle.ovsOfctl();
        ByteBuffer file = ByteBuffer.allocate(4096).order(ByteOrder.BIG_ENDIAN);
        file.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (String name : FRAMES) {
            byte[] f = TestFrames.get(name);
            file.putInt(1).putInt(999_999_999).putInt(f.length).putInt(f.length).put(f);
        }
        Path pcap = tmp.resolve("be-nanos.pcap");
        Files.write(pcap, Arrays.copyOf(file.array(), file.position()));
        OvsOracle.Run ovs = OvsOracle.ovs(ofctl, pcap);
        OvsOracle.Run ours = OvsOracle.ours(pcap);
        assertEquals(0, ovs.exit(), ovs.stderr());
        assertEquals(0, ours.exit(), ours.stderr());
        assertEquals(FRAMES.size(), ours.lines().size());
        OvsOracle.assertSameLines(ovs.lines(), ours.lines(), FRAMES, "big-endian nanosecond capture");
    }

    @Test
    void jumboFramesParseAndRecordsOver65535BytesFailAsInOvs() throws Exception {
        Path ofctl = OvsOracle.ovsOfctl();
        Path pcap = tmp.resolve("jumbo.pcap");
        byte[] jumbo = TestFrames.get("ipv4-jumbo-udp");
        byte[] max = Arrays.copyOf(TestFrames.get("ipv6-udp"), 65535);
        try (PcapWriter w = PcapWriter.create(pcap)) {
            w.write(0, jumbo);
            w.write(0, max);
            w.write(0, new byte[70_000]);
            w.write(0, jumbo);
        }
        OvsOracle.Run ovs = OvsOracle.ovs(ofctl, pcap);
        OvsOracle.Run ours = OvsOracle.ours(pcap);
        assertNotEquals(0, ovs.exit());
        assertEquals(ovs.exit(), ours.exit(), "exit code for a record over 65535 bytes");
        assertEquals(2, ours.lines().size(), "packets before the oversize record are printed");
        OvsOracle.assertSameLines(ovs.lines(), ours.lines(), List.of("jumbo", "65535 bytes"), "jumbo capture");
        assertTrue(ours.stderr().contains("bad packet length 70000"), ours.stderr());
    }

    /** OVS treats a capture cut inside a record as its end (exit 0); we print the same packets but fail. */
    @Test
    void captureCutInsideARecordPrintsTheSamePacketsButIsReportedAsAnError() throws Exception {
        Path ofctl = OvsOracle.ovsOfctl();
        Path whole = tmp.resolve("whole.pcap");
        try (PcapWriter w = PcapWriter.create(whole)) {
            for (String name : FRAMES) {
                w.write(0, TestFrames.get(name));
            }
        }
        byte[] b = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(b, b.length - 5));
        OvsOracle.Run ovs = OvsOracle.ovs(ofctl, cut);
        OvsOracle.Run ours = OvsOracle.ours(cut);
        OvsOracle.assertSameLines(ovs.lines(), ours.lines(), FRAMES, "capture cut inside its last record");
        assertEquals(FRAMES.size() - 1, ours.lines().size());
        assertNotEquals(0, ours.exit());
        assertTrue(ours.stderr().contains("cut.pcap: read failed (") && ours.stderr().contains("truncated record"),
                ours.stderr());
    }

    @Test
    void unknownLinkTypeIsRefusedAsInOvs() throws Exception {
        Path ofctl = OvsOracle.ovsOfctl();
        ByteBuffer file = ByteBuffer.allocate(24 + 16 + 60).order(ByteOrder.LITTLE_ENDIAN);
        file.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(101);                                         // LINKTYPE_RAW (IP, no link header)
        file.putInt(0).putInt(0).putInt(60).putInt(60).put(new byte[60]);
        Path pcap = tmp.resolve("raw.pcap");
        Files.write(pcap, file.array());
        OvsOracle.Run ovs = OvsOracle.ovs(ofctl, pcap);
        OvsOracle.Run ours = OvsOracle.ours(pcap);
        assertNotEquals(0, ovs.exit());
        assertEquals(ovs.exit(), ours.exit());
        assertEquals(ovs.lines(), ours.lines());
        assertTrue(ours.stderr().contains("unknown link type 101"), ours.stderr());
    }
}
