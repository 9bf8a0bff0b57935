package io.jvswitch.flowcache;

import static io.jvswitch.flowcache.TestFlows.flow;
import static io.jvswitch.flowcache.TestFlows.ip;
import static io.jvswitch.flowcache.TestFlows.ipMask;
import static io.jvswitch.flowcache.TestFlows.tcp;
import static io.jvswitch.flowcache.TestFlows.tcpKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassifierTest {
    /** Subtable s: nw_dst /32 (10.0.s.x, so subtables never overlap) and nw_src /(8 + s). */
    private static FlowMask maskOf(int s) {
        return ipMask(8 + s, 32, false);
    }

    private static int dst(int s, int x) {
        return ip(10, 0, s, x);
    }

    private static final int FLOWS_PER_SUBTABLE = 50;

    private static Megaflow[][] populate(Classifier c, int subtables) {
        Megaflow[][] flows = new Megaflow[subtables][FLOWS_PER_SUBTABLE];
        for (int s = 0; s < subtables; s++) {
            for (int x = 0; x < FLOWS_PER_SUBTABLE; x++) {
                long[] k = tcpKey(1, ip(192, 168, s, x), dst(s, x), 0, 0);
                flows[s][x] = flow(s * 1000L + x, k, 0, maskOf(s));
                assertNull(c.insert(flows[s][x]));
            }
        }
        return flows;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 20})
    void batchLookupFindsTheFlowOfEverySubtable(int subtables) {
        Classifier c = new Classifier(1);
        Megaflow[][] flows = populate(c, subtables);
        assertEquals(subtables, c.subtableCount());
        assertEquals(subtables * FLOWS_PER_SUBTABLE, c.flowCount());

        SplittableRandom rnd = new SplittableRandom(subtables);
        long[] keys = TestFlows.keys(32);
        int[] want = new int[64];
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 32; i++) {
                int s = rnd.nextInt(subtables);
                int x = rnd.nextInt(FLOWS_PER_SUBTABLE);
                // host bits under the nw_src prefix and the L4 ports are wildcarded
                int hostBits = rnd.nextInt() >>> (8 + s);
                int dstHost = i == 31 ? 200 : x;   // packet 31 matches nothing
                tcp(keys, i, 1, ip(192, 168, s, x) | hostBits, dst(s, dstHost), rnd.nextInt(65536), 80);
                want[2 * i] = s;
                want[2 * i + 1] = x;
            }
            Megaflow[] out = new Megaflow[32];
            int misses = c.lookupBatch(keys, 32, -1, out);
            assertEquals(1 << 31, misses);
            for (int i = 0; i < 31; i++) {
                assertSame(flows[want[2 * i]][want[2 * i + 1]], out[i], "packet " + i);
            }
            assertNull(out[31]);
        }
    }

    @Test
    void rankMovesTheHotSubtableFirst() {
        Classifier c = new Classifier(1);
        populate(c, 5);
        FlowMask hot = maskOf(4);
        assertEquals(hot, c.subtable(4).mask());
        long[] keys = TestFlows.keys(32);
        for (int i = 0; i < 32; i++) {
            tcp(keys, i, 1, ip(192, 168, 4, i), dst(4, i), 1, 2);
        }
        Megaflow[] out = new Megaflow[32];
        assertEquals(0, c.lookupBatch(keys, 32, -1, out));
        assertEquals(5 * 32, c.subtableLookups());
        c.rank();
        assertEquals(hot, c.subtable(0).mask());
        assertEquals(0, c.subtable(0).hitCount());
        long before = c.subtableLookups();
        assertEquals(0, c.lookupBatch(keys, 32, -1, out));
        assertEquals(32, c.subtableLookups() - before);
    }

    @Test
    void firstMatchInRankOrderWins() {
        Classifier c = new Classifier(1);
        FlowMask srcOnly = ipMask(32, 0, false);
        FlowMask dstOnly = ipMask(0, 32, false);
        Megaflow bySrc = flow(1, tcpKey(1, ip(1, 1, 1, 1), 0, 0, 0), 0, srcOnly);
        Megaflow byDst = flow(2, tcpKey(1, 0, ip(2, 2, 2, 2), 0, 0), 0, dstOnly);
        c.insert(bySrc);
        c.insert(byDst);
        long[] both = tcpKey(1, ip(1, 1, 1, 1), ip(2, 2, 2, 2), 5, 6);
        Megaflow[] out = new Megaflow[1];
        c.lookupBatch(both, 1, 1, out);
        assertSame(bySrc, out[0]);

        long[] dstTraffic = tcpKey(1, ip(3, 3, 3, 3), ip(2, 2, 2, 2), 5, 6);
        for (int i = 0; i < 10; i++) {
            c.lookupBatch(dstTraffic, 1, 1, out);
        }
        c.rank();
        c.lookupBatch(both, 1, 1, out);
        assertSame(byDst, out[0]);
        assertSame(byDst, c.lookup(both, 0));
    }

    @Test
    void removingTheLastFlowOfAMaskDropsItsSubtable() {
        Classifier c = new Classifier(1);
        Megaflow[][] flows = populate(c, 3);
        for (Megaflow f : flows[1]) {
            assertTrue(c.remove(f));
        }
        assertEquals(2, c.subtableCount());
        assertEquals(2 * FLOWS_PER_SUBTABLE, c.flowCount());
        assertFalse(c.remove(flows[1][0]));
        assertNull(c.lookup(tcpKey(1, ip(192, 168, 1, 0), dst(1, 0), 0, 0), 0));
        assertSame(flows[2][3], c.lookup(tcpKey(1, ip(192, 168, 2, 3), dst(2, 3), 0, 0), 0));
    }

    @Test
    void emptyClassifierMissesEverythingInTheMask() {
        Classifier c = new Classifier(1);
        assertEquals(0b101, c.lookupBatch(TestFlows.keys(32), 3, 0b1101, new Megaflow[32]));
    }
}
