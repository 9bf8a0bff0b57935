package io.jvswitch.vport.replay;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.vport.DropCounters;
import java.lang.foreign.MemorySegment;

/**
 * An rx queue that replays a {@link FrameTemplate} in order, once or cycling forever.
 *
 * <p><b>Design</b>: each receive copies frames from the template into pool frames with one
 * {@code MemorySegment.copy} each; a frame larger than the pool's data capacity is skipped and counted as an
 * rx drop ({@link DropReason#OVERSIZE_FRAME}); when the pool is empty the queue stops and resumes at the
 * same frame next time. A receive looks at no more than {@code MAX_BURST} template frames, so a template
 * of nothing but oversize frames costs a bounded amount per call.
 *
 * <p><b>Thread-safety</b>: one polling thread; {@link #done()} and {@link #position()} may be read from any
 * thread. Port stats are updated under the stats' monitor (ports with several rx queues share one).
 *
 * <p><b>Performance</b>: no allocation, no I/O, no exceptions per receive.
 */
public final class ReplayRxQueue implements RxQueue {
    private final FrameTemplate template;
    private final int portNo;
    private final boolean loop;
    private final PortStats stats;
    private final DropCounters drops;
    private volatile int cursor;
    private volatile boolean done;

    public ReplayRxQueue(FrameTemplate template, int portNo, boolean loop, PortStats stats, DropCounters drops) {
        this.template = template;
        this.portNo = portNo;
        this.loop = loop;
        this.stats = stats;
        this.drops = drops;
        this.done = template.size() == 0;
    }

    @Override
    public int receive(PacketBatch batch) {
        if (done) {
            return 0;
        }
        FramePool pool = batch.pool();
        MemorySegment dst = pool.segment();
        MemorySegment src = template.segment();
        int capacity = pool.dataCapacity();
        int headroom = pool.headroom();
        int n = template.size();
        int at = cursor;
        int room = PacketBatch.MAX_BURST - batch.count;
        int added = 0;
        long bytes = 0;
        int oversize = 0;
        for (int looked = 0; looked < PacketBatch.MAX_BURST && added < room; looked++) {
            int len = template.length(at);
            if (len > capacity) {
                oversize++;
            } else {
                int f = pool.alloc();
                if (f < 0) {
                    break;
                }
                MemorySegment.copy(src, template.offset(at), dst, pool.frameOffset(f) + headroom, len);
                batch.add(f, headroom, len, portNo);
                added++;
                bytes += len;
            }
            if (++at == n) {
                at = 0;
                if (!loop) {
                    done = true;
                    break;
                }
            }
        }
        cursor = at;
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

    /** True once a non-looping queue has replayed every frame (or the template is empty). */
    public boolean done() {
        return done;
    }

    /** Index of the next template frame. */
    public int position() {
        return cursor;
    }
}
