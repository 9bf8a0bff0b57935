package io.jvswitch.control.runtime;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The frames a VLAN trunk's far end sends and reads in {@link RealTrafficVlanTest}: ARP requests and ICMP echo
 * requests with or without an 802.1Q tag, as hex for {@code rawsock.py}, and a reader for what comes back. Built by
 * hand because the kernel may lack 802.1Q subinterfaces ({@code CONFIG_VLAN_8021Q}); the namespaces on the access
 * ports answer with their own, real, IP stacks.
 */
final class TrunkFrames {
    static final int UNTAGGED = -1;
    private static final HexFormat HEX = HexFormat.of();

    private TrunkFrames() {
    }

    /** "who-has {@code targetIp} tell {@code srcIp}" from {@code srcMac} to broadcast, tagged {@code vid}. */
    static String arpRequest(String srcMac, String srcIp, String targetIp, int vid) {
        ByteBuffer b = eth("ffffffffffff", srcMac, vid, 0x0806, 28);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        b.put(HEX.parseHex(srcMac)).put(ip(srcIp)).put(new byte[6]).put(ip(targetIp));
        return HEX.formatHex(pad(b));
    }

    /** ICMP echo request ({@code id}, {@code seq}, 32 bytes of payload) tagged {@code vid}. */
    static String echoRequest(String srcMac, String dstMac, String srcIp, String dstIp, int vid, int id, int seq) {
        int icmpLen = 8 + 32;
        ByteBuffer b = eth(dstMac, srcMac, vid, 0x0800, 20 + icmpLen);
        int ipStart = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + icmpLen)).putShort((short) id).putShort((short) 0)
                .put((byte) 64).put((byte) 1).putShort((short) 0).put(ip(srcIp)).put(ip(dstIp));
        b.putShort(ipStart + 10, (short) checksum(b.array(), ipStart, 20));
        int icmpStart = b.position();
        b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq);
        for (int i = 0; i < 32; i++) {
            b.put((byte) i);
        }
        b.putShort(icmpStart + 2, (short) checksum(b.array(), icmpStart, icmpLen));
        return HEX.formatHex(pad(b));
    }

    private static ByteBuffer eth(String dst, String src, int vid, int etherType, int payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 + Math.max(payload, 46));
        b.put(HEX.parseHex(dst)).put(HEX.parseHex(src));
        if (vid != UNTAGGED) {
            b.putShort((short) 0x8100).putShort((short) vid);
        }
        return b.putShort((short) etherType);
    }

    private static byte[] pad(ByteBuffer b) {
        int len = Math.max(b.position(), 60);
        byte[] out = new byte[len];
        System.arraycopy(b.array(), 0, out, 0, len);
        return out;
    }

    private static byte[] ip(String dotted) {
        String[] p = dotted.split("\\.");
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) Integer.parseInt(p[i]);
        }
        return out;
    }

    private static int checksum(byte[] a, int off, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += ((a[off + i] & 0xff) << 8) | (i + 1 < len ? a[off + i + 1] & 0xff : 0);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** A received frame (hex, tag as on the wire): its outer VID, or {@link #UNTAGGED}, and what it carries. */
    record Seen(int vid, int tagCount, int etherType, int arpOp, int icmpType, String dstMac) {
        static Seen parse(String hex) {
            byte[] f = HEX.parseHex(hex);
            ByteBuffer b = ByteBuffer.wrap(f);
            String dst = HEX.formatHex(f, 0, 6);
            int off = 12;
            int vid = UNTAGGED;
            int tags = 0;
            int type = b.getShort(off) & 0xffff;
            while (type == 0x8100 || type == 0x88a8) {
                if (tags == 0) {
                    vid = b.getShort(off + 2) & 0x0fff;
                }
                tags++;
                off += 4;
                type = b.getShort(off) & 0xffff;
            }
            int l3 = off + 2;
            int arpOp = type == 0x0806 ? b.getShort(l3 + 6) & 0xffff : -1;
            int icmp = type == 0x0800 && f[l3 + 9] == 1 ? f[l3 + (f[l3] & 0x0f) * 4] & 0xff : -1;
            return new Seen(vid, tags, type, arpOp, icmp, dst);
        }

        boolean isArpReply() {
            return arpOp == 2;
        }

        boolean isEchoReply() {
            return icmpType == 0;
        }
    }
}
