package io.jvswitch.dataplane.parse;

import static io.jvswitch.dataplane.parse.TestFrames.add;

import java.util.Arrays;
import java.util.List;

/** Catalog frames for layer 4: TCP, UDP, SCTP, ICMP, IGMP, ICMPv6 and neighbour discovery. */
final class TestFramesL4 {
    private static final String MAC_X = "aa:bb:cc:dd:ee:ff";
    private static final String MAC_Y = "02:11:22:33:44:55";
    private static final String TARGET = "fe80::1";

    private TestFramesL4() {
    }

    static void addAll(List<TestFrames.Named> l) {
        add(l, "ipv4-tcp-syn", TestFrames.ipv4(6, TestFrames.concat(TestFrames.tcp(43210, 80, 0x002),
                new byte[10])));
        add(l, "ipv4-tcp-all-flags", TestFrames.ipv4(6, TestFrames.tcp(1, 65535, 0xfff)));
        add(l, "ipv4-tcp-no-flags", TestFrames.ipv4(6, TestFrames.tcp(0, 0, 0)));
        add(l, "ipv4-tcp-offset-below-5", TestFrames.ipv4(6, TestFrames.tcp(80, 81, 0x010, 4)));
        add(l, "ipv4-tcp-offset-past-end", TestFrames.ipv4(6, TestFrames.tcp(80, 81, 0x010, 15)));
        add(l, "ipv4-tcp-options", TestFrames.ipv4(6, TestFrames.concat(TestFrames.tcp(80, 81, 0x012, 8),
                new byte[12])));
        add(l, "ipv4-tcp-short", TestFrames.ipv4(6, Arrays.copyOf(TestFrames.tcp(80, 81, 2), 19)));
        add(l, "ipv4-udp", TestFrames.ipv4(17, TestFrames.udp(68, 67, 20)));
        add(l, "ipv4-udp-short", TestFrames.ipv4(17, new byte[7]));
        add(l, "ipv4-sctp", TestFrames.ipv4(132, TestFrames.sctp(36412, 36412)));
        add(l, "ipv4-sctp-short", TestFrames.ipv4(132, new byte[11]));
        add(l, "ipv4-icmp-echo", TestFrames.ipv4(1, TestFrames.icmp(8, 0)));
        add(l, "ipv4-icmp-unreachable", TestFrames.ipv4(1, TestFrames.icmp(3, 13)));
        add(l, "ipv4-icmp-short", TestFrames.ipv4(1, new byte[] {8, 0, 0, 0, 0, 0, 0}));
        add(l, "ipv4-igmp-report", TestFrames.ipv4(2, TestFrames.igmp(0x16, 0, "239.1.2.3")));
        add(l, "ipv4-igmp-query", TestFrames.ipv4(2, TestFrames.igmp(0x11, 100, "0.0.0.0")));
        add(l, "ipv4-carrying-icmpv6-ns", TestFrames.ipv4(58, TestFrames.nd(135, 0, 0, TARGET)
                .bytes(TestFrames.lla(1, MAC_X)).build()));
        add(l, "ipv6-tcp", TestFrames.ipv6(6, TestFrames.tcp(5201, 41000, 0x018)));
        add(l, "ipv6-udp", TestFrames.ipv6(17, TestFrames.udp(546, 547, 30)));
        add(l, "ipv6-udp-short", TestFrames.ipv6(17, new byte[7]));
        add(l, "ipv6-icmp4-proto", TestFrames.ipv6(1, TestFrames.icmp(8, 0)));
        add(l, "ipv6-icmp6-echo", TestFrames.ipv6(58, TestFrames.icmp(128, 0)));
        add(l, "ipv6-icmp6-short", TestFrames.ipv6(58, new byte[7]));
        add(l, "ipv6-icmp6-router-solicit", TestFrames.ipv6(58, TestFrames.nd(133, 0, 0, null)
                .bytes(TestFrames.lla(1, MAC_X)).build()));
        add(l, "nd-ns-sll", TestFrames.ipv6(58, TestFrames.nd(135, 0, 0, TARGET).bytes(TestFrames.lla(1, MAC_X))
                .build()));
        add(l, "nd-na-tll-flags", TestFrames.ipv6(58, TestFrames.nd(136, 0, 0xe0000000, "2001:db8::99")
                .bytes(TestFrames.lla(2, MAC_Y)).build()));
        add(l, "nd-na-tll-then-sll", TestFrames.ipv6(58, TestFrames.nd(136, 0, 0x40000000, TARGET)
                .bytes(TestFrames.lla(2, MAC_Y)).bytes(TestFrames.lla(1, MAC_X)).build()));
        add(l, "nd-ns-no-options", TestFrames.ipv6(58, TestFrames.nd(135, 0, 0, TARGET).build()));
        add(l, "nd-ns-no-target", TestFrames.ipv6(58, TestFrames.nd(135, 0, 0x12345678, null).build()));
        add(l, "nd-ns-truncated-target", TestFrames.ipv6(58, TestFrames.nd(135, 0, 0, null).zeros(15).build()));
        add(l, "nd-ns-duplicate-sll", TestFrames.ipv6(58, TestFrames.nd(135, 0, 0, TARGET)
                .bytes(TestFrames.lla(1, MAC_X)).bytes(TestFrames.lla(1, MAC_Y)).build()));
        add(l, "nd-ns-zero-length-option", TestFrames.ipv6(58, TestFrames.nd(135, 0, 0, TARGET)
                .hex("0100aabbccddeeff").bytes(TestFrames.lla(1, MAC_Y)).build()));
        add(l, "nd-ns-option-too-long", TestFrames.ipv6(58, TestFrames.nd(135, 0, 0, TARGET)
                .hex("0102aabbccddeeff").build()));
        add(l, "nd-ns-16-byte-sll-ignored", TestFrames.ipv6(58, TestFrames.nd(135, 0, 0, TARGET)
                .hex("0102aabbccddeeff0000000000000000").bytes(TestFrames.lla(2, MAC_Y)).build()));
        add(l, "nd-ns-unknown-option-first", TestFrames.ipv6(58, TestFrames.nd(135, 0, 0, TARGET)
                .hex("0e01000000000000").bytes(TestFrames.lla(1, MAC_X)).build()));
        add(l, "nd-ns-short-trailing-bytes", TestFrames.ipv6(58, TestFrames.nd(135, 0, 0, TARGET)
                .bytes(TestFrames.lla(1, MAC_X)).zeros(5).build()));
        add(l, "nd-ns-code-1", TestFrames.ipv6(58, TestFrames.nd(135, 1, 0, TARGET).bytes(TestFrames.lla(1, MAC_X))
                .build()));
        add(l, "nd-ns-after-first-fragment", TestFrames.ipv6(44, TestFrames.frag(58, 0x0001,
                TestFrames.nd(135, 0, 0, TARGET).bytes(TestFrames.lla(1, MAC_X)).build())));
        add(l, "nd-na-via-hopopts", TestFrames.ipv6(0, TestFrames.ext(58, 0,
                TestFrames.nd(136, 0, 0x20000000, TARGET).bytes(TestFrames.lla(2, MAC_Y)).build())));
    }
}
