package io.jvswitch.dataplane.pipeline;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.bond.BondHash;
import io.jvswitch.dataplane.bond.BondTable;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import io.jvswitch.dataplane.upcall.UpcallHandler;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.FlowMask;
import io.jvswitch.flowcache.Megaflow;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bond output action in the PMD: per-packet buckets, tables read at execution time, counters, drops. */
class PmdBondOutputTest {
    private static final int BOND = 7;
    private final FramePool pool = new FramePool(2048);
    private final CachedNanoClock clock = new CachedNanoClock();
    private final BondTables tables = new BondTables();
    /** Matches in_port only: one megaflow carries every 5-tuple, the action alone picks the member. */
    private final PortForwardingUpcall upcall = new PortForwardingUpcall(FlowMask.of(new long[FlowKey.KEY_WORDS]));
    private final TestPort in = new TestPort(1, "in");
    private final List<TestPort> members = new ArrayList<>();
    private Pmd pmd;

    @AfterEach
    void close() {
        pool.close();
    }

    private Pmd pmd(int nMembers, int[] actions) {
        upcall.rule(1, actions);
        return pmd(nMembers, upcall);
    }

    private Pmd pmd(int nMembers, PortForwardingUpcall u) {
        pmd = new Pmd(0, PmdConfig.defaults(), pool, u, clock, tables, null);
        pmd.attachPort(in);
        for (int p = 2; p < 2 + nMembers; p++) {
            TestPort m = new TestPort(p, "m" + p);
            members.add(m);
            pmd.attachPort(m);
        }
        return pmd;
    }

    private void run(int iterations) {
        for (int i = 0; i < iterations; i++) {
            pmd.doWork();
        }
    }

    /** Lets one housekeeping interval pass and runs an iteration: the bond counters are published. */
    private void housekeeping() {
        clock.advance(PmdConfig.defaults().housekeepingNanos());
        pmd.doWork();
    }

    /** Bucket b → member 2 + b % n. */
    private static BondTable roundRobin(int n) {
        int[] ports = new int[BondHash.BUCKETS];
        for (int b = 0; b < ports.length; b++) {
            ports[b] = 2 + b % n;
        }
        return BondTable.of(BondTable.HashKind.L4, 0, ports);
    }

    private static int srcPort(byte[] frame) {
        return ByteBuffer.wrap(frame).getShort(34) & 0xffff;
    }

    private static int expectedBucket(int srcIp, int sport) {
        long[] k = new long[FlowKey.KEY_WORDS];
        FlowKey.setEth(k, 0, 0x020000000002L, 0x020000000001L, 0x0800);
        FlowKey.setNw(k, 0, 17, 0, 64, 0);
        FlowKey.setNwAddrs(k, 0, srcIp, 0x0b000001);
        FlowKey.setTp(k, 0, sport, 4789);
        FlowKey.setInPort(k, 0, 1);                                 // the packet hash covers in_port
        return BondHash.bucket(BondHash.l4(k, 0, 0));
    }

    @Test
    void balanceTcpSendsEachFlowToItsBucketsMemberThroughOneMegaflow() {
        tables.publish(BOND, roundRobin(4));
        pmd(4, Actions.builder().bondOutput(BOND).build());
        int start = pool.available();
        int flows = 400;
        for (int rep = 0; rep < 2; rep++) {
            for (int f = 0; f < flows; f++) {
                in.inject(Frames.udp(0x0a000001, 0x0b000001, 10000 + f, 4789));
            }
        }
        run(100);
        Map<Integer, Integer> memberOfFlow = new HashMap<>();
        int total = 0;
        for (TestPort m : members) {
            assertTrue(m.transmitted().size() > flows * 2 / 8, m.name() + " got " + m.transmitted().size());
            for (byte[] fr : m.transmitted()) {
                int sport = srcPort(fr);
                Integer prev = memberOfFlow.put(sport, m.portNo());
                assertTrue(prev == null || prev == m.portNo(), "flow " + sport + " on two members");
                assertEquals(2 + expectedBucket(0x0a000001, sport) % 4, m.portNo(), "flow " + sport);
                total++;
            }
        }
        assertEquals(2 * flows, total);
        assertEquals(1, upcall.upcalls(), "one megaflow (in_port only) served every 5-tuple");
        long[] bytes = new long[BondHash.BUCKETS];
        housekeeping();
        pmd.bondCounters().addTo(BOND, bytes);
        for (TestPort m : members) {
            long sum = 0;
            for (int b = m.portNo() - 2; b < BondHash.BUCKETS; b += 4) {
                sum += bytes[b];
            }
            assertEquals(m.transmitted().size() * 60L, sum, m.name() + ": per-bucket byte counters");
        }
        assertEquals(start, pool.available(), "every frame freed");
    }

    /**
     * Every bond size, with dropping buckets: bucket b goes to member 2 + b % (n + 1), or drops when
     * b % (n + 1) == n (small bonds take the bit-plane path, larger ones or ones whose drop index exceeds 3 the
     * mask path). Two megaflows (by source address) interleave in every batch, so no group is slots 0..k-1.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7})
    void everyBondSizeSendsEachPacketToItsBucketsMemberOrDropsIt(int n) {
        int[] ports = new int[BondHash.BUCKETS];
        for (int b = 0; b < ports.length; b++) {
            ports[b] = b % (n + 1) == n ? BondTable.DROP : 2 + b % (n + 1);
        }
        tables.publish(BOND, BondTable.of(BondTable.HashKind.L4, 0, ports));
        long[] w = new long[FlowKey.KEY_WORDS];
        w[FlowKey.W_IN_PORT] = -1L;
        w[FlowKey.W_NW_ADDR] = 0xffffffff00000000L;
        PortForwardingUpcall bySource = new PortForwardingUpcall(FlowMask.of(w));
        bySource.rule(1, Actions.builder().bondOutput(BOND).build());
        pmd(n, bySource);
        int start = pool.available();
        int expectDrop = 0;
        int packets = 640;
        for (int f = 0; f < packets; f++) {
            int src = f % 2 == 0 ? 0x0a000001 : 0x0a000002;
            in.inject(Frames.udp(src, 0x0b000001, 30000 + f, 4789));
            if (expectedBucket(src, 30000 + f) % (n + 1) == n) {
                expectDrop++;
            }
        }
        run(60);
        assertEquals(2, bySource.upcalls(), "two megaflows");
        int sent = 0;
        for (TestPort m : members) {
            for (byte[] fr : m.transmitted()) {
                int src = ByteBuffer.wrap(fr).getInt(26);
                assertEquals(2 + expectedBucket(src, srcPort(fr)) % (n + 1), m.portNo(), "flow " + srcPort(fr));
                sent++;
            }
        }
        assertTrue(expectDrop > 0, "the table drops some buckets");
        assertEquals(packets - expectDrop, sent);
        assertEquals(expectDrop, pmd.stats().drops(DropReason.BOND_NO_MEMBER));
        assertEquals(start, pool.available(), "every frame sent or freed");
    }

    @Test
    void oneMegaflowPerFiveTupleGathersEachMembersPacketsAcrossTheBatchInOrder() {
        tables.publish(BOND, roundRobin(3));
        PortForwardingUpcall exact = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
        exact.rule(1, Actions.builder().bondOutput(BOND).build());
        pmd = new Pmd(0, PmdConfig.defaults(), pool, exact, clock, tables, null);
        pmd.attachPort(in);
        for (int p = 2; p < 5; p++) {
            TestPort m = new TestPort(p, "m" + p);
            members.add(m);
            pmd.attachPort(m);
        }
        int start = pool.available();
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < 32; f++) {                     // 32 flows: every batch is 32 one-packet groups
            frames.add(Frames.udp(0x0a000001, 0x0b000001, 30000 + f, 4789));
        }
        in.replay(frames, 32);
        run(6);
        assertEquals(32, exact.upcalls(), "a megaflow per 5-tuple");
        int total = 0;
        for (TestPort m : members) {
            int prevRound = -1;
            int prevPort = -1;
            int seen = 0;
            for (byte[] fr : m.transmitted()) {
                int sport = srcPort(fr);
                assertEquals(2 + expectedBucket(0x0a000001, sport) % 3, m.portNo(), "flow " + sport);
                int round = seen / countFor(m.portNo());
                assertTrue(round > prevRound || sport > prevPort, m.name() + ": batch order kept");
                prevRound = round;
                prevPort = sport;
                seen++;
            }
            total += seen;
        }
        assertEquals(6 * 32, total);
        assertEquals(start, pool.available(), "every frame freed");
    }

    private static int countFor(int port) {
        int n = 0;
        for (int f = 0; f < 32; f++) {
            if (2 + expectedBucket(0x0a000001, 30000 + f) % 3 == port) {
                n++;
            }
        }
        return Math.max(n, 1);
    }

    @Test
    void aMemberThePmdDoesNotHaveDropsAsNoSuchPort() {
        int[] ports = new int[BondHash.BUCKETS];
        for (int b = 0; b < BondHash.BUCKETS; b++) {
            ports[b] = b % 2 == 0 ? 2 : 9;                  // port 9 was never attached
        }
        tables.publish(BOND, BondTable.of(BondTable.HashKind.L4, 0, ports));
        pmd(1, Actions.builder().bondOutput(BOND).build());
        int start = pool.available();
        int expectMissing = 0;
        for (int f = 0; f < 200; f++) {
            in.inject(Frames.udp(0x0a000001, 0x0b000001, 40000 + f, 4789));
            if (expectedBucket(0x0a000001, 40000 + f) % 2 == 1) {
                expectMissing++;
            }
        }
        run(20);
        assertEquals(expectMissing, pmd.stats().drops(DropReason.NO_SUCH_PORT));
        assertEquals(200 - expectMissing, members.get(0).transmitted().size());
        assertEquals(start, pool.available(), "dropped frames freed");
    }

    @Test
    void aRepublishedTableIsUsedByTheNextBatchWithoutTouchingFlows() {
        tables.publish(BOND, BondTable.single(BondTable.HashKind.L4, 0, 2));
        pmd(2, Actions.builder().bondOutput(BOND).build());
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < 64; f++) {
            frames.add(Frames.udp(0x0a000001 + f, 0x0b000001, 2000, 4789));
        }
        in.replay(frames, 32);
        run(10);
        TestPort m2 = members.get(0);
        TestPort m3 = members.get(1);
        long on2 = m2.transmitted().size();
        assertEquals(320, on2);
        assertEquals(0, m3.transmitted().size());
        tables.publish(BOND, BondTable.single(BondTable.HashKind.L4, 0, 3));   // failover: every bucket to p3
        pmd.doWork();
        assertEquals(on2, m2.transmitted().size(), "nothing more on the old member");
        assertEquals(32, m3.transmitted().size(), "the very next batch went to the new member");
        assertEquals(1, upcall.upcalls(), "no new upcall, no revalidation");
    }

    @Test
    void dropBucketsAndUnknownBondsDropAndCount() {
        int[] ports = new int[BondHash.BUCKETS];
        for (int b = 0; b < BondHash.BUCKETS; b++) {
            ports[b] = b % 2 == 0 ? 2 : BondTable.DROP;
        }
        tables.publish(BOND, BondTable.of(BondTable.HashKind.L4, 0, ports));
        pmd(1, Actions.builder().bondOutput(BOND).build());
        int start = pool.available();
        int expectDrop = 0;
        for (int f = 0; f < 300; f++) {
            in.inject(Frames.udp(0x0a000001, 0x0b000001, 20000 + f, 4789));
            if (expectedBucket(0x0a000001, 20000 + f) % 2 == 1) {
                expectDrop++;
            }
        }
        run(20);
        assertTrue(expectDrop > 100 && expectDrop < 200);
        assertEquals(expectDrop, pmd.stats().drops(DropReason.BOND_NO_MEMBER));
        assertEquals(300 - expectDrop, members.get(0).transmitted().size());
        tables.remove(BOND);
        in.inject(Frames.udp(0x0a000001, 0x0b000001, 1, 2));
        run(2);
        assertEquals(expectDrop + 1, pmd.stats().drops(DropReason.BOND_NO_MEMBER), "removed bond: drop");
        assertEquals(start, pool.available(), "dropped frames freed");
    }

    @Test
    void aBondOutputBeforeAnotherOutputSendsCopies() {
        tables.publish(BOND, roundRobin(2));
        pmd(3, Actions.builder().bondOutput(BOND).output(4).build());
        int start = pool.available();
        byte[] frame = Frames.udp(0x0a000001, 0x0b000001, 5555, 4789);
        in.inject(frame, frame, frame);
        run(5);
        TestPort chosen = members.get(expectedBucket(0x0a000001, 5555) % 2);
        assertEquals(3, chosen.transmitted().size());
        assertEquals(3, members.get(2).transmitted().size(), "the later output got the originals");
        for (byte[] sent : chosen.transmitted()) {
            assertArrayEquals(frame, sent);
        }
        assertEquals(start, pool.available());
    }

    /**
     * A member port that already has packets pending this iteration (here the untagged copies of an earlier
     * output) gets the bond's share queued behind them, not sent ahead of them in place.
     */
    @Test
    void aMemberWithPendingPacketsGetsTheBondsShareBehindThem() {
        tables.publish(BOND, BondTable.single(BondTable.HashKind.L4, 0, 2));
        pmd(1, Actions.builder().output(2).pushVlan(0x8100, 42).bondOutput(BOND).build());
        int start = pool.available();
        for (int f = 0; f < 10; f++) {
            in.inject(Frames.udp(0x0a000001, 0x0b000001, 7000 + f, 4789));
        }
        run(3);
        List<byte[]> out = members.get(0).transmitted();
        assertEquals(20, out.size());
        for (int f = 0; f < 10; f++) {
            assertEquals(60, out.get(f).length, "first the untagged copies");
            assertEquals(64, out.get(10 + f).length, "then the bond's tagged originals");
            assertEquals(7000 + f, ByteBuffer.wrap(out.get(10 + f)).getShort(38) & 0xffff, "in slot order");
        }
        assertEquals(start, pool.available());
    }

    @Test
    void l2TablesHashSourceMacAndTheActionsVlan() {
        int[] ports = new int[BondHash.BUCKETS];
        for (int b = 0; b < ports.length; b++) {
            ports[b] = 2 + b % 2;
        }
        tables.publish(BOND, BondTable.of(BondTable.HashKind.L2, 0, ports));
        pmd(2, Actions.builder().bondOutput(BOND, 10).build());
        long mac = 0x505400000005L;                  // OVS bond/hash: VLAN 10 → bucket 64 → port 2
        in.inject(Frames.udp(0x020000000009L, mac, -1, 1, 2, 3, 4));
        run(3);
        assertEquals(1, members.get(0).transmitted().size());
        housekeeping();
        assertEquals(members.get(0).transmitted().get(0).length, pmd.bondCounters().bucketBytes(BOND, 64));
    }

    @Test
    void groupsAlternatingOverMoreBondsThanOneBatchGathersEachReachTheirMemberInOrder() {
        int bonds = 10;                                     // more than BondOutput gathers before sending early
        for (int j = 0; j < bonds; j++) {
            tables.publish(100 + j, BondTable.single(BondTable.HashKind.L4, 0, 2 + j));
        }
        // Flow f (UDP source port 7000 + f) outputs to bond 100 + f % 10: consecutive groups change bond, and
        // the batch's groups meet every bond more than once.
        UpcallHandler byPort = (pmdId, keys, keyBase, packet, address, length, now) -> {
            int sport = FlowKey.tpSrc(keys, keyBase);
            return new Megaflow(sport, keys, keyBase, PortForwardingUpcall.defaultMask(),
                    Actions.builder().bondOutput(100 + (sport - 7000) % bonds).build(), now);
        };
        pmd = new Pmd(0, PmdConfig.defaults(), pool, byPort, clock, tables, null);
        pmd.attachPort(in);
        for (int p = 2; p < 3 + bonds; p++) {                // ports 2..11 for the bonds, 12 for the move
            TestPort m = new TestPort(p, "m" + p);
            members.add(m);
            pmd.attachPort(m);
        }
        int start = pool.available();
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < 32; f++) {
            frames.add(Frames.udp(0x0a000001, 0x0b000001, 7000 + f, 4789));
        }
        in.replay(frames, 32);
        run(4);
        tables.publish(100, BondTable.single(BondTable.HashKind.L4, 0, 2 + bonds));    // bond 100 moves
        run(1);
        for (int j = 0; j <= bonds; j++) {
            List<Integer> got = new ArrayList<>();
            for (byte[] fr : members.get(j).transmitted()) {
                got.add(srcPort(fr));
            }
            List<Integer> want = new ArrayList<>();
            for (int batch = 0; batch < 5; batch++) {
                for (int f = 0; f < 32; f++) {
                    int bond = f % bonds;
                    int port = batch == 4 && bond == 0 ? 2 + bonds : 2 + bond;
                    if (port == 2 + j) {
                        want.add(7000 + f);
                    }
                }
            }
            assertEquals(want, got, "port " + (2 + j) + ": its bonds' packets, each batch in slot order");
        }
        assertEquals(0, pmd.stats().drops(DropReason.BOND_NO_MEMBER));
        assertEquals(start, pool.available(), "every frame sent and freed");
    }

    @Test
    void bucketCountsReachReadersAtHousekeepingAndKeepGrowing() {
        tables.publish(BOND, roundRobin(2));
        pmd(2, Actions.builder().bondOutput(BOND).build());
        in.inject(Frames.udp(0x0a000001, 0x0b000001, 1000, 4789));
        run(3);
        int bucket = expectedBucket(0x0a000001, 1000);
        assertEquals(1, members.get(bucket % 2).transmitted().size());
        assertEquals(0, pmd.bondCounters().bucketBytes(BOND, bucket), "not published before housekeeping");
        housekeeping();
        assertEquals(60, pmd.bondCounters().bucketBytes(BOND, bucket), "published at housekeeping");
        in.inject(Frames.udp(0x0a000001, 0x0b000001, 1000, 4789));
        in.inject(Frames.udp(0x0a000001, 0x0b000001, 1000, 4789));
        run(3);
        housekeeping();
        assertEquals(180, pmd.bondCounters().bucketBytes(BOND, bucket), "the sums keep growing");
        long[] bytes = new long[BondHash.BUCKETS];
        pmd.bondCounters().addTo(BOND, bytes);
        assertEquals(180, java.util.Arrays.stream(bytes).sum(), "no other bucket counted");
    }
}
