package io.jvswitch.dataplane.parse;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;

import io.jvswitch.flowcache.testing.ZeroAllocation;

import org.junit.jupiter.api.Test;

/**
 * Fast-path rule 2: parsing a batch allocates nothing once warm.
 *
 * <p>Measured in rounds of {@value #ROUND} calls; the test passes once three
 * consecutive rounds allocate exactly 0 bytes. Rounds rather than one window because the JVM itself
 * occasionally charges a few dozen bytes to the thread at a JIT tier transition (seen: a single 96-byte
 * blip in one 100k window, then zeros); a real per-call allocation would show in every round (at least
 * {@value #ROUND} x 16 bytes), so it cannot pass.
 */
class ParseBatchAllocationTest {
    private static final int WARMUP = 50_000;
    private static final int ROUND = 100_000;

    @Test
    void parseBatchAllocatesZeroBytesInSteadyState() {
        try (FramePool pool = new FramePool(64)) {
            PacketBatch b = PacketParserBatchTest.fill(pool, 32, 9);   // every case in rotation, some runts
            long[] drops = new long[DropReason.VALUES.length];
            int sink = 0;
            for (int i = 0; i < WARMUP; i++) {
                sink += PacketParser.parseBatch(b, drops);
            }
            int[] total = {sink};
            ZeroAllocation.assertSteadyStateAllocatesNothing("parseBatch (" + ROUND + " calls a round)", () -> {
                for (int i = 0; i < ROUND; i++) {
                    total[0] += PacketParser.parseBatch(b, drops);
                }
            });
        }
    }
}
