package io.jvswitch.vport.tap;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.MaskedTxQueue;
import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import java.lang.foreign.MemorySegment;

/**
 * The TAP's transmit queue: one non-blocking {@code write(2)} per frame, then every frame back to the pool.
 *
 * <p>Frames longer than the port's MTU plus an Ethernet header and one VLAN tag are not written and are
 * counted as {@code OVERSIZE_FRAME}; EAGAIN counts as {@code TX_QUEUE_FULL}; other errors (EIO while the
 * interface is down, EINVAL for a frame shorter than an Ethernet header) as tx errors. All are tx drops.
 * A packet that does not start at the headroom is moved to the start of its frame first (a memmove inside
 * the frame, rare: after header pushes/pops), so the write gets a pre-made segment.
 *
 * <p>It also writes a bitmask of another batch's packets in place ({@link MaskedTxQueue}): a bond member on a
 * TAP takes its share of a received batch without copying the slots into a batch of its own first.
 *
 * <p>Thread-safety: several PMDs may share this queue: each {@code write} is atomic per frame in the kernel
 * and the counters are added under the {@code PortStats} monitor once per batch. Performance: no allocation;
 * one system call per frame (a TAP fd has no batched write).
 */
final class TapTxQueue implements MaskedTxQueue {
    private final TapPort port;
    private final int fd;

    TapTxQueue(TapPort port, int fd) {
        this.port = port;
        this.fd = fd;
    }

    @Override
    public int transmit(PacketBatch batch) {
        final int sent = transmit(batch, MaskedTxQueue.allOf(batch.count));
        batch.clearSlots();
        return sent;
    }

    @Override
    public int transmit(PacketBatch batch, int mask) {
        if (mask == 0) {
            return 0;
        }
        FramePool pool = batch.pool();
        FrameSlices s = port.slices(pool);
        MemorySegment mem = pool.segment();
        int headroom = pool.headroom();
        int maxLen = port.maxTxFrameLength();
        int sent = 0;
        long bytes = 0;
        int oversize = 0;
        int full = 0;
        int errors = 0;
        int lastErrno = 0;
        for (int m = mask; m != 0; m &= m - 1) {
            int i = Integer.numberOfTrailingZeros(m);
            int len = batch.length[i];
            if (len > maxLen) {
                oversize++;
                continue;
            }
            int f = batch.frame[i];
            int off = batch.dataOffset[i];
            MemorySegment buf;
            if (off == headroom) {
                buf = s.data(f);
            } else {
                if (off != 0) {
                    long base = pool.frameOffset(f);
                    MemorySegment.copy(mem, base + off, mem, base, len);
                }
                buf = s.whole(f);
            }
            long r = LibC.write(fd, buf, len);
            if (r == len) {
                sent++;
                bytes += len;
            } else if (r == -Errno.EAGAIN) {
                full++;
            } else {
                errors++;
                lastErrno = r < 0 ? (int) -r : Errno.EIO;
            }
        }
        batch.freeSlots(mask);
        port.countTx(sent, bytes, oversize, full, errors, lastErrno);
        return sent;
    }
}
