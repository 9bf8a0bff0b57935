package io.jvswitch.vport.tap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Test helper: big-endian field access and the few frames the TAP tests craft or answer (ARP, ICMP echo). */
final class TestFrames {
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final int ETH_ARP = 0x0806;
    static final int ETH_IPV4 = 0x0800;

    private TestFrames() {
    }

    static int u8(MemorySegment m, long off) {
        return m.get(ValueLayout.JAVA_BYTE, off) & 0xff;
    }

    static int u16(MemorySegment m, long off) {
        return m.get(U16, off) & 0xffff;
    }

    static int u32(MemorySegment m, long off) {
        return m.get(U32, off);
    }

    static long mac(MemorySegment m, long off) {
        return ((long) u16(m, off) << 32) | (u32(m, off + 2) & 0xffff_ffffL);
    }

    static void putMac(MemorySegment m, long off, long mac) {
        m.set(U16, off, (short) (mac >>> 32));
        m.set(U32, off + 2, (int) mac);
    }

    /** Internet checksum of {@code len} bytes at {@code off}. */
    static int checksum(MemorySegment m, long off, int len) {
        long sum = 0;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            sum += u16(m, off + i);
        }
        if (i < len) {
            sum += u8(m, off + i) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    static int ipv4(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    /**
     * Turns an ARP request for {@code myIp} or an ICMP echo request to {@code myIp} at {@code off} into the
     * answer from {@code myMac}, in place. Returns false (frame untouched) for anything else.
     */
    static boolean answerInPlace(MemorySegment m, long off, int len, long myMac, int myIp) {
        if (len < 42) {
            return false;
        }
        int type = u16(m, off + 12);
        if (type == ETH_ARP && u16(m, off + 20) == 1 && u32(m, off + 38) == myIp) {
            long sha = mac(m, off + 22);
            int spa = u32(m, off + 28);
            putMac(m, off, sha);
            putMac(m, off + 6, myMac);
            m.set(U16, off + 20, (short) 2);
            putMac(m, off + 22, myMac);
            m.set(U32, off + 28, myIp);
            putMac(m, off + 32, sha);
            m.set(U32, off + 38, spa);
            return true;
        }
        if (type == ETH_IPV4 && u8(m, off + 23) == 1 && u32(m, off + 30) == myIp) {
            int ihl = (u8(m, off + 14) & 0xf) * 4;
            int total = u16(m, off + 16);
            long icmp = off + 14 + ihl;
            if (14 + total > len || u8(m, icmp) != 8) {
                return false;
            }
            long src = mac(m, off + 6);
            putMac(m, off, src);
            putMac(m, off + 6, myMac);
            int srcIp = u32(m, off + 26);
            m.set(U32, off + 26, myIp);
            m.set(U32, off + 30, srcIp);
            m.set(ValueLayout.JAVA_BYTE, icmp, (byte) 0);
            m.set(U16, icmp + 2, (short) 0);
            m.set(U16, icmp + 2, (short) checksum(m, icmp, total - ihl));
            return true;
        }
        return false;
    }

    /** Writes an ICMP echo request (Ethernet + IPv4 + ICMP + {@code payload} bytes) at {@code off}; its length. */
    static int echoRequest(MemorySegment m, long off, long srcMac, long dstMac, int srcIp, int dstIp, int payload,
            int id, int seq) {
        putMac(m, off, dstMac);
        putMac(m, off + 6, srcMac);
        m.set(U16, off + 12, (short) ETH_IPV4);
        long ip = off + 14;
        int total = 20 + 8 + payload;
        m.set(ValueLayout.JAVA_BYTE, ip, (byte) 0x45);
        m.set(ValueLayout.JAVA_BYTE, ip + 1, (byte) 0);
        m.set(U16, ip + 2, (short) total);
        m.set(U16, ip + 4, (short) seq);
        m.set(U16, ip + 6, (short) 0x4000);
        m.set(ValueLayout.JAVA_BYTE, ip + 8, (byte) 64);
        m.set(ValueLayout.JAVA_BYTE, ip + 9, (byte) 1);
        m.set(U16, ip + 10, (short) 0);
        m.set(U32, ip + 12, srcIp);
        m.set(U32, ip + 16, dstIp);
        m.set(U16, ip + 10, (short) checksum(m, ip, 20));
        long icmp = ip + 20;
        m.set(ValueLayout.JAVA_BYTE, icmp, (byte) 8);
        m.set(ValueLayout.JAVA_BYTE, icmp + 1, (byte) 0);
        m.set(U16, icmp + 2, (short) 0);
        m.set(U16, icmp + 4, (short) id);
        m.set(U16, icmp + 6, (short) seq);
        for (int i = 0; i < payload; i++) {
            m.set(ValueLayout.JAVA_BYTE, icmp + 8 + i, (byte) i);
        }
        m.set(U16, icmp + 2, (short) checksum(m, icmp, 8 + payload));
        return 14 + total;
    }
}
