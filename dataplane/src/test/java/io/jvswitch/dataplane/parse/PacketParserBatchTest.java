package io.jvswitch.dataplane.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.flowcache.FlowHash;
import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PacketParser#parseBatch}: keys, in_port, hashes, offsets, the OK mask and drop counters. */
class PacketParserBatchTest {
    /** Fills a batch with {@code n} catalog frames (cycling), every {@code runtEvery}-th one a runt. */
    static PacketBatch fill(FramePool pool, int n, int runtEvery) {
        List<TestFrames.Named> all = TestFrames.all();
        PacketBatch b = new PacketBatch(pool);
        int c = 0;
        for (int i = 0; i < n; i++) {
            byte[] f;
            do {
                f = all.get(c++ % all.size()).bytes();
            } while (f.length > pool.dataCapacity() || f.length < 14);
            if (runtEvery > 0 && i % runtEvery == runtEvery - 1) {
                f = new byte[] {1, 2, 3, 4, 5, 6, 7};
            }
            int frame = pool.alloc();
            MemorySegment.copy(f, 0, pool.segment(), ValueLayout.JAVA_BYTE, pool.frameOffset(frame)
                    + pool.headroom(), f.length);
            b.add(frame, pool.headroom(), f.length, 100 + i);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 31, 32})
    void everyPacketOfAFullOrPartialBatchIsParsedHashedAndGetsItsInPort(int n) {
        try (FramePool pool = new FramePool(64)) {
            PacketBatch b = fill(pool, n, 0);
            long[] drops = new long[DropReason.VALUES.length];
            int ok = PacketParser.parseBatch(b, drops);
            assertEquals(n == 32 ? -1 : (1 << n) - 1, ok);
            long[] key = new long[FlowKey.KEY_WORDS];
            for (int i = 0; i < n; i++) {
                int base = PacketBatch.keyBase(i);
                int r = PacketParser.parse(pool.segment(), b.dataAddress(i), b.length[i], key, 0);
                FlowKey.setInPort(key, 0, 100 + i);
                assertTrue(FlowKey.equals(key, 0, b.keys, base), "key " + i);
                assertEquals(100 + i, FlowKey.inPort(b.keys, base));
                assertEquals(FlowHash.packet(key, 0), b.hash[i]);
                assertEquals(r & 0xffff, b.l3Offset[i] & 0xffff);
                assertEquals(r >>> 16, b.l4Offset[i] & 0xffff);
            }
            assertEquals(0, java.util.Arrays.stream(drops).sum());
        }
    }

    @Test
    void runtsAreLeftOutOfTheMaskAndCounted() {
        try (FramePool pool = new FramePool(64)) {
            PacketBatch b = fill(pool, 32, 4);
            long[] drops = new long[DropReason.VALUES.length];
            int ok = PacketParser.parseBatch(b, drops);
            assertEquals(0x77777777, ok);
            assertEquals(8, drops[DropReason.RUNT_FRAME.ordinal()]);
            assertEquals(8, java.util.Arrays.stream(drops).sum());
            assertEquals(32, b.count, "the caller frees dropped frames");
        }
    }

    /** The EMC trusts {@code compactKeys}: each marked key must have its nine non-compact words zero. */
    @Test
    void compactKeysMarksOnlyKeysWhoseNineExtraWordsAreZero() {
        final int[] zeroWords = {
            FlowKey.W_DP_HASH, FlowKey.W_VLAN, FlowKey.W_IPV6_SRC, FlowKey.W_IPV6_SRC + 1, FlowKey.W_IPV6_DST,
            FlowKey.W_IPV6_DST + 1, FlowKey.W_ARP_THA, FlowKey.W_ND_TARGET, FlowKey.W_ND_TARGET + 1,
        };
        try (FramePool pool = new FramePool(64)) {
            {
                PacketBatch b = fill(pool, 32, 5);
                int ok = PacketParser.parseBatch(b, new long[DropReason.VALUES.length]);
                assertEquals(0, b.compactKeys & ~ok);
                for (int m = b.compactKeys; m != 0; m &= m - 1) {
                    int i = Integer.numberOfTrailingZeros(m);
                    for (int w : zeroWords) {
                        assertEquals(0L, b.keys[PacketBatch.keyBase(i) + w], "packet " + i + " word " + w);
                    }
                }
                b.freeAll();
            }
            PacketBatch u = new PacketBatch(pool);
            byte[] f = io.jvswitch.dataplane.testing.Frames.udp(0x0a000001, 0x0a000002, 1, 2);
            int frame = pool.alloc();
            MemorySegment.copy(f, 0, pool.segment(), ValueLayout.JAVA_BYTE, pool.frameOffset(frame)
                    + pool.headroom(), f.length);
            u.add(frame, pool.headroom(), f.length, 1);
            PacketParser.parseBatch(u, new long[DropReason.VALUES.length]);
            assertEquals(1, u.compactKeys, "a plain UDP frame takes the fast path");
            u.freeAll();
        }
    }
}
