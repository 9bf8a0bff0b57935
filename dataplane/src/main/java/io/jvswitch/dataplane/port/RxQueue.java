package io.jvswitch.dataplane.port;

import io.jvswitch.dataplane.packet.PacketBatch;

/**
 * One receive queue of a port, polled by exactly one PMD thread.
 *
 * <h2>Frame ownership</h2> {@link #receive} takes frames from {@code batch.pool()}, fills them and appends
 * them to the batch; from then on they belong to the caller. A queue that cannot get a frame leaves the
 * packet where it is (or counts it as dropped) and returns what it has.
 */
public interface RxQueue {
    /**
     * Appends up to {@code MAX_BURST - batch.count} packets to {@code batch}, setting frame, offset, length and
     * in-port. Never blocks, never allocates on the Java heap in steady state, never throws on expected input.
     *
     * @return the number of packets appended (0 when idle)
     */
    int receive(PacketBatch batch);
}
