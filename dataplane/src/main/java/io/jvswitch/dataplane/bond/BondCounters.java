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
 * control side). Per bond the PMD has two blocks of {@value BondHash#BUCKETS} longs (2 KiB each), allocated
 * the first time it sends to that bond, once per PMD lifetime: a private one it adds to per packet with plain
 * stores ({@link #count}), and a published one it copies the private one into with opaque stores at
 * {@link #publish} (the PMD's housekeeping, every 100 ms by default). Readers therefore see counts at most one
 * housekeeping interval old — rebalancing runs every 10 s and compares differences, {@code bond/show} is a
 * snapshot — and the per-packet store is an ordinary one: an opaque store per packet kept the JIT from
 * scheduling the bond loop's loads past it (2.4 ns/packet in the loop alone).
 *
 * <h2>Thread-safety</h2> {@link #block}, {@link #count}, {@link #publish}: the owning PMD only. Reads: any
 * thread (acquire for the published block, opaque for its values: never torn, eventually fresh).
 */
public final class BondCounters {
    private static final VarHandle BLOCK = MethodHandles.arrayElementVarHandle(long[][].class);
    private static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(long[].class);

    /** Per bond, the owner's private running sums (null until the first send). */
    private final long[][] own = new long[BondTables.MAX_BONDS][];
    /** Per bond, the sums as last published (null until the first send). */
    private final long[][] published = new long[BondTables.MAX_BONDS][];
    /** The bonds with blocks, in order of first use ({@link #publish} walks only these). */
    private final int[] used = new int[BondTables.MAX_BONDS];
    private int usedCount;

    /** The private block of bond {@code bondId} ({@code [bucket]} = bytes), created on first use. Owner thread. */
    public long[] block(int bondId) {
        long[] b = own[bondId];
        if (b == null) {
            b = new long[BondHash.BUCKETS];
            own[bondId] = b;
            BLOCK.setRelease(published, bondId, new long[BondHash.BUCKETS]);
            used[usedCount++] = bondId;
        }
        return b;
    }

    /** Counts {@code bytes} sent from {@code bucket} into a private {@link #block}. Owner thread only. */
    public static void count(long[] block, int bucket, long bytes) {
        block[bucket] += bytes;
    }

    /** Makes the counts so far visible to readers. Owner thread only; no allocation. */
    public void publish() {
        for (int u = 0; u < usedCount; u++) {
            final int bondId = used[u];
            final long[] from = own[bondId];
            final long[] to = published[bondId];
            for (int k = 0; k < BondHash.BUCKETS; k++) {
                if (to[k] != from[k]) {
                    VALUE.setOpaque(to, k, from[k]);
                }
            }
        }
    }

    /** Bytes sent from {@code bucket} of bond {@code bondId} as last published (0 before). Any thread. */
    public long bucketBytes(int bondId, int bucket) {
        long[] b = peek(bondId);
        return b == null ? 0 : (long) VALUE.getOpaque(b, bucket);
    }

    /**
     * Adds the bond's per-bucket byte counts as last published into {@code bytes} ({@value BondHash#BUCKETS}
     * longs). Any thread.
     */
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
        return bondId >= 0 && bondId < BondTables.MAX_BONDS ? (long[]) BLOCK.getAcquire(published, bondId) : null;
    }
}
