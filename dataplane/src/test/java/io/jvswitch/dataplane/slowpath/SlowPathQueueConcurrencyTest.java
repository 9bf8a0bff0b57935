package io.jvswitch.dataplane.slowpath;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several producers (PMDs) and one consumer at once: every frame offered is either delivered intact, in its
 * producer's order, or refused and counted — never lost, duplicated or torn.
 */
class SlowPathQueueConcurrencyTest {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    @Test
    void producersAndAConsumerLoseNothingUncountedAndKeepPerProducerOrder() throws Exception {
        SlowPathQueue q = new SlowPathQueue(8192);
        int producers = 3;
        int perProducer = 200_000;
        long[] accepted = new long[producers];
        AtomicBoolean done = new AtomicBoolean();
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            final int pmd = p;
            threads[p] = new Thread(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment frame = arena.allocate(128);
                    for (long seq = 0; seq < perProducer; seq++) {
                        int len = 24 + (int) (seq % 97);          // varying sizes exercise the ring's wrap
                        frame.set(LONG, 0, seq);
                        frame.set(LONG, 8, seq * 31 + pmd);
                        frame.set(LONG, 16, ~seq);
                        if (q.offer(pmd, 100 + pmd, SlowPath.LACP, frame, 0, len)) {
                            accepted[pmd]++;
                        }
                    }
                }
            });
            threads[p].start();
        }
        long[] next = new long[producers];
        long[] got = new long[producers];
        AtomicLong errors = new AtomicLong();
        SlowPathQueue.Consumer check = (pmdId, inPort, reason, f) -> {
            long seq = f.get(LONG, 0);
            if (inPort != 100 + pmdId || reason != SlowPath.LACP || seq < next[pmdId]
                    || f.get(LONG, 8) != seq * 31 + pmdId || f.get(LONG, 16) != ~seq
                    || f.byteSize() != 24 + seq % 97) {
                errors.incrementAndGet();
            }
            next[pmdId] = seq + 1;
            got[pmdId]++;
        };
        Thread waiter = new Thread(() -> {
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            done.set(true);
        });
        waiter.start();
        while (!done.get()) {
            q.drain(check, 64);
        }
        while (q.drain(check, 1000) > 0) {
            // the rest
        }
        waiter.join();
        assertEquals(0, errors.get(), "frames out of order, torn or misattributed");
        long offered = (long) producers * perProducer;
        long delivered = 0;
        for (int p = 0; p < producers; p++) {
            assertEquals(accepted[p], got[p], "producer " + p + ": every accepted frame delivered once");
            delivered += got[p];
        }
        assertEquals(offered, delivered + q.overflows(), "refused frames are exactly the counted overflows");
        assertEquals(delivered, q.delivered());
        assertTrue(delivered > 0);
    }
}
