package io.jvswitch.dataplane.pipeline;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.bond.BondHash;
import io.jvswitch.dataplane.bond.BondTable;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import io.jvswitch.flowcache.testing.ZeroAllocation;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steady-state PMD loop with bond outputs (hash, table read, bucket counters, per-member tx) allocates nothing. */
class PmdBondZeroAllocationTest {

    @ParameterizedTest(name = "{0} hash")
    @EnumSource(BondTable.HashKind.class)
    void steadyStateLoopWithBondOutputsAllocatesZeroBytes(BondTable.HashKind kind) {
        try (FramePool pool = new FramePool(4096)) {
            BondTables tables = new BondTables();
            int[] buckets = new int[BondHash.BUCKETS];
            for (int b = 0; b < buckets.length; b++) {
                buckets[b] = b % 5 == 4 ? BondTable.DROP : 2 + b % 3;     // three members and some drop buckets
            }
            tables.publish(0, BondTable.of(kind, 0, buckets));
            PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
            upcall.rule(1, Actions.builder().pushVlan(0x8100, 100).bondOutput(0, 100).build());
            Pmd pmd = new Pmd(0, PmdConfig.defaults(), pool, upcall, new SystemNanoClock(), tables, null);
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                frames.add(Frames.udp(0x020000000002L, 0x020000000100L + i, -1, 0x0a000000 + i, 0x0a0000ff,
                        1000 + i, 53));
            }
            pmd.attachPort(new TestPort(1, "in").replay(frames, 32));
            List<TestPort> members = new ArrayList<>();
            for (int p = 2; p <= 4; p++) {
                TestPort m = new TestPort(p, "m" + p).sink(true);
                members.add(m);
                pmd.attachPort(m);
            }
            for (int i = 0; i < 50_000; i++) {
                pmd.doWork();
            }
            long upcallsBefore = pmd.stats().get(PmdStats.UPCALLS);
            ZeroAllocation.assertSteadyStateAllocatesNothing("200k PMD iterations with bond outputs", () -> {
                for (int i = 0; i < 200_000; i++) {
                    pmd.doWork();
                }
            });
            assertEquals(200, upcallsBefore, "warm-up installed every flow");
            assertEquals(upcallsBefore, pmd.stats().get(PmdStats.UPCALLS), "steady state: no upcalls");
            for (TestPort m : members) {
                assertTrue(m.stats().txPackets() > 500_000L, m.name() + " sent " + m.stats().txPackets());
            }
            assertTrue(pmd.stats().drops(io.jvswitch.dataplane.DropReason.BOND_NO_MEMBER) > 0, "drop buckets hit");
        }
    }
}
