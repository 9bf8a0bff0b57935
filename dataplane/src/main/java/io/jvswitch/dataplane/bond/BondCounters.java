package io.jvswitch.dataplane.bond;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One PMD's per-bucket transmit counters for every bond (bytes and packets sent per bucket), the input of
 * rebalancing (OVS {@code bond_entry.tx_bytes}) and of {@code bond/show}'s load lines.
 *
 * <h2>Design</h2> Each PMD owns one instance and is its only writer, so there is no contention between PMDs;
 * the control plane sums {@link #addTo} over all PMDs. Counters only grow: the control plane keeps the
 * previous sums and works with differences (OVS halves its own copy after each rebalance; do that on the
 * control side). A bond's block ({@value BondHash#BUCKETS} × 2 longs, 4 KiB) is allocated by the PMD the
 * first time it sends to that bond, once per PMD lifetime, and published with a release store.
 *
 * <h2>Thread-safety</h2> Writes: the owning PMD (opaque stores). Reads: any thread (acquire for the block,
 * opaque for the values: never torn, eventually fresh).
 */
public final class BondCounters {
    private static final VarHandle BLOCK = MethodHandles.arrayElementVarHandle(long[][].class);
    private static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[][] blocks = new long[BondTables.MAX_BONDS][];

    /** The block of bond {@code bondId}: {@code [2 * bucket]} bytes, {@code [2 * bucket + 1]} packets. Owner. */
    public long[] block(int bondId) {
        long[] b = blocks[bondId];
        if (b == null) {
            b = new long[2 * BondHash.BUCKETS];
            BLOCK.setRelease(blocks, bondId, b);
        }
        return b;
    }

    /** Counts one packet of {@code bytes} sent from {@code bucket}. Owner thread only. */
    public static void count(long[] block, int bucket, int bytes) {
        final int i = bucket << 1;
        VALUE.setOpaque(block, i, block[i] + bytes);
        VALUE.setOpaque(block, i + 1, block[i + 1] + 1);
    }

    /** Bytes sent from {@code bucket} of bond {@code bondId} by this PMD. Any thread. */
    public long bucketBytes(int bondId, int bucket) {
        long[] b = peek(bondId);
        return b == null ? 0 : (long) VALUE.getOpaque(b, bucket << 1);
    }

    /** Packets sent from {@code bucket} of bond {@code bondId} by this PMD. Any thread. */
    public long bucketPackets(int bondId, int bucket) {
        long[] b = peek(bondId);
        return b == null ? 0 : (long) VALUE.getOpaque(b, (bucket << 1) + 1);
    }

    /**
     * Adds this PMD's per-bucket counts of bond {@code bondId} to {@code bytes} and {@code packets} (each of
     * {@value BondHash#BUCKETS} entries; either may be null). Any thread.
     */
    public void addTo(int bondId, long[] bytes, long[] packets) {
        long[] b = peek(bondId);
        if (b == null) {
            return;
        }
        for (int k = 0; k < BondHash.BUCKETS; k++) {
            if (bytes != null) {
                bytes[k] += (long) VALUE.getOpaque(b, k << 1);
            }
            if (packets != null) {
                packets[k] += (long) VALUE.getOpaque(b, (k << 1) + 1);
            }
        }
    }

    private long[] peek(int bondId) {
        return bondId >= 0 && bondId < BondTables.MAX_BONDS ? (long[]) BLOCK.getAcquire(blocks, bondId) : null;
    }
}
