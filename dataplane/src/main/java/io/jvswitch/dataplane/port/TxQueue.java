package io.jvswitch.dataplane.port;

import io.jvswitch.dataplane.packet.PacketBatch;

/**
 * One transmit queue of a port, used by exactly one PMD thread.
 *
 * <h2>Frame ownership</h2> {@link #transmit} takes every frame in the batch: it sends it, or drops it and
 * counts the drop; either way the frame goes back to {@code batch.pool()} (at once, or once the device is
 * done with it). The batch is empty on return.
 */
public interface TxQueue {
    /** @return the number of packets sent; the rest were dropped and counted by the port */
    int transmit(PacketBatch batch);
}
