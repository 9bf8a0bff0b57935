package io.jvswitch.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed project-made captures on the classpath ({@code /pcaps/NAME}), written by
 * {@code io.jvswitch.pcap.gen.CaptureGenerator}. Tests read them as records or copy them to a file.
 */
public final class Captures {
    public static final String ETHERNET_LLC = "ethernet-llc.pcap";
    public static final String VLAN = "vlan.pcap";
    public static final String MPLS = "mpls.pcap";
    public static final String ARP = "arp.pcap";
    public static final String IPV4 = "ipv4.pcap";
    public static final String IPV6 = "ipv6.pcap";
    public static final String MIXED = "mixed.pcap";
    public static final String JUMBO = "jumbo.pcap";
    public static final List<String> ALL = List.of(ETHERNET_LLC, VLAN, MPLS, ARP, IPV4, IPV6, MIXED, JUMBO);

    private Captures() {
    }

    /** Opens a committed capture; the caller closes the stream. */
    public static InputStream open(String name) throws IOException {
        InputStream in = Captures.class.getResourceAsStream("/pcaps/" + name);
        if (in == null) {
            throw new IOException("no committed capture /pcaps/" + name + " on the classpath");
        }
        return in;
    }

    /** Every record of a committed capture, in order. */
    public static List<PcapRecord> records(String name) throws IOException {
        List<PcapRecord> out = new ArrayList<>();
        try (PcapReader r = new PcapReader(open(name), name)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
        }
        return out;
    }

    /** The frames (captured bytes) of a committed capture, in order. */
    public static List<byte[]> frames(String name) throws IOException {
        return records(name).stream().map(PcapRecord::data).toList();
    }

    /** Copies a committed capture to {@code dir/name} and returns that path. */
    public static Path copyTo(String name, Path dir) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = open(name)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
