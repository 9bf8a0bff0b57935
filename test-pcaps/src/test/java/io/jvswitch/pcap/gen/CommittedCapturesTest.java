package io.jvswitch.pcap.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.pcap.Captures;
import io.jvswitch.pcap.PcapReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommittedCapturesTest {
    private static final Path SOURCE_DIR = Path.of("src/main/resources/pcaps");
    private static final long BUDGET_BYTES = 300 * 1024;

    @Test
    void committedCapturesAreByteForByteWhatTheGeneratorWrites(@TempDir Path dir) throws IOException {
        List<Path> fresh = CaptureGenerator.writeAll(dir);
        for (Path f : fresh) {
            String name = f.getFileName().toString();
            try (InputStream in = CommittedCapturesTest.class.getResourceAsStream("/pcaps/" + name)) {
                assertNotNull(in, name + " is not committed; run CaptureGenerator and commit it");
                assertArrayEquals(Files.readAllBytes(f), in.readAllBytes(),
                        name + " drifted from its generator; regenerate with CaptureGenerator and commit both");
            }
        }
    }

    @Test
    void everyCommittedCaptureHasAGenerator() throws IOException {
        Set<String> generated = CaptureGenerator.all().stream().map(Capture::fileName)
                .collect(Collectors.toCollection(TreeSet::new));
        try (Stream<Path> files = Files.list(SOURCE_DIR)) {
            Set<String> committed = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pcap"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(generated, committed);
        }
        assertEquals(generated, new TreeSet<>(Captures.ALL));
    }

    @Test
    void capturesStayWithinTheSizeBudget() {
        long total = CaptureGenerator.all().stream().flatMap(c -> c.records().stream())
                .mapToLong(r -> 16 + r.data().length).sum();
        assertTrue(total < BUDGET_BYTES, "captures total " + total + " bytes");
    }

    @Test
    void everyCaptureReadsBackRecordForRecord(@TempDir Path dir) throws IOException {
        for (Capture c : CaptureGenerator.all()) {
            Path f = c.write(dir);
            try (PcapReader r = PcapReader.open(f)) {
                for (var expected : c.records()) {
                    var actual = r.next();
                    assertNotNull(actual, c.fileName());
                    assertArrayEquals(expected.data(), actual.data(), c.fileName());
                    assertEquals(expected.timestampNanos() / 1000, actual.timestampNanos() / 1000, c.fileName());
                }
                assertEquals(null, r.next(), c.fileName() + " has extra records");
            }
        }
    }

    @Test
    void jumboCaptureHoldsNineThousandByteMtuFramesAndAFullSizeOne() {
        Capture jumbo = CaptureGenerator.all().stream().filter(c -> c.fileName().equals("jumbo.pcap"))
                .findFirst().orElseThrow();
        assertEquals(List.of(9014, 9018, 9014, 1514), jumbo.records().stream().map(r -> r.data().length).toList());
    }
}
