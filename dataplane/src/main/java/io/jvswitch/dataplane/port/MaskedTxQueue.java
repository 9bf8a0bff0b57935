package io.jvswitch.dataplane.port;

import io.jvswitch.dataplane.packet.PacketBatch;

/**
 * A {@link TxQueue} that can also send a subset of another batch's packets in place: no copy of their slots
 * into a batch of its own first. The PMD uses it when a bond spreads one received batch over its members: each
 * member sends its bitmask of the batch at once (when it has nothing pending), so a balance-tcp batch moves to
 * its members without being copied out slot by slot.
 *
 * <h2>Frame ownership</h2> {@link #transmit(PacketBatch, int)} takes the frames of {@code mask}'s slots exactly
 * as {@link #transmit(PacketBatch)} takes a batch's: sent or dropped and counted, back to the pool either way.
 * The batch itself is left as it was (its other slots belong to the caller; the caller forgets the sent ones).
 */
public interface MaskedTxQueue extends TxQueue {
    /** @return the number of {@code mask}'s packets sent; the rest were dropped and counted by the port */
    int transmit(PacketBatch batch, int mask);

    /** The mask of slots {@code 0..count-1}. */
    static int allOf(int count) {
        return count >= 32 ? -1 : (1 << count) - 1;
    }
}
