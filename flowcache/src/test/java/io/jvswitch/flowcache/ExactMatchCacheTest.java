package io.jvswitch.flowcache;

import static io.jvswitch.flowcache.TestFlows.KW;
import static io.jvswitch.flowcache.TestFlows.flow;
import static io.jvswitch.flowcache.TestFlows.ipMask;
import static io.jvswitch.flowcache.TestFlows.tcp;
import static io.jvswitch.flowcache.TestFlows.tcpKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExactMatchCacheTest {
    private static final FlowMask MASK = ipMask(32, 32, true);

    private static long[] key(int n) {
        return tcpKey(1, 0x0a000000 + n, 0x0a010000, 1000 + (n & 0x7fff), 80);
    }

    @Test
    void insertedKeyHitsAndUnknownKeyMisses() {
        ExactMatchCache emc = new ExactMatchCache();
        long[] a = key(1);
        long[] b = key(2);
        Megaflow f = flow(1, a, 0, MASK);
        emc.insert(a, 0, FlowHash.hash(a, 0), f);
        assertSame(f, emc.lookup(a, 0, FlowHash.hash(a, 0)));
        assertNull(emc.lookup(b, 0, FlowHash.hash(b, 0)));
        assertEquals(1, emc.size());
        assertEquals(1, emc.inserts());
    }

    @Test
    void sameHashDifferentKeyIsAMiss() {
        ExactMatchCache emc = new ExactMatchCache(16, 1, 1);
        long[] a = key(1);
        long[] b = key(2);
        emc.insert(a, 0, 0x00030005, flow(1, a, 0, MASK));
        assertNull(emc.lookup(b, 0, 0x00030005));
    }

    @Test
    void secondKeyWithSameCandidatesTakesTheOtherSlot() {
        ExactMatchCache emc = new ExactMatchCache(16, 1, 1);
        long[] a = key(1);
        long[] b = key(2);
        Megaflow fa = flow(1, a, 0, MASK);
        Megaflow fb = flow(2, b, 0, MASK);
        emc.insert(a, 0, 0x00030005, fa);   // candidates 5 and 3
        emc.insert(b, 0, 0x00030005, fb);
        assertSame(fa, emc.lookup(a, 0, 0x00030005));
        assertSame(fb, emc.lookup(b, 0, 0x00030005));
        assertEquals(0, emc.evictions());
        assertEquals(2, emc.size());
    }

    @Test
    void fullCandidatesEvictTheEntryWithTheSmallerHash() {
        ExactMatchCache emc = new ExactMatchCache(16, 1, 1);
        long[] x = key(1);
        long[] y = key(2);
        long[] z = key(3);
        Megaflow fx = flow(1, x, 0, MASK);
        Megaflow fy = flow(2, y, 0, MASK);
        Megaflow fz = flow(3, z, 0, MASK);
        emc.insert(x, 0, 0x00090005, fx);   // slot 5
        emc.insert(y, 0, 0x00080003, fy);   // slot 3, smaller stored hash
        emc.insert(z, 0, 0x00030005, fz);   // candidates 5 and 3, both live
        assertEquals(1, emc.evictions());
        assertSame(fx, emc.lookup(x, 0, 0x00090005));
        assertNull(emc.lookup(y, 0, 0x00080003));
        assertSame(fz, emc.lookup(z, 0, 0x00030005));
    }

    @Test
    void deadCandidateIsReplacedBeforeALiveOne() {
        ExactMatchCache emc = new ExactMatchCache(16, 1, 1);
        long[] x = key(1);
        long[] y = key(2);
        long[] z = key(3);
        Megaflow fx = flow(1, x, 0, MASK);
        Megaflow fy = flow(2, y, 0, MASK);
        emc.insert(x, 0, 0x00090005, fx);   // slot 5, smaller stored hash
        emc.insert(y, 0, 0x000a0003, fy);   // slot 3
        fy.markDead();
        emc.insert(z, 0, 0x00030005, flow(3, z, 0, MASK));
        assertEquals(0, emc.evictions());
        assertSame(fx, emc.lookup(x, 0, 0x00090005));
        assertEquals(2, emc.size());
    }

    @Test
    void insertOfCachedKeyUpdatesItsMegaflow() {
        ExactMatchCache emc = new ExactMatchCache();
        long[] a = key(1);
        int h = FlowHash.hash(a, 0);
        Megaflow f1 = flow(1, a, 0, MASK);
        Megaflow f2 = flow(2, a, 0, MASK);
        emc.insert(a, 0, h, f1);
        emc.insert(a, 0, h, f2);
        assertSame(f2, emc.lookup(a, 0, h));
        assertEquals(1, emc.size());
        assertEquals(1, emc.updates());
    }

    @Test
    void deadMegaflowIsAMissAndClearsTheEntry() {
        ExactMatchCache emc = new ExactMatchCache();
        long[] a = key(1);
        int h = FlowHash.hash(a, 0);
        Megaflow f = flow(1, a, 0, MASK);
        emc.insert(a, 0, h, f);
        f.markDead();
        assertNull(emc.lookup(a, 0, h));
        assertEquals(0, emc.size());
    }

    @Test
    void batchLookupReturnsMissMaskAndWritesHits() {
        ExactMatchCache emc = new ExactMatchCache(8192, 1, 7);
        long[] keys = TestFlows.keys(32);
        int[] hashes = new int[32];
        Megaflow[] flows = new Megaflow[32];
        for (int i = 0; i < 32; i++) {
            tcp(keys, i, 1, 0x0a000000 + i, 0x0a010000, 1000 + i, 80);
            hashes[i] = FlowHash.hash(keys, i * KW);
            flows[i] = flow(i, keys, i, MASK);
            if (i % 2 == 0) {
                emc.insert(keys, i * KW, hashes[i], flows[i]);
            }
        }
        Megaflow[] out = new Megaflow[32];
        int misses = emc.lookupBatch(keys, hashes, 32, -1, out);
        assertEquals(0xaaaaaaaa, misses);
        for (int i = 0; i < 32; i += 2) {
            assertSame(flows[i], out[i]);
        }
        assertNull(out[1]);
        assertEquals(16, emc.hits());
        // only the packets in the mask and below count are looked up
        assertEquals(0b1000, emc.lookupBatch(keys, hashes, 4, 0b1111_1100, new Megaflow[32]));
    }

    @Test
    void insertProbabilityOneInHundredIsRoughlyOnePercent() {
        ExactMatchCache emc = new ExactMatchCache(8192, 100, 12345);
        Megaflow f = flow(1, key(0), 0, MASK);
        for (int n = 0; n < 100_000; n++) {
            long[] k = key(n);
            emc.maybeInsert(k, 0, FlowHash.hash(k, 0), f);
        }
        long written = emc.inserts() + emc.updates();
        assertTrue(written > 800 && written < 1200, "inserts: " + written);
    }

    @Test
    void insertProbabilityOneAlwaysInserts() {
        ExactMatchCache emc = new ExactMatchCache(8192, 1, 99);
        Megaflow f = flow(1, key(0), 0, MASK);
        for (int n = 0; n < 1000; n++) {
            long[] k = key(n);
            emc.maybeInsert(k, 0, FlowHash.hash(k, 0), f);
        }
        assertEquals(1000, emc.inserts() + emc.updates());
    }

    @Test
    void insertProbabilityZeroNeverInsertsAndDisablesLookups() {
        ExactMatchCache emc = new ExactMatchCache(8192, 0, 99);
        long[] k = key(1);
        int h = FlowHash.hash(k, 0);
        Megaflow f = flow(1, k, 0, MASK);
        for (int n = 0; n < 1000; n++) {
            emc.maybeInsert(k, 0, h, f);
        }
        emc.maybeInsertBatch(k, new int[] {h}, 1, new Megaflow[] {f});
        assertEquals(0, emc.inserts());
        emc.insert(k, 0, h, f);
        assertEquals(1, emc.lookupBatch(k, new int[] {h}, 1, 1, new Megaflow[1]));
    }

    @Test
    void disabledCacheMissesEverythingAndEmpties() {
        ExactMatchCache emc = new ExactMatchCache();
        long[] k = key(1);
        int h = FlowHash.hash(k, 0);
        emc.insert(k, 0, h, flow(1, k, 0, MASK));
        emc.setEnabled(false);
        assertEquals(0, emc.size());
        assertEquals(1, emc.lookupBatch(k, new int[] {h}, 1, 1, new Megaflow[1]));
        emc.setEnabled(true);
        emc.insert(k, 0, h, flow(1, k, 0, MASK));
        assertEquals(0, emc.lookupBatch(k, new int[] {h}, 1, 1, new Megaflow[1]));
    }

    @Test
    void sweepClearsDeadEntriesAFewSlotsAtATime() {
        ExactMatchCache emc = new ExactMatchCache(64, 1, 3);
        Megaflow[] fs = new Megaflow[10];
        for (int n = 0; n < 10; n++) {
            long[] k = key(n);
            fs[n] = flow(n, k, 0, MASK);
            emc.insert(k, 0, n, fs[n]);   // hash n: slot n, no collisions
        }
        for (int n = 0; n < 10; n += 2) {
            fs[n].markDead();
        }
        assertEquals(2, emc.sweep(4));   // slots 0..3
        assertEquals(3, emc.sweep(64));  // the rest, wrapping round
        assertEquals(5, emc.size());
        assertEquals(0, emc.sweep(64));
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new ExactMatchCache(100, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ExactMatchCache(8192, -1, 1));
    }
}
