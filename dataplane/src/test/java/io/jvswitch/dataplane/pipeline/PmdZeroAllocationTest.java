package io.jvswitch.dataplane.pipeline;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import io.jvswitch.flowcache.testing.ZeroAllocation;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steady-state PMD loop (rx, parse, caches, actions with rewrites, tx) allocates nothing. */
class PmdZeroAllocationTest {

    @ParameterizedTest(name = "EMC insert 1/{0}")
    @ValueSource(ints = {1, 0})
    void steadyStateLoopAllocatesZeroBytes(int emcInvProb) {
        try (FramePool pool = new FramePool(4096)) {
            PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
            upcall.rule(1, Actions.builder().pushVlan(0x8100, 100).setEthSrc(0x0200000000aaL).output(2).output(3)
                    .build());
            Pmd pmd = new Pmd(0, PmdConfig.defaults().withEmcInsertInvProb(emcInvProb), pool, upcall,
                    new SystemNanoClock());
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                frames.add(Frames.udp(0x0a000000 + i, 0x0a0000ff, 1000 + i, 53));
            }
            TestPort in = new TestPort(1, "in").replay(frames, 32);
            TestPort out2 = new TestPort(2, "out2").sink(true);
            TestPort out3 = new TestPort(3, "out3").sink(true);
            pmd.attachPort(in);
            pmd.attachPort(out2);
            pmd.attachPort(out3);
            for (int i = 0; i < 50_000; i++) {
                pmd.doWork();
            }
            long upcallsBefore = pmd.stats().get(PmdStats.UPCALLS);
            ZeroAllocation.assertSteadyStateAllocatesNothing("200k PMD iterations (6.4M packets)", () -> {
                for (int i = 0; i < 200_000; i++) {
                    pmd.doWork();
                }
            });
            assertEquals(200, upcallsBefore, "warm-up installed every flow");
            assertEquals(upcallsBefore, pmd.stats().get(PmdStats.UPCALLS), "steady state: no upcalls");
            assertTrue(out2.stats().txPackets() > 6_000_000L);
        }
    }
}
