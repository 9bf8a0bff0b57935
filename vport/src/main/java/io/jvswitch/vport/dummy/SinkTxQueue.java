package io.jvswitch.vport.dummy;

import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.TxQueue;

/** Tx in {@link DummyTxMode#SINK} mode: counts packets and bytes, frees the frames. No allocation. */
final class SinkTxQueue implements TxQueue {
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
}
