package io.jvswitch.flowcache;

import java.util.Arrays;

/**
 * The per-PMD exact-match cache (EMC): full flow key → {@link Megaflow}, in front of the megaflow
 * classifier (dpcls).
 *
 * <h2>What</h2> OVS's {@code emc_cache}: a fixed number of entries (default {@value #DEFAULT_ENTRIES}),
 * each a full key copy, its hash and a megaflow reference. A key may live in one of two candidate slots
 * taken from two segments of its hash ({@code hash & mask} and {@code (hash >>> 16) & mask}, OVS's
 * {@code EM_FLOW_HASH_SEGS = 2}).
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>Keys live in one flat {@code long[entries * KEY_WORDS]}; hashes in an {@code int[]}; flows in a
 *       {@code Megaflow[]} ({@code null} = empty slot). A lookup compares the stored hash first, then the
 *       16 key words.</li>
 *   <li>A hit on a dead megaflow ({@link Megaflow#isDead()}) is a miss and clears the slot.</li>
 *   <li>Insertion is probabilistic, OVS's {@code emc-insert-inv-prob}: with probability 1/N (default
 *       N = {@value #DEFAULT_INSERT_INV_PROB}); N = 1 always inserts; N = 0 disables the cache. A
 *       PMD-local xorshift32 generator draws the coin.</li>
 *   <li>Replacement ({@code emc_insert}): same key in a candidate slot → update its flow; otherwise an
 *       empty or dead candidate; otherwise the candidate whose stored hash is smaller (unsigned), a cheap
 *       pseudo-random victim.</li>
 *   <li>{@link #sweep(int)} clears dead entries a few slots at a time ({@code emc_cache_slow_sweep}), so
 *       that dead megaflows are not kept reachable for long.</li>
 * </ul>
 *
 * <h2>Thread-safety</h2> Single owner, the PMD thread; no locks. Other threads only mark megaflows dead.
 *
 * <h2>Performance</h2> {@link #lookupBatch} allocates nothing and touches at most two slots per packet.
 * 8192 entries cost about 1.1 MiB (1 MiB of keys).
 */
public final class ExactMatchCache {
    public static final int DEFAULT_ENTRIES = 8192;
    public static final int DEFAULT_INSERT_INV_PROB = 100;

    private static final int KW = FlowKey.KEY_WORDS;
    private static final int SEGMENT_SHIFT = 16;
    /** Words per compare line (one 64-byte block). */
    private static final int LW = 8;
    /** The key words a compact key has all zero. */
    static final int[] ZERO_WORDS = {
        FlowKey.W_DP_HASH, FlowKey.W_VLAN, FlowKey.W_IPV6_SRC, FlowKey.W_IPV6_SRC + 1, FlowKey.W_IPV6_DST,
        FlowKey.W_IPV6_DST + 1, FlowKey.W_ARP_THA, FlowKey.W_ND_TARGET, FlowKey.W_ND_TARGET + 1,
    };

    private final long[] keys;
    /**
     * The compare line of every slot, {@value #LW} words: {@code [tag, w0, w2, w3, w5, w6, w11, w12]} where
     * {@code tag = hash << 32 | 1} when the slot's key is "compact" (its other nine words, {@link #ZERO_WORDS},
     * are zero: every untagged Ethernet/IPv4/TCP-or-UDP key) and {@code hash << 32} otherwise. Written with
     * {@link #keys} on every insert, so a compact probe compares 64 bytes instead of 128 (one or two cache lines
     * instead of two or three, plus the {@code hashes} line) and the compare is still over all 16 words: the
     * probe's nine zero words are checked in the probe itself.
     */
    private final long[] lines;
    private final int[] hashes;
    private final Megaflow[] flows;
    private final int mask;

    private boolean enabled = true;
    private int insertInvProb;
    /** Unsigned threshold: insert when {@code next() <= insertMin} (unsigned); 0 when disabled. */
    private int insertMin;
    private int rng;
    private int sweepCursor;

    private int used;
    private long hits;
    private long inserts;
    private long updates;
    private long evictions;

    /** An EMC with {@value #DEFAULT_ENTRIES} entries and insert probability 1/{@value #DEFAULT_INSERT_INV_PROB}. */
    public ExactMatchCache() {
        this(DEFAULT_ENTRIES, DEFAULT_INSERT_INV_PROB, 0x9E3779B9);
    }

    /**
     * @param entries       slot count, a power of two ≥ 2
     * @param insertInvProb N in "insert with probability 1/N"; 0 disables the cache
     * @param seed          seed of the insert-coin generator (any value; 0 is replaced)
     */
    public ExactMatchCache(int entries, int insertInvProb, int seed) {
        if (entries < 2 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("entries must be a power of two >= 2: " + entries);
        }
        this.keys = new long[entries * KW];
        this.lines = new long[entries * LW];
        this.hashes = new int[entries];
        this.flows = new Megaflow[entries];
        this.mask = entries - 1;
        this.rng = seed == 0 ? 0x2545F491 : seed;
        setInsertInvProb(insertInvProb);
    }

    // ---- configuration (slow path) ----

    /** Sets N of "insert with probability 1/N" (OVS {@code emc-insert-inv-prob}); 0 disables the cache. */
    public void setInsertInvProb(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("insert inverse probability must be >= 0: " + n);
        }
        this.insertInvProb = n;
        this.insertMin = n == 0 ? 0 : (int) (0xFFFFFFFFL / n);
        if (n == 0) {
            clear();
        }
    }

    public int insertInvProb() {
        return insertInvProb;
    }

    /** Turns the cache on or off (OVS per-port {@code emc-enable}); turning it off empties it. */
    public void setEnabled(boolean on) {
        this.enabled = on;
        if (!on) {
            clear();
        }
    }

    /** True when lookups can hit: enabled and the insert probability is not 0. */
    public boolean isActive() {
        return enabled && insertInvProb != 0;
    }

    public int capacity() {
        return flows.length;
    }

    /** Empties every slot. */
    public void clear() {
        Arrays.fill(flows, null);
        used = 0;
    }

    // ---- fast path ----

    /**
     * Looks up every packet whose bit is set in {@code pktMask}; packet i's key is at
     * {@code keys[i * KEY_WORDS]} and its hash at {@code hashes[i]}. Hits are written to {@code out[i]}.
     *
     * @return the bits of {@code pktMask} (limited to the first {@code count} packets) that missed
     */
    public int lookupBatch(long[] keys, int[] hashes, int count, int pktMask, Megaflow[] out) {
        return lookupBatch(keys, hashes, count, pktMask, 0, out);
    }

    /**
     * {@link #lookupBatch(long[], int[], int, int, Megaflow[])} with a hint from the producer of the keys:
     * {@code compactMask} marks packets whose key is known to have its nine {@link #ZERO_WORDS} zero (the
     * parser's fast path writes exactly such keys), so the probe need not check them. A packet outside the mask
     * is checked as usual; the mask must never include a key with a non-zero {@link #ZERO_WORDS} word.
     */
    public int lookupBatch(long[] keys, int[] hashes, int count, int pktMask, int compactMask, Megaflow[] out) {
        int live = count >= Integer.SIZE ? pktMask : pktMask & ((1 << count) - 1);
        if (!enabled || insertInvProb == 0) {
            return live;
        }
        final int[] hs = this.hashes;
        final Megaflow[] fs = this.flows;
        final long[] ks = this.keys;
        final long[] ls = this.lines;
        final int m = mask;
        int misses = 0;
        int found = 0;
        while (live != 0) {
            final int i = Integer.numberOfTrailingZeros(live);
            live &= live - 1;
            final int h = hashes[i];
            final int base = i * KW;
            int idx = h & m;
            Megaflow f;
            if ((compactMask & (1 << i)) != 0 || isCompact(keys, base)) {
                // Exact compare of all 16 words: the probe's nine zero words were checked above, the entry's
                // are zero by its tag, the other seven are compared here, in one 64-byte line.
                final long tag = (long) h << 32 | 1;
                final long k0 = keys[base + FlowKey.W_IN_PORT];
                final long k2 = keys[base + FlowKey.W_ETH_DST];
                final long k3 = keys[base + FlowKey.W_ETH_SRC];
                final long k5 = keys[base + FlowKey.W_MPLS_NW];
                final long k6 = keys[base + FlowKey.W_NW_ADDR];
                final long k11 = keys[base + FlowKey.W_L4];
                final long k12 = keys[base + FlowKey.W_ARP_SHA];
                f = fs[idx];
                if (f == null || !lineEquals(ls, idx * LW, tag, k0, k2, k3, k5, k6, k11, k12)) {
                    idx = (h >>> SEGMENT_SHIFT) & m;
                    f = fs[idx];
                    if (f == null || !lineEquals(ls, idx * LW, tag, k0, k2, k3, k5, k6, k11, k12)) {
                        misses |= 1 << i;
                        continue;
                    }
                }
            } else {
                f = fs[idx];
                if (f == null || hs[idx] != h || !keyEquals(ks, idx * KW, keys, base)) {
                    idx = (h >>> SEGMENT_SHIFT) & m;
                    f = fs[idx];
                    if (f == null || hs[idx] != h || !keyEquals(ks, idx * KW, keys, base)) {
                        misses |= 1 << i;
                        continue;
                    }
                }
            }
            if (f.isDead()) {
                f = lookup(keys, base, h);          // rare: clears the dead slot, tries the other one
                if (f == null) {
                    misses |= 1 << i;
                    continue;
                }
            }
            out[i] = f;
            found++;
        }
        hits += found;
        return misses;
    }

    /** True when the key's {@link #ZERO_WORDS} are all zero. */
    static boolean isCompact(long[] k, int b) {
        return (k[b + FlowKey.W_DP_HASH] | k[b + FlowKey.W_VLAN] | k[b + FlowKey.W_IPV6_SRC]
                | k[b + FlowKey.W_IPV6_SRC + 1] | k[b + FlowKey.W_IPV6_DST] | k[b + FlowKey.W_IPV6_DST + 1]
                | k[b + FlowKey.W_ARP_THA] | k[b + FlowKey.W_ND_TARGET] | k[b + FlowKey.W_ND_TARGET + 1]) == 0;
    }

    private static boolean lineEquals(long[] l, int e, long tag, long k0, long k2, long k3, long k5, long k6,
            long k11, long k12) {
        return ((l[e] ^ tag) | (l[e + 1] ^ k0) | (l[e + 2] ^ k2) | (l[e + 3] ^ k3) | (l[e + 4] ^ k5)
                | (l[e + 5] ^ k6) | (l[e + 6] ^ k11) | (l[e + 7] ^ k12)) == 0;
    }

    private void writeLine(int idx, long[] k, int b, int hash) {
        final int e = idx * LW;
        final long[] l = lines;
        l[e] = (long) hash << 32 | (isCompact(k, b) ? 1 : 0);
        l[e + 1] = k[b + FlowKey.W_IN_PORT];
        l[e + 2] = k[b + FlowKey.W_ETH_DST];
        l[e + 3] = k[b + FlowKey.W_ETH_SRC];
        l[e + 4] = k[b + FlowKey.W_MPLS_NW];
        l[e + 5] = k[b + FlowKey.W_NW_ADDR];
        l[e + 6] = k[b + FlowKey.W_L4];
        l[e + 7] = k[b + FlowKey.W_ARP_SHA];
    }

    /** Looks up one key; {@code null} on a miss (or when the cached megaflow is dead). */
    public Megaflow lookup(long[] key, int base, int hash) {
        int idx = hash & mask;
        Megaflow f = probe(idx, key, base, hash);
        if (f != null) {
            return f;
        }
        int idx2 = (hash >>> SEGMENT_SHIFT) & mask;
        return idx2 == idx ? null : probe(idx2, key, base, hash);
    }

    private Megaflow probe(int idx, long[] key, int base, int hash) {
        final Megaflow f = flows[idx];
        if (f == null || hashes[idx] != hash || !keyEquals(idx, key, base)) {
            return null;
        }
        if (f.isDead()) {
            flows[idx] = null;
            used--;
            return null;
        }
        return f;
    }

    private boolean keyEquals(int idx, long[] key, int base) {
        return keyEquals(keys, idx * KW, key, base);
    }

    /** Branch-free compare of two keys: one OR of XORs over the 16 words, then one test. */
    private static boolean keyEquals(long[] a, int ab, long[] b, int bb) {
        long d = 0;
        for (int w = 0; w < KW; w++) {
            d |= a[ab + w] ^ b[bb + w];
        }
        return d == 0;
    }

    // ---- insertion ----

    /** Inserts with probability 1/N (N = {@link #insertInvProb()}); does nothing when inactive. */
    public void maybeInsert(long[] key, int base, int hash, Megaflow f) {
        if (insertMin != 0 && enabled && Integer.compareUnsigned(nextRandom(), insertMin) <= 0) {
            insert(key, base, hash, f);
        }
    }

    /**
     * {@link #maybeInsert} for every packet whose bit is set in {@code pktMask}: key at
     * {@code keys[i * KEY_WORDS]}, hash {@code hashes[i]}, megaflow {@code flows[i]} (the dpcls hits).
     */
    public void maybeInsertBatch(long[] keys, int[] hashes, int pktMask, Megaflow[] flows) {
        if (insertMin == 0 || !enabled) {
            return;
        }
        int m = pktMask;
        while (m != 0) {
            final int i = Integer.numberOfTrailingZeros(m);
            m &= m - 1;
            if (Integer.compareUnsigned(nextRandom(), insertMin) <= 0) {
                insert(keys, i * KW, hashes[i], flows[i]);
            }
        }
    }

    /** Inserts unconditionally (even when the cache is inactive), following OVS's replacement policy. */
    public void insert(long[] key, int base, int hash, Megaflow f) {
        final int i1 = hash & mask;
        final int i2 = (hash >>> SEGMENT_SHIFT) & mask;
        if (matchesSlot(i1, key, base, hash)) {
            updateSlot(i1, f);
            return;
        }
        if (i2 != i1 && matchesSlot(i2, key, base, hash)) {
            updateSlot(i2, f);
            return;
        }
        final int victim;
        if (!alive(i1)) {
            victim = i1;
        } else if (!alive(i2)) {
            victim = i2;
        } else {
            victim = Integer.compareUnsigned(hashes[i2], hashes[i1]) < 0 ? i2 : i1;
        }
        if (flows[victim] == null) {
            used++;
        } else if (!flows[victim].isDead()) {
            evictions++;
        }
        System.arraycopy(key, base, keys, victim * KW, KW);
        writeLine(victim, key, base, hash);
        hashes[victim] = hash;
        flows[victim] = f;
        inserts++;
    }

    private boolean matchesSlot(int idx, long[] key, int base, int hash) {
        return flows[idx] != null && hashes[idx] == hash && keyEquals(idx, key, base);
    }

    private void updateSlot(int idx, Megaflow f) {
        flows[idx] = f;
        updates++;
    }

    private boolean alive(int idx) {
        final Megaflow f = flows[idx];
        return f != null && !f.isDead();
    }

    private int nextRandom() {
        int x = rng;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        rng = x;
        return x;
    }

    // ---- maintenance ----

    /**
     * Visits the next {@code slots} slots (round robin) and clears those whose megaflow is dead.
     *
     * @return how many entries were cleared
     */
    public int sweep(int slots) {
        int cleared = 0;
        int c = sweepCursor;
        for (int n = Math.min(slots, flows.length); n > 0; n--) {
            final Megaflow f = flows[c];
            if (f != null && f.isDead()) {
                flows[c] = null;
                used--;
                cleared++;
            }
            c = (c + 1) & mask;
        }
        sweepCursor = c;
        return cleared;
    }

    // ---- statistics (owner thread) ----

    /** Occupied slots (including entries whose megaflow died but were not swept yet). */
    public int size() {
        return used;
    }

    /** Lookups that hit, over the cache's life. */
    public long hits() {
        return hits;
    }

    /** Keys written into a slot (new entries, including replacements of dead or evicted ones). */
    public long inserts() {
        return inserts;
    }

    /** Inserts that found the key already cached and only replaced its megaflow. */
    public long updates() {
        return updates;
    }

    /** Inserts that displaced a live entry of another key. */
    public long evictions() {
        return evictions;
    }
}
