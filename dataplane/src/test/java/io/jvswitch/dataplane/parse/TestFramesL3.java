package io.jvswitch.dataplane.parse;

import static io.jvswitch.dataplane.parse.TestFrames.DST;
import static io.jvswitch.dataplane.parse.TestFrames.SRC;
import static io.jvswitch.dataplane.parse.TestFrames.add;

import java.util.List;

/** Catalog frames for layer 3: IPv4 (options, fragments, bad lengths) and IPv6 (extension chains). */
final class TestFramesL3 {
    private static final byte[] NONE = new byte[0];

    private TestFramesL3() {
    }

    static void addAll(List<TestFrames.Named> l) {
        byte[] udp = TestFrames.udp(5000, 6000, 12);
        add(l, "ipv4-options-tcp", TestFrames.ipv4(FrameBuilder.eth(DST, SRC), 6, 0, 0,
                FrameBuilder.frame().hex("94040000 01010100").build(), TestFrames.tcp(22, 40000, 0x018)).build());
        add(l, "ipv4-tos-ecn", TestFrames.ipv4(FrameBuilder.eth(DST, SRC), 17, 0xb9, 0, NONE, udp).build());
        add(l, "ipv4-dont-fragment", TestFrames.ipv4(FrameBuilder.eth(DST, SRC), 17, 0, 0x4000, NONE, udp)
                .build());
        add(l, "ipv4-first-fragment", TestFrames.ipv4(FrameBuilder.eth(DST, SRC), 17, 0, 0x2000, NONE, udp)
                .build());
        add(l, "ipv4-later-fragment", TestFrames.ipv4(FrameBuilder.eth(DST, SRC), 17, 0, 0x0010, NONE, udp)
                .build());
        add(l, "ipv4-last-fragment-tcp", TestFrames.ipv4(FrameBuilder.eth(DST, SRC), 6, 0, 0x00b9, NONE,
                TestFrames.tcp(1, 2, 2)).build());
        add(l, "ipv4-reserved-flag-only", TestFrames.ipv4(FrameBuilder.eth(DST, SRC), 17, 0, 0x8000, NONE, udp)
                .build());
        add(l, "ipv4-gre", TestFrames.ipv4(47, FrameBuilder.frame().u16(0).u16(0x6558).zeros(14).build()));
        add(l, "ipv4-proto-255", TestFrames.ipv4(255, new byte[8]));
        add(l, "ipv4-padded-udp", TestFrames.concat(TestFrames.ipv4(17, TestFrames.udp(7, 9, 0)), new byte[18]));
        add(l, "ipv4-totlen-cuts-l4", TestFrames.rawIpv4(0x45, 24).u16(1).u16(2).u32(0).zeros(4).build());
        add(l, "ipv4-bad-ihl-4", TestFrames.rawIpv4(0x44, 40).zeros(20).build());
        add(l, "ipv4-ihl-past-end", TestFrames.rawIpv4(0x4f, 20).build());
        add(l, "ipv4-totlen-below-header", TestFrames.rawIpv4(0x45, 19).zeros(20).build());
        add(l, "ipv4-totlen-below-ihl", TestFrames.rawIpv4(0x46, 20).zeros(20).build());
        add(l, "ipv4-totlen-past-end", TestFrames.rawIpv4(0x45, 60).zeros(20).build());
        add(l, "ipv4-short-header", FrameBuilder.eth(DST, SRC).u16(0x0800).hex("4500001c0000").build());
        add(l, "ipv4-version-6-nibble", TestFrames.rawIpv4(0x65, 40).u16(80).u16(81).zeros(16).build());
        add(l, "ipv4-jumbo-udp", TestFrames.ipv4(17, TestFrames.udp(9000, 9001, 8972)));

        add(l, "ipv6-label-tclass", TestFrames.ipv6(FrameBuilder.eth(DST, SRC), 0xa7, 0xbcdef, 17, udp).build());
        add(l, "ipv6-no-next-header", TestFrames.ipv6(59, new byte[4]));
        add(l, "ipv6-hopopts-udp", TestFrames.ipv6(0, TestFrames.ext(17, 0, udp)));
        add(l, "ipv6-routing-tcp", TestFrames.ipv6(43, TestFrames.ext(6, 2, TestFrames.tcp(443, 5555, 0x011))));
        add(l, "ipv6-dstopts-sctp", TestFrames.ipv6(60, TestFrames.ext(132, 1, TestFrames.sctp(2905, 2906))));
        add(l, "ipv6-ah-udp", TestFrames.ipv6(51, TestFrames.ah(17, 4, udp)));
        add(l, "ipv6-chain-hop-dst-rt-ah-frag0-tcp", TestFrames.ipv6(0, TestFrames.ext(60, 0, TestFrames.ext(43, 0,
                TestFrames.ext(51, 1, TestFrames.ah(44, 1, TestFrames.frag(6, 0x0001,
                TestFrames.tcp(8080, 80, 0x002))))))));
        add(l, "ipv6-first-fragment-udp", TestFrames.ipv6(44, TestFrames.frag(17, 0x0001, udp)));
        add(l, "ipv6-later-fragment", TestFrames.ipv6(44, TestFrames.frag(17, 0x0058, udp)));
        add(l, "ipv6-atomic-fragment", TestFrames.ipv6(44, TestFrames.frag(17, 0x0000, udp)));
        add(l, "ipv6-fragment-reserved-bits", TestFrames.ipv6(44, TestFrames.frag(17, 0x0006, udp)));
        add(l, "ipv6-ext-runs-off-end", TestFrames.ipv6(0, FrameBuilder.frame().u8(17).u8(3).zeros(14).build()));
        add(l, "ipv6-ext-shorter-than-8", TestFrames.ipv6(60, new byte[6]));
        add(l, "ipv6-ah-runs-off-end", TestFrames.ipv6(51, FrameBuilder.frame().u8(6).u8(9).zeros(18).build()));
        add(l, "ipv6-unknown-ext-135", TestFrames.ipv6(135, new byte[16]));
        add(l, "ipv6-plen-past-end", FrameBuilder.eth(DST, SRC).u16(0x86dd).u32(0x60000000).u16(21).u8(17)
                .u8(64).ip(TestFrames.IP6_A).ip(TestFrames.IP6_B).bytes(udp).build());
        add(l, "ipv6-padded", TestFrames.concat(TestFrames.ipv6(17, TestFrames.udp(1, 2, 0)), new byte[10]));
        add(l, "ipv6-short-header", FrameBuilder.eth(DST, SRC).u16(0x86dd).hex("6000000000001140").zeros(20)
                .build());
        add(l, "vlan-ipv6-tcp", TestFrames.ipv6(TestFrames.vlan(FrameBuilder.eth(DST, SRC), 0x8100, 0xa123), 0,
                1, 6, TestFrames.tcp(179, 33000, 0x0c2)).build());
        add(l, "ipv6-mapped-addresses", FrameBuilder.eth(DST, SRC).u16(0x86dd).u32(0x60000000).u16(8).u8(17)
                .u8(1).ip("::ffff:1.2.3.4").ip("::1.2.3.4").bytes(TestFrames.udp(1, 2, 0)).build());
        add(l, "ipv6-zero-runs", FrameBuilder.eth(DST, SRC).u16(0x86dd).u32(0x60000000).u16(0).u8(59)
                .u8(1).ip("1:0:0:1::").ip("0:ffff::1").build());
    }
}
