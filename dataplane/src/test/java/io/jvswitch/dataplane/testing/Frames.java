package io.jvswitch.dataplane.testing;

import java.nio.ByteBuffer;

/** Builds simple test frames (Ethernet / optional 802.1Q / IPv4 / UDP) as byte arrays. */
public final class Frames {
    private Frames() {
    }

    /** A 64-byte (without FCS: 60) UDP/IPv4 frame; {@code vid < 0} means untagged. */
    public static byte[] udp(long dstMac, long srcMac, int vid, int srcIp, int dstIp, int srcPort, int dstPort) {
        int l2 = vid >= 0 ? 18 : 14;
        int len = Math.max(60, l2 + 20 + 8);
        ByteBuffer b = ByteBuffer.allocate(len);
        putMac(b, dstMac);
        putMac(b, srcMac);
        if (vid >= 0) {
            b.putShort((short) 0x8100).putShort((short) vid);
        }
        b.putShort((short) 0x0800);
        int ipLen = len - l2;
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(srcIp).putInt(dstIp);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (ipLen - 20)).putShort((short) 0);
        return b.array();
    }

    public static byte[] udp(int srcIp, int dstIp, int srcPort, int dstPort) {
        return udp(0x020000000002L, 0x020000000001L, -1, srcIp, dstIp, srcPort, dstPort);
    }

    private static void putMac(ByteBuffer b, long mac) {
        b.putShort((short) (mac >>> 32)).putInt((int) mac);
    }
}
