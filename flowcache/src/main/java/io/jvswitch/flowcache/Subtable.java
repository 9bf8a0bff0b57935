package io.jvswitch.flowcache;

/**
 * One dpcls subtable: every megaflow of one {@link FlowMask}, hashed by masked key (tuple-space search).
 *
 * <h2>What</h2> OVS's {@code dpcls_subtable}: a packet is looked up by masking its key with the subtable's
 * mask, hashing the significant words ({@link FlowHash#hashMasked}) and probing for a megaflow whose
 * masked key equals it ({@link Megaflow#matches}). A hit counter feeds the classifier's ranking.
 *
 * <h2>Design</h2> Open addressing with linear probing over two parallel arrays: the megaflow and its
 * {@link Megaflow#maskedHash()} (compared before touching the megaflow). Power-of-two capacity; the load
 * is kept at or below 1/2 because most probes in tuple-space search are misses, and a miss must walk a
 * whole run. Deletion shifts the run back (no tombstones). The table shrinks when it falls under 1/8 full.
 * A megaflow that was marked dead but not yet removed never matches.
 *
 * <h2>Thread-safety</h2> Single owner, the PMD thread; no locks.
 *
 * <h2>Performance</h2> {@link #lookupBatch} allocates nothing: it hashes the whole miss mask into a
 * scratch array first, then probes, so that independent probes overlap in the memory system (OVS's
 * hash-then-{@code cmap_find_batch}). Inserts allocate only when the table grows.
 */
public final class Subtable {
    private static final int MIN_CAPACITY = 8;
    private static final int KW = FlowKey.KEY_WORDS;

    private final FlowMask mask;
    /** The mask's words and significant-word indexes, held here so a probe does not go through the flow. */
    private final long[] maskWords;
    private final int[] sig;
    private final int[] scratchHashes = new int[Integer.SIZE];
    private Megaflow[] flows;
    private int[] hashes;
    private int capMask;
    private int size;
    private long hitCount;

    public Subtable(FlowMask mask) {
        this.mask = mask;
        this.maskWords = mask.words();
        this.sig = mask.significantWords();
        this.flows = new Megaflow[MIN_CAPACITY];
        this.hashes = new int[MIN_CAPACITY];
        this.capMask = MIN_CAPACITY - 1;
    }

    public FlowMask mask() {
        return mask;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Slot count (a power of two), for index-based iteration with {@link #flowAt}. */
    public int capacity() {
        return flows.length;
    }

    /** The megaflow in slot {@code i}, or {@code null}. */
    public Megaflow flowAt(int i) {
        return flows[i];
    }

    /** Hits since the last {@link #resetHits()}: the ranking key. */
    public long hitCount() {
        return hitCount;
    }

    public void resetHits() {
        hitCount = 0;
    }

    // ---- fast path ----

    /**
     * Looks up every packet whose bit is set in {@code pktMask} (key at {@code keys[i * KEY_WORDS]}),
     * writing hits to {@code out[i]}.
     *
     * @return the bits of the packets that hit
     */
    public int lookupBatch(long[] keys, int pktMask, Megaflow[] out) {
        if (size == 0) {
            return 0;
        }
        final int[] hs = scratchHashes;
        final FlowMask m = mask;
        for (int rest = pktMask; rest != 0; rest &= rest - 1) {
            final int i = Integer.numberOfTrailingZeros(rest);
            hs[i] = FlowHash.hashMasked(keys, i * KW, m);
        }
        int found = 0;
        for (int rest = pktMask; rest != 0; rest &= rest - 1) {
            final int i = Integer.numberOfTrailingZeros(rest);
            final Megaflow f = find(keys, i * KW, hs[i]);
            if (f != null) {
                out[i] = f;
                found |= 1 << i;
            }
        }
        hitCount += Integer.bitCount(found);
        return found;
    }

    /** Looks up one key (not counted as a hit); {@code null} on a miss. */
    public Megaflow lookup(long[] key, int base) {
        return size == 0 ? null : find(key, base, FlowHash.hashMasked(key, base, mask));
    }

    private Megaflow find(long[] key, int base, int h) {
        final Megaflow[] fs = flows;
        final int[] hs = hashes;
        final int m = capMask;
        for (int i = h & m; ; i = (i + 1) & m) {
            final Megaflow f = fs[i];
            if (f == null) {
                return null;
            }
            if (hs[i] == h && matches(key, base, f.maskedKey()) && !f.isDead()) {
                return f;
            }
        }
    }

    /** {@link Megaflow#matches} for a flow of this subtable (its mask is this subtable's mask). */
    private boolean matches(long[] key, int base, long[] maskedKey) {
        final long[] mw = maskWords;
        final int[] idx = sig;
        for (int j = 0; j < idx.length; j++) {
            final int w = idx[j];
            if ((key[base + w] & mw[w]) != maskedKey[w]) {
                return false;
            }
        }
        return true;
    }

    // ---- updates (slow path) ----

    /**
     * Adds {@code f} (whose mask must equal this subtable's) unless a megaflow with the same masked key is
     * already present.
     *
     * @return {@code null} when added, else the megaflow already holding that masked key (not replaced)
     */
    public Megaflow insert(Megaflow f) {
        if (!f.mask().equals(mask)) {
            throw new IllegalArgumentException("megaflow mask " + f.mask() + " is not subtable mask " + mask);
        }
        final int idx = indexOfMaskedKey(f.maskedKey(), f.maskedHash());
        if (idx >= 0) {
            return flows[idx];
        }
        if ((size + 1) * 2 > flows.length) {
            rehash(flows.length * 2);
        }
        place(f);
        size++;
        return null;
    }

    /** Removes this exact megaflow object; returns false when it is not here. */
    public boolean remove(Megaflow f) {
        final int h = f.maskedHash();
        final int m = capMask;
        for (int i = h & m; flows[i] != null; i = (i + 1) & m) {
            if (flows[i] == f) {
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the megaflow in slot {@code i}. Entries after it may shift back into slot {@code i}, so an
     * index-based scan that removes must look at slot {@code i} again before moving on. It never shrinks
     * the table (call {@link #compact()} after a scan).
     */
    public void removeAt(int i) {
        final int m = capMask;
        int hole = i;
        for (int j = (hole + 1) & m; flows[j] != null; j = (j + 1) & m) {
            final int home = hashes[j] & m;
            if (((j - home) & m) >= ((j - hole) & m)) {
                flows[hole] = flows[j];
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        flows[hole] = null;
        size--;
    }

    /** Shrinks the table when it is less than 1/8 full. */
    public void compact() {
        int cap = flows.length;
        while (cap > MIN_CAPACITY && size * 8 < cap) {
            cap >>= 1;
        }
        if (cap != flows.length) {
            rehash(cap);
        }
    }

    /** Removes {@code f} and shrinks when sparse. */
    boolean removeAndCompact(Megaflow f) {
        boolean removed = remove(f);
        if (removed) {
            compact();
        }
        return removed;
    }

    private int indexOfMaskedKey(long[] maskedKey, int h) {
        final int[] sig = mask.significantWords();
        final int m = capMask;
        for (int i = h & m; flows[i] != null; i = (i + 1) & m) {
            if (hashes[i] == h && sameWords(flows[i].maskedKey(), maskedKey, sig)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameWords(long[] a, long[] b, int[] sig) {
        for (int j = 0; j < sig.length; j++) {
            if (a[sig[j]] != b[sig[j]]) {
                return false;
            }
        }
        return true;
    }

    private void place(Megaflow f) {
        final int h = f.maskedHash();
        int i = h & capMask;
        while (flows[i] != null) {
            i = (i + 1) & capMask;
        }
        flows[i] = f;
        hashes[i] = h;
    }

    private void rehash(int newCap) {
        final Megaflow[] old = flows;
        flows = new Megaflow[newCap];
        hashes = new int[newCap];
        capMask = newCap - 1;
        for (Megaflow f : old) {
            if (f != null) {
                place(f);
            }
        }
    }
}
