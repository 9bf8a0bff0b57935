package io.jvswitch.control.bridge;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Builds and inspects Ethernet frames for the bridge tests. */
final class L2Frames {
    static final long BROADCAST = 0xffffffffffffL;

    private L2Frames() {
    }

    /** A 60-byte frame; {@code tci < 0} = untagged, else an 802.1Q tag with this TCI. Payload bytes 0xa5. */
    static byte[] eth(long dst, long src, int tci, int ethType) {
        ByteBuffer b = ByteBuffer.allocate(60);
        putMac(b, dst);
        putMac(b, src);
        if (tci >= 0) {
            b.putShort((short) 0x8100).putShort((short) tci);
        }
        b.putShort((short) ethType);
        while (b.hasRemaining()) {
            b.put((byte) 0xa5);
        }
        return b.array();
    }

    static byte[] eth(long dst, long src, int tci) {
        return eth(dst, src, tci, 0xabcd);
    }

    static int tci(int vid, int pcp) {
        return pcp << 13 | vid;
    }

    /** An ARP frame (broadcast); {@code op} 1 = request, 2 = reply; sender and target IPs as given. */
    static byte[] arp(long src, int tci, int op, int spa, int tpa) {
        ByteBuffer b = ByteBuffer.allocate(60);
        putMac(b, BROADCAST);
        putMac(b, src);
        if (tci >= 0) {
            b.putShort((short) 0x8100).putShort((short) tci);
        }
        b.putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) op);
        putMac(b, src);
        b.putInt(spa);
        putMac(b, 0);
        b.putInt(tpa);
        return b.array();
    }

    /** A RARP request from {@code src} (broadcast), as a hypervisor sends it after a migration. */
    static byte[] rarp(long src) {
        byte[] f = arp(src, -1, 3, 0, 0);
        f[12] = (byte) 0x80;
        f[13] = (byte) 0x35;
        return f;
    }

    private static void putMac(ByteBuffer b, long mac) {
        b.putShort((short) (mac >>> 32)).putInt((int) mac);
    }

    /** The outer 802.1Q TCI, or -1 when untagged. */
    static int tagOf(byte[] f) {
        int type = (f[12] & 0xff) << 8 | (f[13] & 0xff);
        return type == 0x8100 || type == 0x88a8 ? (f[14] & 0xff) << 8 | (f[15] & 0xff) : -1;
    }

    /** The frame without its outer tag (and without trailing padding differences: cut to 56 bytes). */
    static byte[] untagged(byte[] f) {
        byte[] out;
        if (tagOf(f) >= 0) {
            out = new byte[f.length - 4];
            System.arraycopy(f, 0, out, 0, 12);
            System.arraycopy(f, 16, out, 12, f.length - 16);
        } else {
            out = f.clone();
        }
        return Arrays.copyOf(out, 56);
    }

    static long mac(int n) {
        return 0x505400000000L | n;
    }
}
