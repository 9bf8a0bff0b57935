package io.jvswitch.dataplane.port;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Several PMD-like threads transmit through one {@link LockedTxQueue} into a queue that is not thread-safe at all
 * (plain fields): no transmit overlaps another, no count is lost, and every frame returns to its own thread's pool.
 */
class LockedTxQueueTest {
    /** Plain, unsynchronized: overlapping calls would be seen (inside != 0) or lose increments. */
    private static final class PlainQueue implements TxQueue {
        int inside;
        long packets;
        int overlaps;

        @Override
        public int transmit(PacketBatch batch) {
            if (inside++ != 0) {
                overlaps++;
            }
            int n = batch.count;
            for (int i = 0; i < 50; i++) {
                Thread.onSpinWait();
            }
            packets += n;
            batch.freeAll();
            inside--;
            return n;
        }
    }

    @Test
    void transmitsNeverOverlapAndFramesGoHomeToTheirPool() throws Exception {
        PlainQueue plain = new PlainQueue();
        LockedTxQueue shared = new LockedTxQueue(plain);
        int threads = 3;
        int batches = 20_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        List<FramePool> pools = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            FramePool pool = new FramePool(64);
            pools.add(pool);
            Thread th = new Thread(() -> {
                PacketBatch b = new PacketBatch(pool);
                for (int i = 0; i < batches; i++) {
                    for (int k = 0; k < 8; k++) {
                        b.add(pool.alloc(), pool.headroom(), 60, 1);
                    }
                    shared.transmit(b);
                }
            }, "pmd-like-" + t);
            th.setUncaughtExceptionHandler((x, e) -> failure.set(e));
            ts.add(th);
        }
        ts.forEach(Thread::start);
        for (Thread th : ts) {
            th.join();
        }
        assertNull(failure.get());
        assertEquals(0, plain.overlaps, "two transmits ran at once");
        assertEquals((long) threads * batches * 8, plain.packets, "lost updates inside the wrapped queue");
        for (FramePool p : pools) {
            assertEquals(p.frameCount(), p.available(), "frames back in the transmitting thread's pool");
            p.close();
        }
    }
}
