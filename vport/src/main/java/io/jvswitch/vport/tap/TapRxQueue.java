package io.jvswitch.vport.tap;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;

/**
 * The TAP's receive queue: one non-blocking {@code read(2)} per frame, straight into the data area of a pool
 * frame, until the kernel says EAGAIN or the batch is full.
 *
 * <p>Oversize frames: a TAP read copies what fits, discards the rest of the frame and returns
 * {@code min(frame length, buffer length)} ({@code tun_chr_read_iter}), so a read that fills the buffer (the
 * pool's data capacity) cannot tell a frame of exactly that length from a longer, truncated one. Such reads
 * are counted as {@link DropReason#OVERSIZE_FRAME} and their frame reused: the queue receives frames of up to
 * {@code dataCapacity() - 1} bytes (1919 with a 2048-byte pool frame, 9151 with the runtime's jumbo-capable
 * {@code FramePool.JUMBO_FRAME_SIZE}: MTU 9000 + 18 fits; see {@code Mtu.maxMtu}).
 * An exact test would need {@code readv} with a one-byte overflow iovec, which the native bindings lack.
 * Frames shorter than an Ethernet header are counted as {@link DropReason#RUNT_FRAME}. At most
 * {@code MAX_BURST} reads per call, drops included.
 *
 * <p>Thread-safety: one polling thread. Performance: no allocation; one system call per frame plus the one
 * that returns EAGAIN when the queue runs dry (the kernel offers no batched read on a TAP fd).
 */
final class TapRxQueue implements RxQueue {
    private static final int ETH_HLEN = 14;

    private final TapPort port;
    private final int fd;
    private final int portNo;
    private FrameSlices slices;

    TapRxQueue(TapPort port, int fd) {
        this.port = port;
        this.fd = fd;
        this.portNo = port.portNo();
    }

    @Override
    public int receive(PacketBatch batch) {
        FramePool pool = batch.pool();
        FrameSlices s = slices;
        if (s == null || s.pool() != pool) {
            s = port.slices(pool);
            slices = s;
        }
        int capacity = pool.dataCapacity();
        int headroom = pool.headroom();
        int got = 0;
        long bytes = 0;
        int oversize = 0;
        int runt = 0;
        int errors = 0;
        int lastErrno = 0;
        int reads = PacketBatch.MAX_BURST;
        while (batch.count < PacketBatch.MAX_BURST && reads-- > 0) {
            int f = pool.alloc();
            if (f < 0) {
                break; // pool dry: the frames wait in the kernel's queue
            }
            long n = LibC.read(fd, s.data(f), capacity);
            if (n >= capacity) {
                pool.free(f);
                oversize++;
            } else if (n >= ETH_HLEN) {
                batch.add(f, headroom, (int) n, portNo);
                got++;
                bytes += n;
            } else if (n >= 0) {
                pool.free(f);
                runt++;
            } else {
                pool.free(f);
                if (n != -Errno.EAGAIN) {
                    errors++;
                    lastErrno = (int) -n;
                }
                break;
            }
        }
        if (got != 0) {
            port.stats().addRx(got, bytes);
        }
        if ((oversize | runt | errors) != 0) {
            port.countRxProblems(oversize, runt, errors, lastErrno);
        }
        return got;
    }
}
