package io.jvswitch.dataplane.parse;

import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One frame run through {@link PacketParser#parse}: the frame is placed at the very end of a segment sized
 * to fit it exactly, so any read past the frame would fail. Exposes the return value and the key.
 */
final class Parsed {
    final int result;
    final long[] k = new long[FlowKey.KEY_WORDS + 3];
    final int b = 3;                 // a non-zero base catches code that ignores it

    private Parsed(byte[] frame, int len) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(len + 5L);
            long addr = 5;
            MemorySegment.copy(frame, 0, seg, ValueLayout.JAVA_BYTE, addr, len);
            java.util.Arrays.fill(k, -1L);          // stale garbage the parser must clear
            result = PacketParser.parse(seg, addr, len, k, b);
        }
    }

    static Parsed of(byte[] frame) {
        return new Parsed(frame, frame.length);
    }

    static Parsed of(String catalogName) {
        return of(TestFrames.get(catalogName));
    }

    static Parsed prefix(byte[] frame, int len) {
        return new Parsed(frame, len);
    }

    int l3() {
        return result & 0xffff;
    }

    int l4() {
        return result >>> 16;
    }

    static long mac(String m) {
        return Long.parseLong(m.replace(":", ""), 16);
    }

    static int ip4(String a) {
        byte[] x = FrameBuilder.addr(a);
        return ((x[0] & 0xff) << 24) | ((x[1] & 0xff) << 16) | ((x[2] & 0xff) << 8) | (x[3] & 0xff);
    }

    static long[] ip6(String a) {
        byte[] x = FrameBuilder.addr(a);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (x[i] & 0xff);
            lo = (lo << 8) | (x[8 + i] & 0xff);
        }
        return new long[] {hi, lo};
    }
}
