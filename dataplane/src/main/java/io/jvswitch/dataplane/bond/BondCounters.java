package io.jvswitch.dataplane.bond;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One PMD's per-bucket transmit counters for every bond (bytes sent per bucket), the input of rebalancing (OVS
 * {@code bond_entry.tx_bytes}) and of {@code bond/show}'s load lines — OVS keeps and shows bytes only, so
 * packets are not counted.
 *
 * <h2>Design</h2> Each PMD owns one instance and is its only writer, so there is no contention between PMDs;
 * the control plane sums {@link #addTo} over all PMDs. Counters only grow: the control plane keeps the
 * previous sums and works with differences (OVS halves its own copy after each rebalance; do that on the
 * control side). A bond's block ({@value BondHash#BUCKETS} longs, 2 KiB) is allocated by the PMD the first
 * time it sends to that bond, once per PMD lifetime, and published with a release store.
 *
 * <h2>Thread-safety</h2> Writes: the owning PMD (opaque stores). Reads: any thread (acquire for the block,
 * opaque for the values: never torn, eventually fresh).
 */
public final class BondCounters {
    private static final VarHandle BLOCK = MethodHandles.arrayElementVarHandle(long[][].class);
    private static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[][] blocks = new long[BondTables.MAX_BONDS][];

    /** The block of bond {@code bondId} ({@code [bucket]} = bytes), created on first use. Owner thread. */
    public long[] block(int bondId) {
        long[] b = blocks[bondId];
        if (b == null) {
            b = new long[BondHash.BUCKETS];
            BLOCK.setRelease(blocks, bondId, b);
        }
        return b;
    }

    /** Counts {@code bytes} sent from {@code bucket}. Owner thread only. */
    public static void count(long[] block, int bucket, long bytes) {
        VALUE.setOpaque(block, bucket, block[bucket] + bytes);
    }

    /** Bytes sent from {@code bucket} of bond {@code bondId} so far (0 before the first). Any thread. */
    public long bucketBytes(int bondId, int bucket) {
        long[] b = peek(bondId);
        return b == null ? 0 : (long) VALUE.getOpaque(b, bucket);
    }

    /** Adds the bond's per-bucket byte counts into {@code bytes} ({@value BondHash#BUCKETS} long). Any thread. */
    public void addTo(int bondId, long[] bytes) {
        long[] b = peek(bondId);
        if (b == null) {
            return;
        }
        for (int k = 0; k < BondHash.BUCKETS; k++) {
            bytes[k] += (long) VALUE.getOpaque(b, k);
        }
    }

    private long[] peek(int bondId) {
        return bondId >= 0 && bondId < BondTables.MAX_BONDS ? (long[]) BLOCK.getAcquire(blocks, bondId) : null;
    }
}
