package io.jvswitch.dataplane.packet;

import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.Megaflow;

/**
 * Up to {@link #MAX_BURST} packets as structure-of-arrays. Packet {@code i} is frame {@code frame[i]} of
 * {@link #pool()}, its data at {@code frame offset + dataOffset[i]}, {@code length[i]} bytes long.
 * The parser fills {@code keys} (one {@link FlowKey} per packet at {@code i * KEY_WORDS}), {@code hash},
 * {@code l3Offset}/{@code l4Offset}; lookup fills {@code flow}.
 *
 * <h2>Ownership</h2> The frames listed in a batch belong to whoever holds the batch. Handing a batch to a
 * {@code TxQueue} hands over the frames: the queue sends or frees every one and leaves the batch empty.
 *
 * <h2>Thread-safety</h2> Single owner. Fields are public arrays on purpose: each pipeline stage is a tight
 * loop over them.
 */
public final class PacketBatch {
    public static final int MAX_BURST = 32;

    private final FramePool pool;
    public int count;
    public final int[] frame = new int[MAX_BURST];
    public final int[] dataOffset = new int[MAX_BURST];
    public final int[] length = new int[MAX_BURST];
    public final int[] inPort = new int[MAX_BURST];
    /**
     * The packet's QoS queue id (OVS {@code skb_priority}, set by {@code set_queue}); 0 when unset. Meaningful
     * only while {@link #queuesSet}: a batch no action gave a queue id never touches this column, so traffic
     * without QoS pays nothing for it; while set, slots are kept 0 where no id was given.
     */
    public final int[] queue = new int[MAX_BURST];
    /** True once some packet of the batch got a queue id; {@link #clearSlots} zeroes the column and resets it. */
    public boolean queuesSet;
    /** The parser's packet hash of each key ({@code FlowHash.packet}): for the EMC and balance-tcp. */
    public final int[] hash = new int[MAX_BURST];
    public final short[] l3Offset = new short[MAX_BURST];
    public final short[] l4Offset = new short[MAX_BURST];
    public final long[] keys = new long[MAX_BURST * FlowKey.KEY_WORDS];
    public final Megaflow[] flow = new Megaflow[MAX_BURST];
    /**
     * Set by the parser: the packets whose key its fast path wrote (untagged Ethernet/IPv4/TCP-UDP, every
     * {@code ExactMatchCache.ZERO_WORDS} word zero). A hint for the EMC; valid until the keys are changed.
     */
    public int compactKeys;

    public PacketBatch(FramePool pool) {
        this.pool = pool;
    }

    public FramePool pool() {
        return pool;
    }

    public int count() {
        return count;
    }

    public boolean isFull() {
        return count == MAX_BURST;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Absolute offset of packet i's first byte in {@code pool().segment()}. */
    public long dataAddress(int i) {
        return pool.frameOffset(frame[i]) + dataOffset[i];
    }

    /** Base index of packet i's key in {@link #keys}. */
    public static int keyBase(int i) {
        return i * FlowKey.KEY_WORDS;
    }

    /** Appends a packet (frame ownership moves into the batch); returns its slot. The batch must not be full. */
    public int add(int frameIndex, int offset, int len, int port) {
        int i = count++;
        frame[i] = frameIndex;
        dataOffset[i] = offset;
        length[i] = len;
        inPort[i] = port;
        return i;
    }

    /** Frees every frame back to the pool and empties the batch. */
    public void freeAll() {
        pool.free(frame, 0, count);
        clearSlots();
    }

    /**
     * Frees the frames of the slots set in {@code mask} back to the pool, lowest slot first; the slots stay as
     * they are (the caller clears them or leaves the others in use).
     */
    public void freeSlots(int mask) {
        if ((mask & (mask + 1)) == 0) {                 // slots 0..n-1 (a whole batch of one flow): one bulk free
            pool.free(frame, 0, Integer.bitCount(mask));
            return;
        }
        for (int m = mask; m != 0; m &= m - 1) {
            pool.free(frame[Integer.numberOfTrailingZeros(m)]);
        }
    }

    /** The bytes of the packets of the slots set in {@code mask}. */
    public long bytesOf(int mask) {
        long bytes = 0;
        if ((mask & (mask + 1)) == 0) {                 // slots 0..n-1: a counted loop the JIT vectorizes
            final int n = Integer.bitCount(mask);
            for (int i = 0; i < n; i++) {
                bytes += length[i];
            }
            return bytes;
        }
        for (int m = mask; m != 0; m &= m - 1) {
            bytes += length[Integer.numberOfTrailingZeros(m)];
        }
        return bytes;
    }

    /** Empties the batch without touching frames (they were handed on). */
    public void clearSlots() {
        for (int i = 0; i < count; i++) {
            flow[i] = null;
        }
        if (queuesSet) {
            java.util.Arrays.fill(queue, 0);
            queuesSet = false;
        }
        count = 0;
    }
}
