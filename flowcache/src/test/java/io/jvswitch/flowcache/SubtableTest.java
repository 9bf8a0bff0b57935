package io.jvswitch.flowcache;

import static io.jvswitch.flowcache.TestFlows.KW;
import static io.jvswitch.flowcache.TestFlows.flow;
import static io.jvswitch.flowcache.TestFlows.ipMask;
import static io.jvswitch.flowcache.TestFlows.tcp;
import static io.jvswitch.flowcache.TestFlows.tcpKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SubtableTest {
    private static final FlowMask FIVE_TUPLE = ipMask(32, 32, true);
    private static final FlowMask SRC_24 = ipMask(24, 0, false);

    private static long[] key(int n) {
        return tcpKey(1, 0x0a000000 + n, 0x0b000000 + (n >>> 3), 1000 + (n & 0xfff), 80 + (n & 7));
    }

    @Test
    void hundredThousandFlowsAreFoundGrowAndRemove() {
        final int n = 100_000;
        Subtable st = new Subtable(FIVE_TUPLE);
        Megaflow[] flows = new Megaflow[n];
        for (int i = 0; i < n; i++) {
            flows[i] = flow(i, key(i), 0, FIVE_TUPLE);
            assertNull(st.insert(flows[i]));
        }
        assertEquals(n, st.size());
        assertTrue(st.capacity() >= 2 * n && Integer.bitCount(st.capacity()) == 1, "capacity " + st.capacity());
        for (int i = 0; i < n; i++) {
            assertSame(flows[i], st.lookup(key(i), 0), "flow " + i);
        }
        assertNull(st.lookup(key(n + 1), 0));

        // remove a random half; the rest must still be found (backward shift keeps probe runs intact)
        SplittableRandom rnd = new SplittableRandom(42);
        boolean[] gone = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (rnd.nextBoolean()) {
                gone[i] = true;
                assertTrue(st.remove(flows[i]));
            }
        }
        for (int i = 0; i < n; i++) {
            Megaflow found = st.lookup(key(i), 0);
            if (gone[i]) {
                assertNull(found, "removed flow " + i);
            } else {
                assertSame(flows[i], found, "kept flow " + i);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!gone[i]) {
                assertTrue(st.remove(flows[i]));
            }
        }
        assertTrue(st.isEmpty());
        assertFalse(st.remove(flows[0]));
        st.compact();
        assertEquals(8, st.capacity());
    }

    @Test
    void wildcardedBitsAreIgnored() {
        Subtable st = new Subtable(SRC_24);
        Megaflow f = flow(1, tcpKey(1, 0x0a000105, 0x01020304, 1, 2), 0, SRC_24);
        st.insert(f);
        assertSame(f, st.lookup(tcpKey(9, 0x0a0001ff, 0x05060708, 3, 4), 0));
        assertNull(st.lookup(tcpKey(1, 0x0a000205, 0x01020304, 1, 2), 0));
    }

    @Test
    void sameMaskedKeyIsNotInsertedTwice() {
        Subtable st = new Subtable(SRC_24);
        Megaflow a = flow(1, tcpKey(1, 0x0a000105, 1, 1, 2), 0, SRC_24);
        Megaflow b = flow(2, tcpKey(2, 0x0a000177, 2, 3, 4), 0, SRC_24);
        assertNull(st.insert(a));
        assertSame(a, st.insert(b));
        assertEquals(1, st.size());
    }

    @Test
    void deadFlowNeverMatches() {
        Subtable st = new Subtable(FIVE_TUPLE);
        Megaflow f = flow(1, key(1), 0, FIVE_TUPLE);
        st.insert(f);
        f.markDead();
        assertNull(st.lookup(key(1), 0));
    }

    @Test
    void batchLookupCountsHitsOnTheMissMask() {
        Subtable st = new Subtable(FIVE_TUPLE);
        long[] keys = TestFlows.keys(32);
        Megaflow[] flows = new Megaflow[32];
        for (int i = 0; i < 32; i++) {
            tcp(keys, i, 1, 0x0a000000 + i, 0x0b000000, 1000, 80);
            flows[i] = flow(i, keys, i, FIVE_TUPLE);
            if (i < 16) {
                st.insert(flows[i]);
            }
        }
        Megaflow[] out = new Megaflow[32];
        int found = st.lookupBatch(keys, 0xff0000ff, out);
        assertEquals(0x000000ff, found);
        for (int i = 0; i < 8; i++) {
            assertSame(flows[i], out[i]);
        }
        assertNull(out[8]);
        assertEquals(8, st.hitCount());
        st.resetHits();
        assertEquals(0, st.hitCount());
    }

    @Test
    void megaflowOfAnotherMaskIsRejected() {
        Subtable st = new Subtable(FIVE_TUPLE);
        assertThrows(IllegalArgumentException.class, () -> st.insert(flow(1, key(1), 0, SRC_24)));
    }

    @Test
    void removeAtDuringAScanVisitsEveryEntry() {
        Subtable st = new Subtable(FIVE_TUPLE);
        Megaflow[] flows = new Megaflow[5000];
        for (int i = 0; i < flows.length; i++) {
            flows[i] = flow(i, key(i), 0, FIVE_TUPLE);
            st.insert(flows[i]);
            if (i % 3 == 0) {
                flows[i].markDead();
            }
        }
        for (int i = 0; i < st.capacity(); i++) {
            Megaflow f;
            while ((f = st.flowAt(i)) != null && f.isDead()) {
                st.removeAt(i);
            }
        }
        st.compact();
        assertEquals(flows.length - (flows.length + 2) / 3, st.size());
        for (int i = 0; i < flows.length; i++) {
            if (i % 3 != 0) {
                assertSame(flows[i], st.lookup(key(i), 0));
            }
        }
    }

    @Test
    void keysOfABatchAreReadAtTheirSlot() {
        Subtable st = new Subtable(FIVE_TUPLE);
        long[] keys = TestFlows.keys(3);
        tcp(keys, 2, 1, 5, 6, 7, 8);
        Megaflow f = flow(1, keys, 2, FIVE_TUPLE);
        st.insert(f);
        assertSame(f, st.lookup(keys, 2 * KW));
    }
}
