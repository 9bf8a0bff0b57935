package io.jvswitch.vport.dummy;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.vport.DropCounters;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * An rx queue fed by {@link #inject}: frames wait on a bounded lock-free many-to-one queue (any number of
 * injecting threads, one polling PMD) and are copied into pool frames by {@link #receive}.
 *
 * <p>A frame larger than the pool's data capacity is taken off the queue and counted as an rx drop
 * ({@link DropReason#OVERSIZE_FRAME}); with the pool empty the frame stays queued for the next receive.
 * Receive allocates nothing (the {@code byte[]} frames were allocated by the injector).
 */
final class InjectRxQueue implements RxQueue {
    private final ManyToOneConcurrentArrayQueue<byte[]> pending;
    private final int portNo;
    private final PortStats stats;
    private final DropCounters drops;

    InjectRxQueue(int capacity, int portNo, PortStats stats, DropCounters drops) {
        this.pending = new ManyToOneConcurrentArrayQueue<>(capacity);
        this.portNo = portNo;
        this.stats = stats;
        this.drops = drops;
    }

    /** Queues one frame (the array is kept, not copied); false when the queue is full. */
    boolean inject(byte[] frame) {
        return pending.offer(frame);
    }

    /** Frames waiting to be received. */
    int pending() {
        return pending.size();
    }

    @Override
    public int receive(PacketBatch batch) {
        FramePool pool = batch.pool();
        MemorySegment dst = pool.segment();
        int capacity = pool.dataCapacity();
        int headroom = pool.headroom();
        int added = 0;
        long bytes = 0;
        int oversize = 0;
        while (!batch.isFull()) {
            byte[] frame = pending.peek();
            if (frame == null) {
                break;
            }
            if (frame.length > capacity) {
                pending.poll();
                oversize++;
                continue;
            }
            int f = pool.alloc();
            if (f < 0) {
                break;
            }
            pending.poll();
            MemorySegment.copy(frame, 0, dst, ValueLayout.JAVA_BYTE, pool.frameOffset(f) + headroom, frame.length);
            batch.add(f, headroom, frame.length, portNo);
            added++;
            bytes += frame.length;
        }
        if (added != 0 || oversize != 0) {
            synchronized (stats) {
                stats.addRx(added, bytes);
                if (oversize != 0) {
                    stats.addRxDropped(oversize);
                }
            }
            if (oversize != 0) {
                drops.add(DropReason.OVERSIZE_FRAME, oversize);
            }
        }
        return added;
    }
}
