package io.jvswitch.flowcache;

import static io.jvswitch.flowcache.TestFlows.KW;
import static io.jvswitch.flowcache.TestFlows.flow;
import static io.jvswitch.flowcache.TestFlows.ipMask;
import static io.jvswitch.flowcache.TestFlows.tcpKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

/**
 * The batch lookup's compact compare line (64 bytes for keys whose nine {@link ExactMatchCache#ZERO_WORDS} are
 * zero) must stay an exact compare of all 16 words: same hash, keys differing in any single word, compact or not,
 * never hit each other.
 */
class ExactMatchCacheCompareLineTest {
    private static final FlowMask MASK = ipMask(32, 32, true);
    private static final int HASH = 0x00030005;

    private static int lookupOne(ExactMatchCache emc, long[] key, Megaflow[] out) {
        long[] keys = new long[KW];
        System.arraycopy(key, 0, keys, 0, KW);
        return emc.lookupBatch(keys, new int[] {HASH}, 1, 1, out);
    }

    @Test
    void everySingleWordDifferenceMissesBothWays() {
        long[] compact = tcpKey(1, 0x0a000001, 0x0a010001, 1000, 80);
        assertTrue(ExactMatchCache.isCompact(compact, 0));
        SplittableRandom rnd = new SplittableRandom(7);
        for (int w = 0; w < KW; w++) {
            long[] other = compact.clone();
            other[w] ^= 1L << rnd.nextInt(64);
            // compact entry, probe differing in word w (compact or not)
            ExactMatchCache emc = new ExactMatchCache(16, 1, 1);
            Megaflow fa = flow(1, compact, 0, MASK);
            emc.insert(compact, 0, HASH, fa);
            Megaflow[] out = new Megaflow[1];
            assertEquals(1, lookupOne(emc, other, out), "word " + w);
            assertEquals(0, lookupOne(emc, compact, out));
            assertSame(fa, out[0]);
            // entry differing in word w, compact probe
            ExactMatchCache emc2 = new ExactMatchCache(16, 1, 1);
            Megaflow fb = flow(2, other, 0, MASK);
            emc2.insert(other, 0, HASH, fb);
            out[0] = null;
            assertEquals(1, lookupOne(emc2, compact, out), "word " + w);
            assertNull(out[0]);
            assertEquals(0, lookupOne(emc2, other, out));
            assertSame(fb, out[0]);
        }
    }

    @Test
    void slotReusedByAKeyOfTheOtherShapeIsComparedByItsNewShape() {
        long[] compact = tcpKey(1, 0x0a000001, 0x0a010001, 1000, 80);
        long[] vlan = compact.clone();
        vlan[FlowKey.W_VLAN] = 0x8100_100aL << 32;
        ExactMatchCache emc = new ExactMatchCache(2, 1, 1);       // both candidates of HASH are slot 1
        Megaflow fa = flow(1, compact, 0, MASK);
        Megaflow fb = flow(2, vlan, 0, MASK);
        emc.insert(compact, 0, HASH, fa);
        emc.insert(vlan, 0, HASH, fb);                             // evicts the compact key
        Megaflow[] out = new Megaflow[1];
        assertEquals(1, lookupOne(emc, compact, out));
        assertEquals(0, lookupOne(emc, vlan, out));
        assertSame(fb, out[0]);
        emc.insert(compact, 0, HASH, fa);                          // and back
        assertEquals(1, lookupOne(emc, vlan, out));
        assertEquals(0, lookupOne(emc, compact, out));
        assertSame(fa, out[0]);
    }

    @Test
    void clearedSlotWithAStaleLineMisses() {
        long[] compact = tcpKey(1, 0x0a000001, 0x0a010001, 1000, 80);
        ExactMatchCache emc = new ExactMatchCache(16, 1, 1);
        emc.insert(compact, 0, HASH, flow(1, compact, 0, MASK));
        emc.clear();
        assertEquals(1, lookupOne(emc, compact, new Megaflow[1]));
    }

    @Test
    void compactHintGivesTheSameAnswersAsTheCheck() {
        long[] compact = tcpKey(1, 0x0a000001, 0x0a010001, 1000, 80);
        for (int w = 0; w < KW; w++) {
            long[] other = compact.clone();
            other[w] ^= 0x40;
            ExactMatchCache emc = new ExactMatchCache(16, 1, 1);
            Megaflow fb = flow(2, other, 0, MASK);
            emc.insert(other, 0, HASH, fb);
            Megaflow[] out = new Megaflow[1];
            long[] probe = compact.clone();
            assertEquals(1, emc.lookupBatch(probe, new int[] {HASH}, 1, 1, 1, out), "word " + w);
            assertNull(out[0]);
            emc.insert(compact, 0, HASH, fb);
            assertEquals(0, emc.lookupBatch(probe, new int[] {HASH}, 1, 1, 1, out));
            assertSame(fb, out[0]);
        }
    }
}
