package io.jvswitch.flowcache;

import java.util.Arrays;

/**
 * The megaflow classifier of one in_port on one PMD (OVS's {@code dpcls}): tuple-space search over one
 * {@link Subtable} per distinct mask.
 *
 * <h2>What</h2> {@link #lookupBatch} walks the subtables in rank order over the batch's miss mask and
 * stops as soon as every packet found its megaflow. Megaflows are expected not to overlap (the control
 * side installs them so, as in OVS); if they do, the first hit in rank order wins.
 *
 * <h2>Design</h2> A plain array of subtables, kept in rank order. {@link #rank()} (called by the PMD about
 * once a second, OVS's {@code dpcls_sort_subtable_vector} every {@code DPCLS_OPTIMIZATION_INTERVAL})
 * re-sorts it by the hits counted since the previous call, most hit first, and resets the counters. A new
 * subtable is appended last. An emptied subtable is dropped at once.
 *
 * <h2>Thread-safety</h2> Single owner, the PMD thread; no locks.
 *
 * <h2>Performance</h2> {@link #lookupBatch} allocates nothing. Its cost is proportional to the number of
 * subtables visited per packet; {@link #subtableLookups()} / {@link #hits()} is OVS's "avg. subtable
 * lookups per megaflow hit".
 */
public final class Classifier {
    private final int inPort;
    private Subtable[] subtables = new Subtable[4];
    private int nSubtables;
    private int flowCount;
    private long hits;
    private long subtableLookups;

    public Classifier(int inPort) {
        this.inPort = inPort;
    }

    public int inPort() {
        return inPort;
    }

    public int subtableCount() {
        return nSubtables;
    }

    /** Subtable at rank position {@code i} (0 = looked up first). */
    public Subtable subtable(int i) {
        if (i >= nSubtables) {
            throw new IndexOutOfBoundsException(i);
        }
        return subtables[i];
    }

    public int flowCount() {
        return flowCount;
    }

    /** Packets that hit, over the classifier's life. */
    public long hits() {
        return hits;
    }

    /** Packet × subtable probes, over the classifier's life. */
    public long subtableLookups() {
        return subtableLookups;
    }

    // ---- fast path ----

    /**
     * Looks up every packet whose bit is set in {@code missMask} (limited to the first {@code count});
     * packet i's key is at {@code keys[i * KEY_WORDS]}. Hits are written to {@code out[i]}.
     *
     * @return the bits of the packets that found no megaflow
     */
    public int lookupBatch(long[] keys, int count, int missMask, Megaflow[] out) {
        final int start = count >= Integer.SIZE ? missMask : missMask & ((1 << count) - 1);
        int remaining = start;
        final Subtable[] st = subtables;
        final int n = nSubtables;
        long probes = 0;
        for (int s = 0; s < n && remaining != 0; s++) {
            probes += Integer.bitCount(remaining);
            remaining &= ~st[s].lookupBatch(keys, remaining, out);
        }
        subtableLookups += probes;
        hits += Integer.bitCount(start & ~remaining);
        return remaining;
    }

    /** Looks up one key (slow path, e.g. the re-check before an install); {@code null} on a miss. */
    public Megaflow lookup(long[] key, int base) {
        for (int s = 0; s < nSubtables; s++) {
            final Megaflow f = subtables[s].lookup(key, base);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    // ---- updates (slow path) ----

    /**
     * Adds {@code f}, creating the subtable for its mask when needed.
     *
     * @return {@code null} when added, else the megaflow already holding the same mask and masked key
     */
    public Megaflow insert(Megaflow f) {
        Subtable st = find(f.mask());
        if (st == null) {
            st = new Subtable(f.mask());
            if (nSubtables == subtables.length) {
                subtables = Arrays.copyOf(subtables, nSubtables * 2);
            }
            subtables[nSubtables++] = st;
        }
        final Megaflow existing = st.insert(f);
        if (existing == null) {
            flowCount++;
        }
        return existing;
    }

    /** Removes {@code f}; drops its subtable when it becomes empty. Returns false when absent. */
    public boolean remove(Megaflow f) {
        for (int s = 0; s < nSubtables; s++) {
            final Subtable st = subtables[s];
            if (st.mask().equals(f.mask())) {
                if (!st.removeAndCompact(f)) {
                    return false;
                }
                flowCount--;
                if (st.isEmpty()) {
                    removeSubtableAt(s);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Removes every dead megaflow and, when {@code maxIdleNanos >= 0}, every megaflow unused for more than
     * {@code maxIdleNanos} before {@code nowNanos} (marking it dead first, so that EMC entries die too).
     * Removed flows are also removed from {@code byId}. Drops emptied subtables; shrinks sparse ones.
     *
     * @return how many megaflows were removed
     */
    int removeDeadOrIdle(long nowNanos, long maxIdleNanos, LongObjectMap<Megaflow> byId) {
        int removed = 0;
        for (int s = nSubtables - 1; s >= 0; s--) {
            final Subtable st = subtables[s];
            int n = 0;
            for (int i = 0; i < st.capacity(); i++) {
                Megaflow f;
                while ((f = st.flowAt(i)) != null && expired(f, nowNanos, maxIdleNanos)) {
                    f.markDead();
                    st.removeAt(i);
                    if (byId.get(f.id()) == f) {
                        byId.remove(f.id());
                    }
                    n++;
                }
            }
            if (n != 0) {
                removed += n;
                if (st.isEmpty()) {
                    removeSubtableAt(s);
                } else {
                    st.compact();
                }
            }
        }
        flowCount -= removed;
        return removed;
    }

    private static boolean expired(Megaflow f, long nowNanos, long maxIdleNanos) {
        return f.isDead() || (maxIdleNanos >= 0 && nowNanos - f.lastUsedNanos() > maxIdleNanos);
    }

    /** Re-sorts the subtables by hits since the last call (most first, stable) and resets the counters. */
    public void rank() {
        final Subtable[] st = subtables;
        for (int i = 1; i < nSubtables; i++) {
            final Subtable x = st[i];
            final long key = x.hitCount();
            int j = i - 1;
            while (j >= 0 && st[j].hitCount() < key) {
                st[j + 1] = st[j];
                j--;
            }
            st[j + 1] = x;
        }
        for (int i = 0; i < nSubtables; i++) {
            st[i].resetHits();
        }
    }

    private Subtable find(FlowMask mask) {
        for (int s = 0; s < nSubtables; s++) {
            final FlowMask m = subtables[s].mask();
            if (m == mask || m.equals(mask)) {
                return subtables[s];
            }
        }
        return null;
    }

    private void removeSubtableAt(int s) {
        System.arraycopy(subtables, s + 1, subtables, s, nSubtables - s - 1);
        subtables[--nSubtables] = null;
    }
}
