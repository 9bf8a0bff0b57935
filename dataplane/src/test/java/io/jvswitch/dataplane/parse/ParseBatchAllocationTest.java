package io.jvswitch.dataplane.parse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Fast-path rule 2: parsing a batch allocates nothing once warm.
 *
 * <p>Measured in rounds of {@value #ROUND} calls; the test passes once {@value #ZERO_ROUNDS_NEEDED}
 * consecutive rounds allocate exactly 0 bytes. Rounds rather than one window because the JVM itself
 * occasionally charges a few dozen bytes to the thread at a JIT tier transition (seen: a single 96-byte
 * blip in one 100k window, then zeros); a real per-call allocation would show in every round (at least
 * {@value #ROUND} x 16 bytes), so it cannot pass.
 */
class ParseBatchAllocationTest {
    private static final int WARMUP = 50_000;
    private static final int ROUND = 100_000;
    private static final int ZERO_ROUNDS_NEEDED = 3;
    private static final int MAX_ROUNDS = 10;

    @Test
    void parseBatchAllocatesZeroBytesInSteadyState() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot measure per-thread allocation");
        try (FramePool pool = new FramePool(64)) {
            PacketBatch b = PacketParserBatchTest.fill(pool, 32, 9);   // every case in rotation, some runts
            long[] drops = new long[DropReason.VALUES.length];
            int sink = 0;
            for (int i = 0; i < WARMUP; i++) {
                sink += PacketParser.parseBatch(b, drops);
            }
            List<Long> rounds = new ArrayList<>();
            int zeros = 0;
            while (zeros < ZERO_ROUNDS_NEEDED && rounds.size() < MAX_ROUNDS) {
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < ROUND; i++) {
                    sink += PacketParser.parseBatch(b, drops);
                }
                long bytes = mx.getCurrentThreadAllocatedBytes() - before;
                rounds.add(bytes);
                zeros = bytes == 0 ? zeros + 1 : 0;
            }
            if (zeros < ZERO_ROUNDS_NEEDED) {
                fail("parseBatch allocates: bytes per round of " + ROUND + " calls " + rounds + " (sink " + sink + ")");
            }
        }
    }
}
