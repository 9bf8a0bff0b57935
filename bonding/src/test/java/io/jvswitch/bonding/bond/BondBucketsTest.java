package io.jvswitch.bonding.bond;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpStatus;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transmit table per mode, balance-tcp's LACP requirement, fallback-ab, migrate and rebalancing. */
class BondBucketsTest {
    private static BondSettings settings(BondMode mode, boolean fallback) {
        return new BondSettings("bond0", mode, 0, 0, 0, 10_000, null, false, fallback, fallback, 0, false, 0);
    }

    private static Bond bond(BondSettings s, int n) {
        Bond b = new Bond(s, 0);
        for (int i = 1; i <= n; i++) {
            b.addMember(new MemberConfig("p" + i, 0x0200_0000_0000L + i), true);
        }
        return b;
    }

    private static int[] all(int v) {
        int[] t = new int[256];
        Arrays.fill(t, v);
        return t;
    }

    private static int count(int[] t, int member) {
        return (int) Arrays.stream(t).filter(x -> x == member).count();
    }

    @Test
    void slbSpreadsBucketsRoundRobinAndRefillsADisabledMembersBuckets() {
        Bond b = bond(settings(BondMode.BALANCE_SLB, false), 3);
        b.run(0);
        int[] t = b.bucketTable();
        assertEquals(86, count(t, 0));
        assertEquals(85, count(t, 1));
        assertEquals(85, count(t, 2));
        for (int i = 0; i < 256; i++) {
            b.account(i, 1);        // every bucket carried traffic: committed to its member
        }
        b.setCarrier("p2", false);
        b.run(1);
        int[] u = b.bucketTable();
        assertEquals(0, count(u, 1));
        for (int i = 0; i < 256; i++) {
            if (t[i] != 1) {
                assertEquals(t[i], u[i], "bucket " + i + " of a live member stays");
            }
        }
        assertEquals(256, count(u, 0) + count(u, 2));
    }

    @Test
    void balanceTcpDropsWithoutNegotiatedLacp() {
        Bond b = bond(settings(BondMode.BALANCE_TCP, false), 2);
        b.run(0);
        assertArrayEquals(all(-1), b.bucketTable(), "LACP off");
        TestLacp lacp = new TestLacp(LacpStatus.CONFIGURED, "p1", "p2");
        b.setLacp(lacp);
        b.run(1);
        assertArrayEquals(all(-1), b.bucketTable(), "LACP configured, not negotiated, no fallback");
        lacp.status = LacpStatus.NEGOTIATED;
        BondRun r = b.run(2);
        assertTrue(r.tableChanged());
        int[] t = b.bucketTable();
        assertEquals(128, count(t, 0));
        assertEquals(128, count(t, 1));
    }

    @Test
    void balanceTcpFallsBackToActiveBackup() {
        Bond b = bond(settings(BondMode.BALANCE_TCP, true), 2);
        TestLacp lacp = new TestLacp(LacpStatus.CONFIGURED, "p1", "p2");
        b.setLacp(lacp);
        BondRun r = b.run(0);
        assertTrue(b.fallingBackToAb());
        assertFalse(b.isBalanced());
        assertFalse(b.hasBuckets());
        assertArrayEquals(all(0), b.bucketTable());
        assertTrue(r.sendLearningPackets(), "fallback-ab while configured sends learning packets");
        b.setCarrier("p1", false);
        b.run(1);
        assertArrayEquals(all(1), b.bucketTable());
        lacp.status = LacpStatus.NEGOTIATED;
        b.run(2);
        assertTrue(b.hasBuckets());
        assertArrayEquals(all(1), b.bucketTable(), "only p2 is enabled");
    }

    @Test
    void aBucketInUseStaysOnItsMemberWhenAnotherMemberComesUp() {
        Bond b = bond(settings(BondMode.BALANCE_SLB, false), 2);
        b.setCarrier("p2", false);
        b.run(0);
        b.run(1);
        assertArrayEquals(all(0), b.bucketTable());
        b.account(7, 1000);
        b.setCarrier("p2", true);
        b.run(2);
        int[] t = b.bucketTable();
        assertEquals(0, t[7], "committed at first use");
        assertEquals(1, t[9], "unused buckets spread over the enabled members");
    }

    @Test
    void migrateIsSlbOnly() {
        Bond slb = bond(settings(BondMode.BALANCE_SLB, false), 2);
        slb.run(0);
        assertEquals("migrated", slb.migrate("256", "p2").text());     // 256 & 0xff = bucket 0
        assertEquals(1, slb.bucketTable()[0]);
        assertEquals("bad hash", slb.migrate("x1", "p2").text());
        assertEquals("no such member", slb.migrate("1", "p9").text());
        slb.setCarrier("p2", false);
        slb.run(1);
        assertEquals("cannot migrate to disabled member", slb.migrate("1", "p2").text());
        Bond tcp = bond(settings(BondMode.BALANCE_TCP, false), 2);
        assertEquals("not an SLB bond", tcp.migrate("1", "p1").text());
    }

    @Test
    void rebalancingMovesLoadTowardBalance() {
        Bond b = bond(settings(BondMode.BALANCE_SLB, false), 2);
        b.run(0);
        // Put 8 loaded buckets on p1: 400 kB, 300 kB, 200 kB, 100 kB and 4 x 50 kB; p2 carries nothing.
        long[] first = {400_000, 300_000, 200_000, 100_000, 50_000, 50_000, 50_000, 50_000};
        long[] loads = new long[256];
        for (int i = 0; i < first.length; i++) {
            loads[i * 2 + 1] = first[i];
            b.migrate(Integer.toString(i * 2 + 1), "p1");
        }
        assertTrue(b.rebalance(5_000).isEmpty(), "not due before next_rebalance");
        long[] before = perMember(b, loads);
        assertEquals(1_200_000, before[0]);
        for (int i = 0; i < 256; i++) {
            if (loads[i] != 0) {
                b.account(i, loads[i]);
            }
        }
        List<String> log = b.rebalance(10_000);
        assertFalse(log.isEmpty());
        assertEquals("bond bond0: shift 390kB of load (with hash 1) from p1 to p2 (now carrying 781kB and 390kB"
                + " load, respectively)", log.get(0));
        long[] after = perMember(b, loads);
        // 400 kB fits the ideal delta (600 kB), 300 kB would overshoot, 200 kB fills it exactly.
        assertArrayEquals(new long[] {600_000, 600_000}, after);
        assertEquals(2, log.size());
        assertEquals(20_000, b.nextRebalanceMs());
        assertEquals(200_000, b.bucketTxBytes(1), "EWMA halves every bucket");
    }

    @Test
    void noMigrationUnderTheThresholds() {
        Bond b = bond(settings(BondMode.BALANCE_SLB, false), 2);
        b.run(0);
        b.migrate("1", "p1");
        b.migrate("3", "p1");
        b.migrate("2", "p2");
        // Difference below 100 000 bytes: nothing moves.
        b.account(1, 100_000);
        b.account(3, 90_000);
        b.account(2, 100_000);
        assertTrue(b.rebalance(10_000).isEmpty());
        // A single heavy bucket on p1: pointless to move ('from' carries one hash).
        Bond c = bond(settings(BondMode.BALANCE_SLB, false), 2);
        c.run(0);
        c.migrate("1", "p1");
        c.account(1, 5_000_000);
        assertTrue(c.rebalance(10_000).isEmpty());
        assertEquals(0, c.bucketOwner(1));
        // Rebalancing disabled (interval 0): nothing is accounted, nothing moves.
        Bond d = new Bond(new BondSettings("bond0", BondMode.BALANCE_SLB, 0, 0, 0, 0, null, false, false, false, 0,
                false, 0), 0);
        d.addMember(new MemberConfig("p1", 1), true);
        d.addMember(new MemberConfig("p2", 2), true);
        d.run(0);
        d.account(1, 5_000_000);
        assertEquals(0, d.bucketTxBytes(1));
        assertTrue(d.rebalance(100_000).isEmpty());
    }

    @Test
    void loadsConvergeOverRepeatedRebalancing() {
        Bond b = bond(settings(BondMode.BALANCE_SLB, false), 3);
        b.run(0);
        long[] loads = new long[256];
        for (int i = 0; i < 256; i++) {
            loads[i] = 1_000 + (i % 16) * 5_000L + (i < 32 ? 60_000 : 0);
        }
        for (int i = 0; i < 32; i++) {
            b.migrate(Integer.toString(i), "p1");    // the heavy buckets all start on p1
        }
        long[] start = perMember(b, loads);
        long now = 10_000;
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 256; i++) {
                b.account(i, loads[i]);
            }
            b.rebalance(now);
            now += 10_000;
        }
        long[] end = perMember(b, loads);
        long total = Arrays.stream(loads).sum();
        assertTrue(spread(end) < spread(start), Arrays.toString(start) + " -> " + Arrays.toString(end));
        assertTrue(spread(end) < total / 20, Arrays.toString(end));
    }

    private static long spread(long[] perMember) {
        return Arrays.stream(perMember).max().orElse(0) - Arrays.stream(perMember).min().orElse(0);
    }

    private static long[] perMember(Bond b, long[] loads) {
        long[] sum = new long[b.memberNames().size()];
        int[] t = b.bucketTable();
        for (int i = 0; i < loads.length; i++) {
            sum[t[i]] += loads[i];
        }
        return sum;
    }
}
