package io.jvswitch.flowcache.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Proves a steady-state loop allocates nothing, with the calling thread's allocation counter
 * ({@code com.sun.management.ThreadMXBean}). A round runs the loop body many times; the proof is
 * {@value #ZERO_ROUNDS_NEEDED} consecutive rounds of exactly 0 bytes within {@value #MAX_ROUNDS} rounds.
 * Code that allocates per call can never produce a zero round; the rare one-off bytes the JVM itself charges
 * to the thread (seen here: 96–152 bytes once, under load) cannot produce three failing rounds in a row.
 */
public final class ZeroAllocation {
    public static final int ZERO_ROUNDS_NEEDED = 3;
    public static final int MAX_ROUNDS = 10;

    private ZeroAllocation() {
    }

    /** Runs {@code round} (which loops over the steady state itself) until proven allocation-free, or fails. */
    public static void assertSteadyStateAllocatesNothing(String what, Runnable round) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot measure per-thread allocation");
        List<Long> rounds = new ArrayList<>();
        int zeros = 0;
        while (zeros < ZERO_ROUNDS_NEEDED && rounds.size() < MAX_ROUNDS) {
            long before = mx.getCurrentThreadAllocatedBytes();
            round.run();
            long bytes = mx.getCurrentThreadAllocatedBytes() - before;
            rounds.add(bytes);
            zeros = bytes == 0 ? zeros + 1 : 0;
        }
        if (zeros < ZERO_ROUNDS_NEEDED) {
            fail(what + " allocates: bytes per round " + rounds);
        }
    }
}
