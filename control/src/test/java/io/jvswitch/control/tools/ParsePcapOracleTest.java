package io.jvswitch.control.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.parse.TestFrames;
import io.jvswitch.pcap.PcapWriter;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle: our {@code parse-pcap} must print, line for line, what the real {@code ovs-ofctl parse-pcap}
 * (Open vSwitch 3.1) prints for the same capture: the project's captures in test-pcaps, every parser
 * catalog frame, and every truncation of every catalog frame.
 */
class ParsePcapOracleTest {
    /** Truncations are tried at every length up to this, then at the full length. */
    private static final int MAX_TRUNCATION = 160;

    @TempDir
    Path tmp;

    @Test
    void everyCatalogFrameParsesLikeOvs() throws Exception {
        Path ofctl = OvsOracle.ovsOfctl();
        List<String> names = new ArrayList<>();
        Path pcap = tmp.resolve("catalog.pcap");
        try (PcapWriter w = PcapWriter.create(pcap)) {
            for (TestFrames.Named f : TestFrames.all()) {
                names.add(f.name());
                w.write(0, f.bytes());
            }
        }
        compare(ofctl, pcap, names);
    }

    @Test
    void everyTruncationOfEveryCatalogFrameParsesLikeOvs() throws Exception {
        Path ofctl = OvsOracle.ovsOfctl();
        List<String> names = new ArrayList<>();
        Path pcap = tmp.resolve("truncations.pcap");
        try (PcapWriter w = PcapWriter.create(pcap)) {
            for (TestFrames.Named f : TestFrames.all()) {
                byte[] b = f.bytes();
                for (int len = 1; len < Math.min(b.length, MAX_TRUNCATION); len++) {
                    names.add(f.name() + " cut at " + len);
                    w.write(0, b, 0, len, b.length);
                }
            }
        }
        compare(ofctl, pcap, names);
    }

    @Test
    void linuxCookedCaptureParsesLikeOvs() throws Exception {
        Path ofctl = OvsOracle.ovsOfctl();
        Path pcap = tmp.resolve("sll.pcap");
        List<String> names = new ArrayList<>();
        ByteBuffer file = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        file.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(ParsePcap.LINKTYPE_LINUX_SLL);
        for (TestFrames.Named f : TestFrames.all()) {
            byte[] eth = f.bytes();
            if (eth.length < 14) {
                continue;
            }
            ByteBuffer sll = ByteBuffer.allocate(16 + eth.length - 14);
            sll.putShort((short) 4).putShort((short) 1).putShort((short) 6).put(eth, 6, 6).putShort((short) 0)
                    .put(eth, 12, 2).put(eth, 14, eth.length - 14);
            if (file.remaining() < 16 + sll.capacity()) {
                break;
            }
            names.add(f.name());
            file.putInt(0).putInt(0).putInt(sll.capacity()).putInt(sll.capacity()).put(sll.array());
        }
        Files.write(pcap, Arrays.copyOf(file.array(), file.position()));
        compare(ofctl, pcap, names);
    }

    @TestFactory
    Stream<DynamicTest> projectCapturesParseLikeOvs() throws Exception {
        List<Path> captures = projectCaptures();
        if (captures.isEmpty()) {
            System.out.println("ParsePcapOracleTest: no captures under test-pcaps resources /pcaps yet; the "
                    + "catalog captures above still run");
        }
        return captures.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                () -> compare(OvsOracle.ovsOfctl(), p, null)));
    }

    @Test
    void missingFileFailsWithOvsExitCode() throws Exception {
        Path ofctl = OvsOracle.ovsOfctl();
        Path missing = tmp.resolve("no-such.pcap");
        OvsOracle.Run ovs = OvsOracle.ovs(ofctl, missing);
        OvsOracle.Run ours = OvsOracle.ours(missing);
        assertEquals(ovs.exit(), ours.exit(), "exit code for a missing file");
        assertEquals(List.of(), ours.lines());
        assertTrue(ours.stderr().contains("no-such.pcap: open failed (No such file or directory)"), ours.stderr());
    }

    @Test
    void badMagicFailsWithOvsExitCodeAndLaterFilesStillParse() throws Exception {
        Path ofctl = OvsOracle.ovsOfctl();
        Path bad = tmp.resolve("bad.pcap");
        Files.write(bad, new byte[40]);
        Path good = tmp.resolve("good.pcap");
        try (PcapWriter w = PcapWriter.create(good)) {
            w.write(0, TestFrames.get("ipv4-tcp-syn"));
        }
        OvsOracle.Run ovs = OvsOracle.ovs(ofctl, bad, good);
        OvsOracle.Run ours = OvsOracle.ours(bad, good);
        assertNotEquals(0, ovs.exit());
        assertEquals(ovs.exit(), ours.exit(), "exit code for a file with a bad magic number");
        assertEquals(ovs.lines(), ours.lines());
        assertFalse(ours.stderr().isEmpty());
    }

    @Test
    void zeroLengthRecordEndsTheFileAsInOvs() throws Exception {
        Path ofctl = OvsOracle.ovsOfctl();
        Path pcap = tmp.resolve("zero.pcap");
        try (PcapWriter w = PcapWriter.create(pcap)) {
            w.write(0, TestFrames.get("ipv4-udp"));
            w.write(0, new byte[0]);
            w.write(0, TestFrames.get("ipv6-tcp"));
        }
        OvsOracle.Run ovs = OvsOracle.ovs(ofctl, pcap);
        OvsOracle.Run ours = OvsOracle.ours(pcap);
        assertEquals(ovs.exit(), ours.exit());
        assertEquals(ovs.lines(), ours.lines());
        assertEquals(1, ours.lines().size());
    }

    private static void compare(Path ofctl, Path pcap, List<String> names) throws Exception {
        OvsOracle.Run ovs = OvsOracle.ovs(ofctl, pcap);
        assertEquals(0, ovs.exit(), "ovs-ofctl parse-pcap failed: " + ovs.stderr());
        OvsOracle.Run ours = OvsOracle.ours(pcap);
        assertEquals(0, ours.exit(), "our parse-pcap failed: " + ours.stderr());
        OvsOracle.assertSameLines(ovs.lines(), ours.lines(), names, pcap.getFileName().toString());
    }

    /** Every {@code .pcap} resource under {@code /pcaps} on the class path (test-pcaps' captures). */
    private List<Path> projectCaptures() throws IOException, URISyntaxException {
        URL url = ParsePcapOracleTest.class.getResource("/pcaps");
        if (url == null) {
            return List.of();
        }
        URI uri = url.toURI();
        List<Path> out = new ArrayList<>();
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of()); Stream<Path> s = Files.walk(fs.getPath(
                    "/pcaps"))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList()) {
                    Path copy = tmp.resolve(p.getFileName().toString());
                    try (InputStream in = Files.newInputStream(p)) {
                        Files.copy(in, copy);
                    }
                    out.add(copy);
                }
            }
        } else {
            try (Stream<Path> s = Files.walk(Path.of(uri))) {
                out.addAll(s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList());
            }
        }
        return out;
    }
}
