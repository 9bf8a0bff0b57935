package io.jvswitch.vport.afxdp;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.ffi.linux.Xdp;
import io.jvswitch.vport.DropCounters;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The rx side of one AF_XDP socket: takes descriptors from the rx ring, copies each frame out of its UMEM chunk
 * into a frame of {@code batch.pool()} (at the pool's headroom) and gives the chunk straight back to the fill
 * ring; one release store per ring per call.
 *
 * <h2>Design</h2> Copying (a 64-byte frame is one or two cache lines) keeps the UMEM private to the socket and
 * the datapath's frames in one pool whatever port they came from or go to; the chunk is recycled at once, so the
 * fill ring never runs dry while the switch keeps up. A multi-buffer frame ({@code XDP_PKT_CONTD} on every
 * descriptor but its last; the kernel publishes all of a frame's descriptors together) is gathered into one pool
 * frame; one that does not fit the pool's frame is dropped as {@link DropReason#OVERSIZE_FRAME}, as is a
 * single-buffer frame longer than the pool frame; frames shorter than an Ethernet header are
 * {@link DropReason#RUNT_FRAME}; with the pool empty the frame is dropped as {@link DropReason#POOL_EXHAUSTED}
 * (the ring keeps moving). All drops count in {@code PortStats.rxDropped}. When the rx ring is empty and the
 * kernel set the fill ring's need-wakeup flag (zero-copy drivers), one {@code recvfrom} wakes the driver; copy
 * mode never asks, so an idle poll is two loads and no system call.
 *
 * <h2>Thread-safety</h2> Polled by one PMD.
 *
 * <h2>Performance</h2> No system call, allocation or exception per frame; the frame loop has no virtual calls.
 */
final class AfXdpRxQueue implements RxQueue {
    private static final int ETH_HLEN = 14;
    private static final long DESC_LEN = 8;
    private static final long DESC_OPTIONS = 12;

    private final int fd;
    private final MemorySegment umem;
    private final XskRing rx;
    private final XskRing fill;
    private final long chunkBase;
    private final int portNo;
    private final PortStats stats;
    private final DropCounters drops;
    /** Outcome of the last {@link #gather}: bytes appended, or a drop reason as a negative code. */
    private int gathered;
    private long wakeups;

    AfXdpRxQueue(XskSocket s, int portNo, PortStats stats, DropCounters drops) {
        this.fd = s.fd;
        this.umem = s.umem;
        this.rx = s.rx;
        this.fill = s.fill;
        this.chunkBase = ~((long) s.chunkSize - 1);
        this.portNo = portNo;
        this.stats = stats;
        this.drops = drops;
    }

    @Override
    public int receive(PacketBatch batch) {
        final int room = PacketBatch.MAX_BURST - batch.count;
        final XskRing r = rx;
        int avail = r.peek(room);
        if (avail == 0 || room <= 0) {
            if (avail == 0 && fill.needsWakeup()) {
                XskKick.rx(fd);
                wakeups++;
            }
            return 0;
        }
        final XskRing f = fill;
        avail = Math.min(avail, f.free(avail));
        final FramePool pool = batch.pool();
        final MemorySegment dst = pool.segment();
        final MemorySegment src = umem;
        final MemorySegment ring = r.map;
        final MemorySegment fring = f.map;
        final int headroom = pool.headroom();
        final int capacity = pool.dataCapacity();
        final int cons = r.cachedCons;
        final int fprod = f.cachedProd;
        int used = 0;
        int added = 0;
        long bytes = 0;
        int runt = 0;
        int oversize = 0;
        int noFrame = 0;
        while (used < avail && added < room) {
            long d = r.desc(cons + used);
            long addr = ring.get(ValueLayout.JAVA_LONG, d);
            int len = ring.get(ValueLayout.JAVA_INT, d + DESC_LEN);
            int opts = ring.get(ValueLayout.JAVA_INT, d + DESC_OPTIONS);
            if ((opts & Xdp.XDP_PKT_CONTD) != 0) {
                int k = gather(batch, cons + used, avail - used, fprod + used);
                if (k == 0) {
                    break; // cannot happen (a frame's descriptors are published together); wait for the rest
                }
                used += k;
                if (gathered > 0) {
                    added++;
                    bytes += gathered;
                } else if (gathered == -1) {
                    oversize++;
                } else {
                    noFrame++;
                }
                continue;
            }
            if (len < ETH_HLEN) {
                runt++;
            } else if (len > capacity) {
                oversize++;
            } else {
                int frame = pool.alloc();
                if (frame < 0) {
                    noFrame++;
                } else {
                    MemorySegment.copy(src, addr, dst, pool.frameOffset(frame) + headroom, len);
                    batch.add(frame, headroom, len, portNo);
                    added++;
                    bytes += len;
                }
            }
            fring.set(ValueLayout.JAVA_LONG, f.addr(fprod + used), addr & chunkBase);
            used++;
        }
        if (used > 0) {
            r.release(used);
            f.submit(used);
        }
        if (added > 0) {
            stats.addRx(added, bytes);
        }
        if (runt + oversize + noFrame > 0) {
            countDrops(runt, oversize, noFrame);
        }
        return added;
    }

    /**
     * Gathers the multi-buffer frame whose first descriptor is at ring index {@code first} into one pool frame
     * and recycles its chunks into the fill ring from index {@code fillAt}. Sets {@link #gathered} (the frame
     * length when appended, -1 oversize, -2 no pool frame).
     *
     * @return descriptors consumed, or 0 when the frame's last descriptor is not within {@code avail}
     */
    private int gather(PacketBatch batch, int first, int avail, int fillAt) {
        final MemorySegment ring = rx.map;
        int k = 0;
        long total = 0;
        boolean complete = false;
        while (k < avail) {
            long d = rx.desc(first + k);
            total += ring.get(ValueLayout.JAVA_INT, d + DESC_LEN);
            k++;
            if ((ring.get(ValueLayout.JAVA_INT, d + DESC_OPTIONS) & Xdp.XDP_PKT_CONTD) == 0) {
                complete = true;
                break;
            }
        }
        if (!complete) {
            return 0;
        }
        FramePool pool = batch.pool();
        int frame = total <= pool.dataCapacity() ? pool.alloc() : -1;
        gathered = total > pool.dataCapacity() ? -1 : frame < 0 ? -2 : (int) total;
        long at = frame < 0 ? 0 : pool.frameOffset(frame) + pool.headroom();
        for (int i = 0; i < k; i++) {
            long d = rx.desc(first + i);
            long addr = ring.get(ValueLayout.JAVA_LONG, d);
            int len = ring.get(ValueLayout.JAVA_INT, d + DESC_LEN);
            if (frame >= 0) {
                MemorySegment.copy(umem, addr, pool.segment(), at, len);
                at += len;
            }
            fill.map.set(ValueLayout.JAVA_LONG, fill.addr(fillAt + i), addr & chunkBase);
        }
        if (frame >= 0) {
            batch.add(frame, pool.headroom(), (int) total, portNo);
        }
        return k;
    }

    private void countDrops(int runt, int oversize, int noFrame) {
        stats.addRxDropped(runt + oversize + noFrame);
        if (runt > 0) {
            drops.add(DropReason.RUNT_FRAME, runt);
        }
        if (oversize > 0) {
            drops.add(DropReason.OVERSIZE_FRAME, oversize);
        }
        if (noFrame > 0) {
            drops.add(DropReason.POOL_EXHAUSTED, noFrame);
        }
    }

    /** How many times the fill ring asked for a wakeup while idle (diagnostics; owner thread's view). */
    long wakeups() {
        return wakeups;
    }
}
