package io.jvswitch.flowcache;

import static io.jvswitch.flowcache.TestFlows.flow;
import static io.jvswitch.flowcache.TestFlows.ip;
import static io.jvswitch.flowcache.TestFlows.ipMask;
import static io.jvswitch.flowcache.TestFlows.ipMaskWithInPort;
import static io.jvswitch.flowcache.TestFlows.tcpKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowTableTest {
    private static final FlowMask MASK = ipMask(32, 32, false);
    private static final long SEC = 1_000_000_000L;

    private static long[] key(int inPort, int n) {
        return tcpKey(inPort, ip(10, 0, 0, 1), ip(10, 1, n >>> 8, n & 0xff), 1234, 80);
    }

    private static Megaflow hit(FlowTable t, int inPort, long[] key) {
        Megaflow[] out = new Megaflow[1];
        return t.lookupBatch(inPort, key, 1, 1, out) == 0 ? out[0] : null;
    }

    @Test
    void flowsAreSeparatedByInPort() {
        FlowTable t = new FlowTable();
        long[] k = key(1, 1);
        Megaflow f = flow(1, k, 0, MASK);   // the mask does not even match in_port
        assertTrue(t.install(1, f));
        assertSame(f, hit(t, 1, k));
        assertNull(hit(t, 2, k));
        assertNull(t.lookup(2, k, 0));
        Megaflow g = flow(2, k, 0, MASK);
        assertTrue(t.install(2, g));
        assertSame(g, hit(t, 2, k));
        assertSame(f, hit(t, 1, k));
        assertEquals(2, t.flowCount());
        assertEquals(1, t.classifier(1).flowCount());
    }

    @Test
    void idleFlowsExpireAndBecomeEmcMisses() {
        FlowTable t = new FlowTable();
        ExactMatchCache emc = new ExactMatchCache(8192, 1, 1);
        long[] recent = key(1, 1);
        long[] old = key(1, 2);
        Megaflow fr = flow(1, recent, 0, MASK);
        Megaflow fo = flow(2, old, 0, MASK);
        t.install(1, fr);
        t.install(1, fo);
        emc.insert(recent, 0, FlowHash.hash(recent, 0), fr);
        emc.insert(old, 0, FlowHash.hash(old, 0), fo);

        fr.recordHit(1, 64, 9 * SEC, 0);
        assertEquals(1, t.expireIdle(10 * SEC, 5 * SEC));
        assertTrue(fo.isDead());
        assertFalse(fr.isDead());
        assertEquals(1, t.flowCount());
        assertNull(hit(t, 1, old));
        assertSame(fr, hit(t, 1, recent));
        assertNull(emc.lookup(old, 0, FlowHash.hash(old, 0)));
        assertSame(fr, emc.lookup(recent, 0, FlowHash.hash(recent, 0)));
        assertNull(t.get(2));
        assertEquals(0, t.expireIdle(10 * SEC, 5 * SEC));
    }

    @Test
    void installFailsWhenTheFlowLimitIsReached() {
        FlowTable t = new FlowTable(10);
        Megaflow[] fs = new Megaflow[11];
        for (int n = 0; n < 11; n++) {
            fs[n] = flow(n, key(1, n), 0, MASK);
        }
        for (int n = 0; n < 10; n++) {
            assertTrue(t.install(1 + (n & 1), fs[n]));
        }
        assertFalse(t.install(1, fs[10]));
        assertEquals(10, t.flowCount());
        assertTrue(t.removeById(3));
        assertTrue(t.install(1, fs[10]));
        assertEquals(FlowTable.DEFAULT_FLOW_LIMIT, new FlowTable().flowLimit());
    }

    @Test
    void duplicateIsRefusedWhileAliveAndReplacedWhenDead() {
        FlowTable t = new FlowTable();
        long[] k = key(1, 1);
        Megaflow a = flow(1, k, 0, MASK);
        Megaflow b = flow(2, k, 0, MASK);
        assertTrue(t.install(1, a));
        assertFalse(t.install(1, b));
        assertFalse(t.install(1, flow(1, key(1, 9), 0, MASK)));   // same id
        a.markDead();
        assertTrue(t.install(1, b));
        assertSame(b, hit(t, 1, k));
        assertEquals(1, t.flowCount());
        assertNull(t.get(1));
    }

    @Test
    void removeMarksDeadAndRemoveDeadCollectsFlowsKilledElsewhere() {
        FlowTable t = new FlowTable();
        Megaflow[] fs = new Megaflow[100];
        for (int n = 0; n < fs.length; n++) {
            fs[n] = flow(n, key(n % 3, n), 0, n % 2 == 0 ? MASK : ipMaskWithInPort(32, 32, false));
            assertTrue(t.install(n % 3, fs[n]));
        }
        assertTrue(t.remove(fs[0]));
        assertTrue(fs[0].isDead());
        assertFalse(t.remove(fs[0]));
        assertTrue(t.removeById(1));
        assertFalse(t.removeById(1));
        for (int n = 2; n < 50; n++) {
            fs[n].markDead();   // as the control thread would
        }
        assertEquals(48, t.removeDead());
        assertEquals(50, t.flowCount());
        Set<Long> ids = new HashSet<>();
        t.forEach(f -> ids.add(f.id()));
        assertEquals(50, ids.size());
        for (int n = 50; n < 100; n++) {
            assertTrue(ids.contains((long) n));
            assertSame(fs[n], hit(t, n % 3, key(n % 3, n)));
        }
    }

    @Test
    void removePortKillsItsFlowsOnly() {
        FlowTable t = new FlowTable();
        Megaflow a = flow(1, key(1, 1), 0, MASK);
        Megaflow b = flow(2, key(2, 1), 0, MASK);
        t.install(1, a);
        t.install(2, b);
        assertEquals(1, t.removePort(1));
        assertTrue(a.isDead());
        assertFalse(b.isDead());
        assertNull(t.classifier(1));
        assertEquals(1, t.flowCount());
        t.clear();
        assertTrue(b.isDead());
        assertEquals(0, t.flowCount());
    }

    @Test
    void rankReordersEveryClassifier() {
        FlowTable t = new FlowTable();
        FlowMask wide = ipMask(0, 32, false);
        FlowMask narrow = ipMask(32, 32, true);
        long[] k = key(1, 1);
        long[] other = key(1, 2);
        t.install(1, flow(1, k, 0, narrow));
        t.install(1, flow(2, other, 0, wide));
        for (int i = 0; i < 5; i++) {
            hit(t, 1, other);
        }
        t.rank();
        assertEquals(wide, t.classifier(1).subtable(0).mask());
    }

    @Test
    void lookupOnUnknownPortMissesEverything() {
        FlowTable t = new FlowTable();
        assertEquals(0b11, t.lookupBatch(7, TestFlows.keys(2), 2, -1, new Megaflow[2]));
    }
}
