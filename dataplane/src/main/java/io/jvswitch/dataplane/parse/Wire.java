package io.jvswitch.dataplane.parse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Static big-endian readers over packet memory at absolute offsets: network byte order, any alignment.
 * Callers bounds-check against the packet length first; these only add the segment's own check.
 */
final class Wire {
    static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Wire() {
    }

    static int u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    }

    static int u16(MemorySegment s, long at) {
        return s.get(BE16, at) & 0xffff;
    }

    static int be32(MemorySegment s, long at) {
        return s.get(BE32, at);
    }

    static long be64(MemorySegment s, long at) {
        return s.get(BE64, at);
    }

    /** A 48-bit MAC address as the low bits of a long. */
    static long mac(MemorySegment s, long at) {
        return ((s.get(BE32, at) & 0xffffffffL) << 16) | (s.get(BE16, at + 4) & 0xffffL);
    }
}
