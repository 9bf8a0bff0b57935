package io.jvswitch.vport.dummy;

import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.TxQueue;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Queue;

/**
 * Tx in {@link DummyTxMode#CAPTURE} mode: copies every frame out to a new {@code byte[]} (allocation per
 * packet, by design: this mode is for tests), appends it to the port's thread-safe list, frees the frame.
 */
final class CaptureTxQueue implements TxQueue {
    private final Queue<byte[]> sink;
    private final PortStats stats;

    CaptureTxQueue(Queue<byte[]> sink, PortStats stats) {
        this.sink = sink;
        this.stats = stats;
    }

    @Override
    public int transmit(PacketBatch batch) {
        int n = batch.count;
        MemorySegment seg = batch.pool().segment();
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            int len = batch.length[i];
            byte[] copy = new byte[len];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, batch.dataAddress(i), copy, 0, len);
            sink.add(copy);
            bytes += len;
        }
        batch.freeAll();
        synchronized (stats) {
            stats.addTx(n, bytes);
        }
        return n;
    }
}
