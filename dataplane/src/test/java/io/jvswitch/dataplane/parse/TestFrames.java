package io.jvswitch.dataplane.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * A catalog of named test frames covering every case the parser handles, well-formed and broken. Used by
 * the parser unit tests and, written to a capture, by the {@code ovs-ofctl parse-pcap} oracle test.
 */
public final class TestFrames {
    /** One test frame. */
    public record Named(String name, byte[] bytes) {
    }

    public static final String DST = "0a:00:00:00:00:01";
    public static final String SRC = "0a:00:00:00:00:02";
    public static final String IP_A = "192.168.0.1";
    public static final String IP_B = "10.1.2.3";
    public static final String IP6_A = "2001:db8::1";
    public static final String IP6_B = "fe80::200:5eff:fe00:5301";

    private TestFrames() {
    }

    // ---- L4 headers ----

    public static byte[] tcp(int sport, int dport, int flags, int dataOffsetWords) {
        FrameBuilder f = FrameBuilder.frame().u16(sport).u16(dport).u32(0x01020304).u32(0)
                .u16((dataOffsetWords << 12) | flags).u16(65535).u16(0).u16(0);
        return f.build();
    }

    public static byte[] tcp(int sport, int dport, int flags) {
        return tcp(sport, dport, flags, 5);
    }

    public static byte[] udp(int sport, int dport, int payload) {
        return FrameBuilder.frame().u16(sport).u16(dport).u16(8 + payload).u16(0).zeros(payload).build();
    }

    public static byte[] sctp(int sport, int dport) {
        return FrameBuilder.frame().u16(sport).u16(dport).u32(0xdeadbeef).u32(0).build();
    }

    public static byte[] icmp(int type, int code) {
        return FrameBuilder.frame().u8(type).u8(code).u16(0).u32(0x00010002).build();
    }

    public static byte[] igmp(int type, int code, String group) {
        return FrameBuilder.frame().u8(type).u8(code).u16(0).ip(group).build();
    }

    // ---- IPv4 ----

    /** An IPv4 header (ihl from the options length) and payload after an Ethernet header. */
    public static FrameBuilder ipv4(FrameBuilder f, int proto, int tos, int fragField, byte[] options, byte[] l4) {
        int ihl = 5 + options.length / 4;
        return f.u16(0x0800).u8(0x40 | ihl).u8(tos).u16(ihl * 4 + l4.length).u16(0x1234).u16(fragField)
                .u8(64).u8(proto).u16(0).ip(IP_A).ip(IP_B).bytes(options).bytes(l4);
    }

    public static byte[] ipv4(int proto, byte[] l4) {
        return ipv4(FrameBuilder.eth(DST, SRC), proto, 0, 0, new byte[0], l4).build();
    }

    /** A raw IPv4 header with every length field chosen by the caller (for malformed cases). */
    public static FrameBuilder rawIpv4(int verIhl, int totLen) {
        return FrameBuilder.eth(DST, SRC).u16(0x0800).u8(verIhl).u8(0).u16(totLen).u16(1).u16(0).u8(64).u8(6)
                .u16(0).ip(IP_A).ip(IP_B);
    }

    // ---- IPv6 ----

    public static FrameBuilder ipv6(FrameBuilder f, int tc, int flowLabel, int next, byte[] payload) {
        return f.u16(0x86dd).u32(0x60000000 | (tc << 20) | flowLabel).u16(payload.length).u8(next).u8(255)
                .ip(IP6_A).ip(IP6_B).bytes(payload);
    }

    public static byte[] ipv6(int next, byte[] payload) {
        return ipv6(FrameBuilder.eth(DST, SRC), 0, 0, next, payload).build();
    }

    /** A generic extension header (hop-by-hop, routing, destination options) of {@code 8 * (len + 1)} bytes. */
    public static byte[] ext(int next, int len, byte[] rest) {
        FrameBuilder f = FrameBuilder.frame().u8(next).u8(len).zeros(6);
        f.zeros(len * 8);
        byte[] h = f.build();
        return concat(h, rest);
    }

    public static byte[] ah(int next, int len, byte[] rest) {
        byte[] h = FrameBuilder.frame().u8(next).u8(len).u16(0).u32(0x100).zeros((len + 2) * 4 - 8).build();
        return concat(h, rest);
    }

    public static byte[] frag(int next, int offlg, byte[] rest) {
        return concat(FrameBuilder.frame().u8(next).u8(0).u16(offlg).u32(0xabcd).build(), rest);
    }

    /** ICMPv6 neighbour solicitation (135) or advertisement (136): header, reserved word, target, options. */
    public static FrameBuilder nd(int type, int code, int reserved, String target) {
        FrameBuilder f = FrameBuilder.frame().u8(type).u8(code).u16(0).u32(reserved);
        return target == null ? f : f.ip(target);
    }

    public static byte[] lla(int optType, String mac) {
        return FrameBuilder.frame().u8(optType).u8(1).mac(mac).build();
    }

    // ---- L2 ----

    public static FrameBuilder vlan(FrameBuilder f, int tpid, int tci) {
        return f.u16(tpid).u16(tci);
    }

    public static byte[] arp(int ethType, int htype, int ptype, int hlen, int plen, int op) {
        return FrameBuilder.eth("ff:ff:ff:ff:ff:ff", SRC).u16(ethType).u16(htype).u16(ptype).u8(hlen).u8(plen)
                .u16(op).mac(SRC).ip(IP_A).mac("00:00:00:00:00:00").ip(IP_B).build();
    }

    public static byte[] concat(byte[]... parts) {
        FrameBuilder f = FrameBuilder.frame();
        for (byte[] p : parts) {
            f.bytes(p);
        }
        return f.build();
    }

    /** Every catalog frame, in a fixed order. */
    public static List<Named> all() {
        List<Named> l = new ArrayList<>();
        TestFramesL2.addAll(l);
        TestFramesL3.addAll(l);
        TestFramesL4.addAll(l);
        return l;
    }

    /** Looks a frame up by name. */
    public static byte[] get(String name) {
        for (Named n : all()) {
            if (n.name().equals(name)) {
                return n.bytes();
            }
        }
        throw new IllegalArgumentException("no test frame " + name);
    }

    static void add(List<Named> l, String name, byte[] bytes) {
        l.add(new Named(name, bytes));
    }
}
