package io.jvswitch.dataplane.port;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ObjIntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Several PMD-like threads transmit through one {@link LockedTxQueue} into a queue that is not thread-safe at all
 * (plain fields): no transmit overlaps another, no count is lost, and every frame returns to its own thread's pool;
 * {@link LockedTxQueue#wrap} keeps a masked queue's in-place sends, under the same lock.
 */
class LockedTxQueueTest {
    /** Plain, unsynchronized: overlapping calls would be seen (inside != 0) or lose increments. */
    private static class PlainQueue implements TxQueue {
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

    /** A {@link PlainQueue} that also sends a bitmask of a batch in place, recording the slots it was given. */
    private static final class PlainMaskedQueue extends PlainQueue implements MaskedTxQueue {
        long maskedPackets;
        long wrongSlots;

        @Override
        public int transmit(PacketBatch batch, int mask) {
            if (inside++ != 0) {
                overlaps++;
            }
            for (int i = 0; i < 50; i++) {
                Thread.onSpinWait();
            }
            for (int m = mask; m != 0; m &= m - 1) {
                int i = Integer.numberOfTrailingZeros(m);
                if (batch.length[i] != 60 + i) {
                    wrongSlots++;
                }
            }
            int n = Integer.bitCount(mask);
            maskedPackets += n;
            batch.freeSlots(mask);
            inside--;
            return n;
        }
    }

    @Test
    void wrapKeepsAMaskedQueueMaskedAndLeavesAPlainOnePlain() {
        assertInstanceOf(MaskedTxQueue.class, LockedTxQueue.wrap(new PlainMaskedQueue()));
        assertFalse(LockedTxQueue.wrap(new PlainQueue()) instanceof MaskedTxQueue);
        assertFalse(new LockedTxQueue(new PlainMaskedQueue()) instanceof MaskedTxQueue);
    }

    @Test
    void maskedSendsThroughTheLockNeverOverlapWholeBatchSendsAndTakeOnlyTheirSlots() throws Exception {
        PlainMaskedQueue inner = new PlainMaskedQueue();
        MaskedTxQueue shared = (MaskedTxQueue) LockedTxQueue.wrap(inner);
        int threads = 3;
        int batches = 20_000;
        runPmdLike(threads, batches, (b, i) -> {
            if (i % 2 == 0) {
                shared.transmit(b, 0b0101_0101);    // the even slots in place, as a bond member does
                shared.transmit(b, 0b1010_1010);    // the odd ones: the caller forgets the batch after
                b.clearSlots();
            } else {
                shared.transmit(b);
            }
        });
        assertEquals(0, inner.overlaps, "two transmits ran at once");
        assertEquals(0, inner.wrongSlots, "a masked send was handed slots outside its mask");
        assertEquals((long) threads * batches / 2 * 8, inner.maskedPackets, "masked sends lost or duplicated");
        assertEquals((long) threads * batches / 2 * 8, inner.packets, "whole-batch sends lost or duplicated");
    }

    @Test
    void transmitsNeverOverlapAndFramesGoHomeToTheirPool() throws Exception {
        PlainQueue plain = new PlainQueue();
        LockedTxQueue shared = new LockedTxQueue(plain);
        int threads = 3;
        int batches = 20_000;
        runPmdLike(threads, batches, (b, i) -> shared.transmit(b));
        assertEquals(0, plain.overlaps, "two transmits ran at once");
        assertEquals((long) threads * batches * 8, plain.packets, "lost updates inside the wrapped queue");
    }

    /**
     * Runs {@code threads} PMD-like threads, each with a pool of its own, that {@code batches} times fill a batch
     * with 8 packets (slot k: 60 + k bytes) and hand it to {@code send} with the batch's number; then checks that
     * no thread failed and every frame is back in its thread's pool.
     */
    private static void runPmdLike(int threads, int batches, ObjIntConsumer<PacketBatch> send) throws Exception {
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
                        b.add(pool.alloc(), pool.headroom(), 60 + k, 1);
                    }
                    send.accept(b, i);
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
        for (FramePool p : pools) {
            assertEquals(p.frameCount(), p.available(), "frames back in the transmitting thread's pool");
            p.close();
        }
    }
}
