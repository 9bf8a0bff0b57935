package io.jvswitch.dataplane.testing;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.dataplane.port.MaskedTxQueue;
import io.jvswitch.dataplane.port.TxQueue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal single-threaded port for dataplane tests (the full injectable port is vport's DummyPort, which this
 * module cannot see). Rx: frames queued with {@link #inject}, or a fixed set replayed forever with
 * {@link #replay} (no allocation). Tx: captured as byte arrays, or only counted when {@link #sink} is set.
 */
public final class TestPort implements Port {
    private final int portNo;
    private final String name;
    private final PortStats stats = new PortStats();
    private final ArrayDeque<byte[]> rx = new ArrayDeque<>();
    private final List<byte[]> tx = new ArrayList<>();
    private boolean sink;
    private byte[] replayBytes;
    private int[] replayOff;
    private int[] replayLen;
    private int replayNext;
    private int replayBurst = PacketBatch.MAX_BURST;

    public TestPort(int portNo, String name) {
        this.portNo = portNo;
        this.name = name;
    }

    public TestPort inject(byte[]... frames) {
        for (byte[] f : frames) {
            rx.add(f);
        }
        return this;
    }

    /** Replays {@code frames} round-robin forever, {@code burst} per receive. */
    public TestPort replay(List<byte[]> frames, int burst) {
        int total = 0;
        for (byte[] f : frames) {
            total += f.length;
        }
        replayBytes = new byte[Math.max(total, 1)];
        replayOff = new int[frames.size()];
        replayLen = new int[frames.size()];
        int off = 0;
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            System.arraycopy(f, 0, replayBytes, off, f.length);
            replayOff[i] = off;
            replayLen[i] = f.length;
            off += f.length;
        }
        replayBurst = burst;
        return this;
    }

    public TestPort sink(boolean on) {
        this.sink = on;
        return this;
    }

    public List<byte[]> transmitted() {
        return tx;
    }

    public int pendingRx() {
        return rx.size();
    }

    @Override
    public int portNo() {
        return portNo;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "dummy";
    }

    @Override
    public int rxQueueCount() {
        return 1;
    }

    @Override
    public RxQueue rxQueue(int queue) {
        return this::receive;
    }

    @Override
    public int txQueueCount() {
        return 1;
    }

    @Override
    public TxQueue txQueue(int queue) {
        return txq;
    }

    /** The tx queue: also sends a bitmask of another batch in place (as the real AF_XDP port does). */
    private final MaskedTxQueue txq = new MaskedTxQueue() {
        @Override
        public int transmit(PacketBatch batch) {
            return TestPort.this.transmit(batch);
        }

        @Override
        public int transmit(PacketBatch batch, int mask) {
            return send(batch, mask);
        }
    };

    @Override
    public PortStats stats() {
        return stats;
    }

    @Override
    public void close() {
    }

    private int receive(PacketBatch b) {
        FramePool pool = b.pool();
        int n = 0;
        long bytes = 0;
        if (replayBytes != null) {
            // The frames' bytes live on the heap, as the injected frames of vport's DummyPort do; each is copied
            // into its pool frame (a heap-to-segment copy is one intrinsic copy, cheaper than the
            // segment-to-segment copy's checked word loop for a 60-byte frame).
            // Fields in locals: the copy is a call C2 may not inline, after which fields would be reloaded.
            // Frames come from the pool in one bulk call straight into the batch's frame column; the batch's
            // count is written once.
            final byte[] src = replayBytes;
            final MemorySegment dst = pool.segment();
            final int[] offs = replayOff;
            final int[] lens = replayLen;
            final int headroom = pool.headroom();
            final long frameSize = pool.frameSize();
            final int c0 = b.count;
            final int got = pool.alloc(b.frame, c0, Math.min(replayBurst, PacketBatch.MAX_BURST - c0));
            final int[] frames = b.frame;
            final int[] dataOff = b.dataOffset;
            final int[] length = b.length;
            final int[] inPort = b.inPort;
            final int end = c0 + got;
            int k = replayNext;
            for (int j = c0; j < end; j++) {
                final int len = lens[k];
                MemorySegment.copy(src, offs[k], dst, ValueLayout.JAVA_BYTE, frames[j] * frameSize + headroom, len);
                dataOff[j] = headroom;
                length[j] = len;
                inPort[j] = portNo;
                bytes += len;
                k = k + 1 == offs.length ? 0 : k + 1;
            }
            b.count = end;
            n = got;
            replayNext = k;
        } else {
            if (rx.isEmpty()) {
                return 0;                                  // an idle port costs one check per poll
            }
            while (!rx.isEmpty() && !b.isFull()) {
                byte[] data = rx.peek();
                int f = pool.alloc();
                if (f < 0) {
                    break;
                }
                rx.poll();
                int off = pool.headroom();
                MemorySegment.copy(data, 0, pool.segment(), ValueLayout.JAVA_BYTE, pool.frameOffset(f) + off,
                        data.length);
                b.add(f, off, data.length, portNo);
                bytes += data.length;
                n++;
            }
        }
        if (n > 0) {
            stats.addRx(n, bytes);
        }
        return n;
    }

    private int transmit(PacketBatch b) {
        long bytes = 0;
        for (int i = 0; i < b.count; i++) {
            bytes += b.length[i];
            if (!sink) {
                byte[] copy = new byte[b.length[i]];
                MemorySegment.copy(b.pool().segment(), ValueLayout.JAVA_BYTE, b.dataAddress(i), copy, 0, copy.length);
                tx.add(copy);
            }
        }
        int n = b.count;
        stats.addTx(n, bytes);
        b.freeAll();
        return n;
    }

    private int send(PacketBatch b, int mask) {
        if (sink && (mask & (mask + 1)) == 0) {         // slots 0..n-1: counted sum and bulk free, as transmit(b)
            final int n = Integer.bitCount(mask);
            stats.addTx(n, b.bytesOf(mask));
            b.freeSlots(mask);
            return n;
        }
        long bytes = 0;
        final FramePool pool = b.pool();
        for (int m = mask; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            bytes += b.length[i];
            if (!sink) {
                byte[] copy = new byte[b.length[i]];
                MemorySegment.copy(pool.segment(), ValueLayout.JAVA_BYTE, b.dataAddress(i), copy, 0, copy.length);
                tx.add(copy);
            }
            pool.free(b.frame[i]);
        }
        int n = Integer.bitCount(mask);
        stats.addTx(n, bytes);
        return n;
    }
}
