package io.jvswitch.dataplane.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.flowcache.FlowHash;
import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link Ipv4FastPath} must agree with the general parser on every frame it accepts (same key, same
 * offsets, same hash) and write nothing on the frames it declines.
 */
class Ipv4FastPathTest {
    private static final long W0 = 7L << 32;

    /** Compares both parsers on the frame placed at the very end of a segment; returns true if fast took it. */
    private static boolean agree(byte[] frame, int len, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(len + 3L);
            long addr = 3;
            MemorySegment.copy(frame, 0, seg, ValueLayout.JAVA_BYTE, addr, len);
            long[] general = new long[FlowKey.KEY_WORDS + 2];
            Arrays.fill(general, -1L);
            int rg = PacketParser.parseGeneral(seg, addr, len, general, 2);
            FlowKey.setInPort(general, 2, 7);
            long[] fast = new long[FlowKey.KEY_WORDS + 2];
            Arrays.fill(fast, -1L);
            int[] hash = {0x5a5a5a5a, 0x5a5a5a5a};
            int rf = len >= Ipv4FastPath.MIN_LEN ? Ipv4FastPath.parse(seg, addr, len, fast, 2, W0, hash, 1) : 0;
            if (rf == 0) {
                long[] untouched = new long[FlowKey.KEY_WORDS + 2];
                Arrays.fill(untouched, -1L);
                assertArrayEquals(untouched, fast, what + ": declined but wrote");
                assertArrayEquals(new int[] {0x5a5a5a5a, 0x5a5a5a5a}, hash, what + ": declined but hashed");
            } else {
                assertEquals(rg, rf, what + ": offsets");
                assertArrayEquals(general, fast, what + ": key");
                assertEquals(FlowHash.packet(general, 2), Ipv4FastPath.hash(fast, 2), what + ": hash");
                assertEquals(FlowHash.packet(general, 2), hash[1], what + ": hash from registers");
                assertEquals(0x5a5a5a5a, hash[0]);
            }
            // the public entry point (fast path first) must equal the general parser in every case
            long[] pub = new long[FlowKey.KEY_WORDS + 2];
            Arrays.fill(pub, -1L);
            int rp = PacketParser.parse(seg, addr, len, pub, 2);
            FlowKey.setInPort(pub, 2, 7);
            assertEquals(rg, rp, what + ": parse() offsets");
            assertArrayEquals(general, pub, what + ": parse() key");
            return rf != 0;
        }
    }

    @Test
    void everyCatalogFrameAndEveryTruncationAgree() {
        int taken = 0;
        for (TestFrames.Named f : TestFrames.all()) {
            byte[] b = f.bytes();
            for (int len = 0; len <= b.length; len++) {
                if (agree(b, len, f.name() + " cut at " + len)) {
                    taken++;
                }
            }
        }
        assertTrue(taken > 20, "the fast path took only " + taken + " catalog frames");
    }

    @Test
    void commonFramesTakeTheFastPath() {
        byte[] udp = TestFrames.ipv4(17, TestFrames.udp(1000, 53, 4));
        byte[] tcp = TestFrames.ipv4(6, TestFrames.tcp(1000, 80, 0x12));
        assertTrue(agree(udp, udp.length, "udp"));
        assertTrue(agree(tcp, tcp.length, "tcp"));
        assertTrue(agree(io.jvswitch.dataplane.testing.Frames.udp(1, 2, 3, 4), 60, "bench frame"));
    }

    /** Random IPv4 UDP/TCP-shaped frames with every field that gates the fast path perturbed. */
    @Test
    void randomIpv4FramesAgree() {
        SplittableRandom rnd = new SplittableRandom(4711);
        int taken = 0;
        for (int n = 0; n < 200_000; n++) {
            int len = 14 + rnd.nextInt(100);
            byte[] f = new byte[len];
            for (int i = 0; i < len; i++) {
                f[i] = (byte) rnd.nextInt(256);
            }
            if (len >= 14 && rnd.nextInt(8) != 0) {
                f[12] = 0x08;
                f[13] = (byte) (rnd.nextInt(16) == 0 ? 0x06 : 0x00);
            }
            if (len >= 15 && rnd.nextInt(8) != 0) {
                f[14] = (byte) ((rnd.nextInt(4) == 0 ? rnd.nextInt(16) : 4) << 4
                        | (rnd.nextInt(4) == 0 ? rnd.nextInt(16) : 5));
            }
            if (len >= 18 && rnd.nextInt(4) != 0) {
                int tot = rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : Math.max(0, len - 14 - rnd.nextInt(3));
                f[16] = (byte) (tot >>> 8);
                f[17] = (byte) tot;
            }
            if (len >= 22 && rnd.nextInt(4) != 0) {
                int frag = rnd.nextInt(3) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(2) * 0x4000;
                f[20] = (byte) (frag >>> 8);
                f[21] = (byte) frag;
            }
            if (len >= 24 && rnd.nextInt(8) != 0) {
                f[23] = (byte) (rnd.nextBoolean() ? 17 : 6);
            }
            if (len >= 47 && rnd.nextBoolean()) {
                f[46] = (byte) ((rnd.nextInt(4) == 0 ? rnd.nextInt(16) : 5 + rnd.nextInt(3)) << 4 | (f[46] & 0x0f));
            }
            if (agree(f, len, "random #" + n)) {
                taken++;
            }
        }
        assertTrue(taken > 10_000, "the fast path took only " + taken + " random frames");
    }
}
