package io.jvswitch.vport.dummy;

import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.port.MaskedTxQueue;
import io.jvswitch.dataplane.port.PortStats;

/**
 * Tx in {@link DummyTxMode#SINK} mode: counts packets and bytes, frees the frames (of a whole batch or, in place,
 * of a bitmask of one). No allocation.
 */
final class SinkTxQueue implements MaskedTxQueue {
    private final PortStats stats;

    SinkTxQueue(PortStats stats) {
        this.stats = stats;
    }

    @Override
    public int transmit(PacketBatch batch) {
        int n = batch.count;
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            bytes += batch.length[i];
        }
        batch.freeAll();
        if (n != 0) {
            synchronized (stats) {
                stats.addTx(n, bytes);
            }
        }
        return n;
    }

    @Override
    public int transmit(PacketBatch batch, int mask) {
        final FramePool pool = batch.pool();
        long bytes = 0;
        for (int m = mask; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            bytes += batch.length[i];
            pool.free(batch.frame[i]);
        }
        final int n = Integer.bitCount(mask);
        if (n != 0) {
            synchronized (stats) {
                stats.addTx(n, bytes);
            }
        }
        return n;
    }
}
