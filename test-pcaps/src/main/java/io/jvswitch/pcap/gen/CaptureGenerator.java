package io.jvswitch.pcap.gen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the project-made captures.
 *
 * <p><b>What</b>: one libpcap file per theme (Ethernet/LLC, VLAN, MPLS, ARP, IPv4, IPv6, a realistic mix,
 * jumbo frames), committed under {@code test-pcaps/src/main/resources/pcaps/} and read by parser, port and
 * end-to-end tests from the classpath ({@code /pcaps/NAME}).
 *
 * <p><b>Design</b>: frames are built from {@link Layer}s with {@link Frame}; every value is fixed in code
 * (no clocks, no unseeded randomness), so the output is byte-for-byte reproducible and a test checks the
 * committed files against a fresh run. To change a capture: edit its {@code *Captures} class, run
 * {@code java -cp test-pcaps/target/classes io.jvswitch.pcap.gen.CaptureGenerator [outDir]} from the
 * repository root, and commit code and captures together.
 *
 * <p><b>Thread-safety / Performance</b>: a build-time tool; single-threaded, allocation is irrelevant.
 */
public final class CaptureGenerator {
    public static final String DEFAULT_DIR = "test-pcaps/src/main/resources/pcaps";

    private CaptureGenerator() {
    }

    /** Every capture, in a fixed order. */
    public static List<Capture> all() {
        return List.of(EthernetLlcCaptures.build(), VlanCaptures.build(), MplsCaptures.build(),
                ArpCaptures.build(), Ipv4Captures.build(), Ipv6Captures.build(), MixedCaptures.build(),
                JumboCaptures.build());
    }

    /** Writes every capture into {@code dir} (created if missing); returns the files written. */
    public static List<Path> writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        return all().stream().map(c -> {
            try {
                return c.write(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : DEFAULT_DIR);
        for (Path p : writeAll(dir)) {
            System.out.printf("%-40s %7d bytes%n", p, Files.size(p));
        }
    }
}
