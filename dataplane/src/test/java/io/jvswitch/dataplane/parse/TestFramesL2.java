package io.jvswitch.dataplane.parse;

import static io.jvswitch.dataplane.parse.TestFrames.DST;
import static io.jvswitch.dataplane.parse.TestFrames.SRC;
import static io.jvswitch.dataplane.parse.TestFrames.add;

import java.util.List;

/** Catalog frames for layer 2: Ethernet, 802.3/LLC/SNAP, VLAN tags, MPLS, ARP/RARP, runts. */
final class TestFramesL2 {
    private TestFramesL2() {
    }

    static void addAll(List<TestFrames.Named> l) {
        byte[] udp = TestFrames.ipv4(17, TestFrames.udp(1000, 53, 4));
        byte[] ipAfterEth = java.util.Arrays.copyOfRange(udp, 12, udp.length);   // type + IPv4 + UDP

        add(l, "runt-13", FrameBuilder.eth(DST, SRC).u8(0x08).build());
        add(l, "runt-1", new byte[] {1});
        add(l, "eth-only-ipv4-type", FrameBuilder.eth(DST, SRC).u16(0x0800).build());
        add(l, "eth-lldp", FrameBuilder.eth("01:80:c2:00:00:0e", SRC).u16(0x88cc).hex("0207 04 0a0000000002")
                .zeros(20).build());
        add(l, "eth-type-0x0600", FrameBuilder.eth(DST, SRC).u16(0x0600).zeros(10).build());
        add(l, "eth-multicast-broadcast-macs", FrameBuilder.eth("ff:ff:ff:ff:ff:ff", "01:00:5e:7f:ff:fa")
                .u16(0x9000).zeros(4).build());

        add(l, "llc-stp", FrameBuilder.eth("01:80:c2:00:00:00", SRC).u16(38).hex("424203").zeros(35).build());
        add(l, "llc-short", FrameBuilder.eth(DST, SRC).u16(7).hex("aaaa03000000").build());
        add(l, "snap-ipv4-udp", FrameBuilder.eth(DST, SRC).u16(ipAfterEth.length + 6).hex("aaaa03000000")
                .bytes(ipAfterEth).build());
        add(l, "snap-small-type", FrameBuilder.eth(DST, SRC).u16(30).hex("aaaa03000000").u16(0x05dc).zeros(8)
                .build());
        add(l, "snap-nonzero-oui", FrameBuilder.eth(DST, SRC).u16(30).hex("aaaa0300000c").u16(0x2000).zeros(8)
                .build());
        add(l, "snap-bad-control", FrameBuilder.eth(DST, SRC).u16(30).hex("aaaa13000000").u16(0x0800).zeros(8)
                .build());

        add(l, "vlan-ipv4-udp", TestFrames.vlan(FrameBuilder.eth(DST, SRC), 0x8100, 0x200a).bytes(ipAfterEth)
                .build());
        add(l, "vlan-pcp7-dei-vid4095", TestFrames.vlan(FrameBuilder.eth(DST, SRC), 0x8100, 0xffff)
                .bytes(ipAfterEth).build());
        add(l, "vlan-vid0", TestFrames.vlan(FrameBuilder.eth(DST, SRC), 0x8100, 0x0000).bytes(ipAfterEth)
                .build());
        add(l, "qinq-88a8-8100-ipv4-udp", TestFrames.vlan(TestFrames.vlan(FrameBuilder.eth(DST, SRC), 0x88a8,
                0x6064), 0x8100, 0x000a).bytes(ipAfterEth).build());
        add(l, "qinq-8100-8100", TestFrames.vlan(TestFrames.vlan(FrameBuilder.eth(DST, SRC), 0x8100, 0x0064),
                0x8100, 0x3005).bytes(ipAfterEth).build());
        add(l, "vlan-three-tags", TestFrames.vlan(TestFrames.vlan(TestFrames.vlan(FrameBuilder.eth(DST, SRC),
                0x88a8, 0x0001), 0x8100, 0x0002), 0x8100, 0x0003).bytes(ipAfterEth).build());
        add(l, "vlan-truncated-tag", FrameBuilder.eth(DST, SRC).u16(0x8100).u16(0x000a).build());
        add(l, "vlan-arp", concat(TestFrames.vlan(FrameBuilder.eth(DST, SRC), 0x8100, 0x0014).build(),
                tail(TestFrames.arp(0x0806, 1, 0x0800, 6, 4, 1))));
        add(l, "vlan-llc", TestFrames.vlan(FrameBuilder.eth(DST, SRC), 0x8100, 0x0005).u16(20)
                .hex("424203").zeros(17).build());

        add(l, "mpls-one-label", FrameBuilder.eth(DST, SRC).u16(0x8847).u32(mpls(100, 5, true, 64))
                .bytes(tail(udp)).build());
        add(l, "mpls-three-labels", FrameBuilder.eth(DST, SRC).u16(0x8847).u32(mpls(16, 0, false, 255))
                .u32(mpls(17, 1, false, 254)).u32(mpls(1048575, 7, true, 1)).bytes(tail(udp)).build());
        add(l, "mpls-five-labels", FrameBuilder.eth(DST, SRC).u16(0x8847).u32(mpls(1, 0, false, 1))
                .u32(mpls(2, 0, false, 2)).u32(mpls(3, 0, false, 3)).u32(mpls(4, 0, false, 4))
                .u32(mpls(5, 0, true, 5)).zeros(8).build());
        add(l, "mpls-no-bos-runs-off", FrameBuilder.eth(DST, SRC).u16(0x8847).u32(mpls(7, 0, false, 9))
                .u16(0x1234).build());
        add(l, "mpls-truncated-label", FrameBuilder.eth(DST, SRC).u16(0x8847).u16(0x0006).build());
        add(l, "mpls-multicast", FrameBuilder.eth("01:00:5e:80:00:01", SRC).u16(0x8848)
                .u32(mpls(200, 3, true, 10)).build());
        add(l, "vlan-mpls", TestFrames.vlan(FrameBuilder.eth(DST, SRC), 0x8100, 0x0007).u16(0x8847)
                .u32(mpls(300, 2, true, 33)).build());

        add(l, "arp-request", TestFrames.arp(0x0806, 1, 0x0800, 6, 4, 1));
        add(l, "arp-reply", FrameBuilder.eth(SRC, DST).u16(0x0806).u16(1).u16(0x0800).u8(6).u8(4).u16(2)
                .mac(DST).ip(TestFrames.IP_B).mac(SRC).ip(TestFrames.IP_A).zeros(18).build());
        add(l, "rarp-request", TestFrames.arp(0x8035, 1, 0x0800, 6, 4, 3));
        add(l, "arp-op-over-255", TestFrames.arp(0x0806, 1, 0x0800, 6, 4, 0x0101));
        add(l, "arp-bad-hlen", TestFrames.arp(0x0806, 1, 0x0800, 8, 4, 1));
        add(l, "arp-bad-htype", TestFrames.arp(0x0806, 6, 0x0800, 6, 4, 1));
        add(l, "arp-bad-ptype", TestFrames.arp(0x0806, 1, 0x86dd, 6, 4, 1));
        add(l, "arp-short", java.util.Arrays.copyOf(TestFrames.arp(0x0806, 1, 0x0800, 6, 4, 1), 41));
    }

    /** Label stack entry: label(20) tc(3) bos(1) ttl(8). */
    static int mpls(int label, int tc, boolean bos, int ttl) {
        return (label << 12) | (tc << 9) | (bos ? 0x100 : 0) | ttl;
    }

    /** The bytes after the 12 address bytes (type/length onwards). */
    static byte[] tail(byte[] frame) {
        return java.util.Arrays.copyOfRange(frame, 12, frame.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return TestFrames.concat(a, b);
    }
}
