package io.jvswitch.control.bridge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacLearningTableTest {
    private static final long S = 1_000_000_000L;
    private static final long A = 0x505400000001L;
    private static final long B = 0x505400000002L;

    @Test
    void learnsLooksUpPerVlanAndNeverLearnsMulticastSources() {
        MacLearningTable t = new MacLearningTable();
        assertTrue(t.learn(A, 10, 1, 0));
        assertEquals(1, t.lookup(A, 10, 0));
        assertEquals(-1, t.lookup(A, 20, 0), "entries are per VLAN");
        assertFalse(t.learn(0x01005e000001L, 10, 1, 0), "multicast source");
        assertEquals(-1, t.lookup(0xffffffffffffL, 10, 0));
        assertEquals(1, t.size());
    }

    @Test
    void relearningOnTheSamePortIsNoChangeAndAMoveIsCountedAndVersioned() {
        MacLearningTable t = new MacLearningTable();
        t.learn(A, 0, 1, 0);
        long v = t.version();
        assertFalse(t.learn(A, 0, 1, 5 * S));
        assertEquals(v, t.version(), "a refresh does not change lookups");
        assertTrue(t.learn(A, 0, 2, 6 * S));
        assertNotEquals(v, t.version());
        assertEquals(2, t.lookup(A, 0, 6 * S));
        assertEquals(1, t.stats().moved());
        assertEquals(1, t.stats().learned());
    }

    @Test
    void entriesExpireAfterTheAgingTimeUnlessRefreshed() {
        MacLearningTable t = new MacLearningTable(20, 100, () -> { });
        t.learn(A, 0, 1, 0);
        t.learn(B, 0, 2, 0);
        t.learn(A, 0, 1, 15 * S);
        assertEquals(-1, t.lookup(B, 0, 20 * S), "expired entries are ignored at once");
        assertEquals(1, t.lookup(A, 0, 20 * S));
        assertEquals(1, t.run(20 * S));
        assertEquals(1, t.size());
        assertEquals(1, t.stats().expired());
        assertEquals(1, t.run(35 * S));
        assertEquals(0, t.size());
    }

    @Test
    void agingTimeAndSizeAreClampedLikeOvs() {
        MacLearningTable t = new MacLearningTable(1, 1, () -> { });
        assertEquals(15, t.agingTimeSec());
        assertEquals(10, t.maxEntries());
        t.setAgingTime(100_000);
        t.setMaxEntries(5_000_000);
        assertEquals(3600, t.agingTimeSec());
        assertEquals(1_000_000, t.maxEntries());
    }

    @Test
    void overflowEvictsTheLeastRecentlyUsedEntry() {
        MacLearningTable t = new MacLearningTable(300, 10, () -> { });
        for (int i = 1; i <= 10; i++) {
            t.learn(0x505400000000L | i, 0, 1, i * S);
        }
        t.learn(0x505400000001L, 0, 1, 20 * S);   // refresh #1: #2 is now the oldest
        t.learn(0x50540000000bL, 0, 1, 21 * S);
        assertEquals(10, t.size());
        assertEquals(-1, t.lookup(0x505400000002L, 0, 21 * S));
        assertEquals(1, t.lookup(0x505400000001L, 0, 21 * S));
        assertEquals(1, t.stats().evicted());
    }

    @Test
    void overflowEvictsFromThePortWithTheMostEntries() {
        MacLearningTable t = new MacLearningTable(300, 10, () -> { });
        t.learn(0x505400000001L, 0, 7, 0);          // the oldest overall, but port 7 has one entry
        for (int i = 2; i <= 10; i++) {
            t.learn(0x505400000000L | i, 0, 1, i * S);
        }
        t.learn(0x5054000000ffL, 0, 2, 30 * S);
        assertEquals(7, t.lookup(0x505400000001L, 0, 30 * S));
        assertEquals(-1, t.lookup(0x505400000002L, 0, 30 * S));
    }

    @Test
    void flushPortRemovesOnlyThatPortAndStaticEntriesSurviveFlush() {
        MacLearningTable t = new MacLearningTable();
        t.learn(A, 0, 1, 0);
        t.learn(B, 0, 2, 0);
        t.addStatic(0x505400000003L, 5, 3);
        assertEquals(1, t.flushPort(1));
        assertEquals(-1, t.lookup(A, 0, 0));
        assertEquals(2, t.lookup(B, 0, 0));
        assertEquals(1, t.flush());
        assertEquals(3, t.lookup(0x505400000003L, 5, 10_000 * S), "static entries never age");
        assertEquals(1, t.stats().staticEntries());
        assertTrue(t.removeStatic(0x505400000003L, 5));
        assertEquals(0, t.size());
    }

    @Test
    void snapshotIsInLruOrderWithAges() {
        MacLearningTable t = new MacLearningTable();
        t.learn(A, 0, 1, 0);
        t.learn(B, 10, 2, 2 * S);
        t.learn(A, 0, 1, 3 * S);
        List<MacEntry> s = t.snapshot(4 * S);
        assertEquals(List.of(new MacEntry(2, 10, B, 2, false), new MacEntry(1, 0, A, 1, false)), s);
    }

    @Test
    void statsShowTextMatchesOvs() {
        MacLearningTable t = new MacLearningTable();
        t.learn(A, 0, 1, 0);
        assertEquals("""
                Statistics for bridge "br0":
                  Current/maximum MAC entries in the table: 1/8192
                  Current static MAC entries in the table : 0
                  Total number of learned MAC entries     : 1
                  Total number of expired MAC entries     : 0
                  Total number of evicted MAC entries     : 0
                  Total number of port moved MAC entries  : 0
                """, t.stats().format("br0"));
    }

    @Test
    void gratuitousArpOnAPortLocksForFiveSecondsAgainstGratuitousArpsOnBonds() {
        long[] changes = {0};
        MacLearningTable t = new MacLearningTable(300, 8192, () -> changes[0]++);
        assertTrue(t.learn(A, 0, 1, 0, true, false));
        assertTrue(t.isGratArpLocked(A, 0, 0));
        assertFalse(t.learn(A, 0, 9, 2 * S, true, true), "a gratuitous ARP on a bond while locked");
        assertEquals(1, t.lookup(A, 0, 2 * S));
        assertEquals(0, t.stats().moved());
        assertEquals(1, t.snapshot(3 * S).get(0).ageSec(), "refreshed at 2 s (OVS mac_learning_insert)");
        long before = changes[0];
        assertEquals(0, t.run(4 * S));
        assertEquals(before, changes[0], "still locked: nothing changed");
        assertEquals(0, t.run(5 * S));
        assertEquals(before + 1, changes[0], "the lock's end is a change (flows that read it are re-translated)");
        assertFalse(t.isGratArpLocked(A, 0, 5 * S));
        assertTrue(t.learn(A, 0, 9, 5 * S, true, true), "unlocked: the bond's gratuitous ARP moves it");
        assertEquals(9, t.lookup(A, 0, 5 * S));
        assertFalse(t.isGratArpLocked(A, 0, 5 * S), "learned on a bond: no lock");
    }

    @Test
    void everyGratuitousArpOnAPortReArmsTheLockAndOrdinaryFramesIgnoreIt() {
        MacLearningTable t = new MacLearningTable();
        t.learn(A, 0, 1, 0, true, false);
        long v = t.version();
        assertFalse(t.learn(A, 0, 1, 3 * S, true, false), "re-armed, not a new lock");
        assertEquals(v, t.version());
        assertTrue(t.isGratArpLocked(A, 0, 7 * S));
        assertFalse(t.isGratArpLocked(A, 0, 8 * S));
        assertTrue(t.learn(A, 0, 9, 6 * S), "an ordinary frame on a bond moves it even while locked");
        assertEquals(9, t.lookup(A, 0, 6 * S));
        t.learn(B, 0, 2, 0);
        long w = t.version();
        assertTrue(t.learn(B, 0, 2, 0, true, false), "a lock starting on a known entry is a change");
        assertTrue(t.version() > w);
    }
}
