package io.jvswitch.dataplane.pipeline;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.qos.MeterTable;
import io.jvswitch.dataplane.qos.PortQos;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import io.jvswitch.flowcache.testing.ZeroAllocation;
import io.jvswitch.qos.IngressPolicer;
import io.jvswitch.qos.Meter;
import io.jvswitch.qos.TrTcmPolicer;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steady-state PMD loop with ingress policing, a meter, set_queue and a trTCM egress policy allocates nothing. */
class PmdQosZeroAllocationTest {

    @Test
    void steadyStateLoopWithPolicingAndMetersAllocatesZeroBytes() {
        try (FramePool pool = new FramePool(4096)) {
            SystemNanoClock clock = new SystemNanoClock();
            PortQos qos = new PortQos();
            MeterTable meters = new MeterTable();
            PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
            upcall.rule(1, Actions.builder().meter(3).setQueue(2).output(2).build());
            Pmd pmd = new Pmd(0, PmdConfig.defaults(), pool, upcall, clock, new BondTables(), null, qos, meters);
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                frames.add(Frames.udp(0x0a000000 + i, 0x0b000001, 1000 + i, 53));
            }
            pmd.attachPort(new TestPort(1, "in").replay(frames, 32));
            TestPort out = new TestPort(2, "out").sink(true);
            pmd.attachPort(out);
            long now = clock.nanoTime();
            qos.setIngress(1, new IngressPolicer(2_000_000, 100, 0, 0, now));
            meters.set(3, new Meter(false, List.of(new Meter.Band(1_000_000, 100)), now));
            qos.setEgress(2, new TrTcmPolicer(Map.of("cir", "100000000", "cbs", "10000"),
                    Map.of(2L, Map.of("cir", "50000000", "cbs", "10000", "eir", "10000000", "ebs", "5000")), now));
            for (int i = 0; i < 50_000; i++) {
                pmd.doWork();
            }
            ZeroAllocation.assertSteadyStateAllocatesNothing("200k PMD iterations with QoS", () -> {
                for (int i = 0; i < 200_000; i++) {
                    pmd.doWork();
                }
            });
            assertTrue(out.stats().txPackets() > 100_000L, "traffic flowed: " + out.stats().txPackets());
            long policed = pmd.stats().drops(DropReason.INGRESS_POLICED_RATE)
                    + pmd.stats().drops(DropReason.METER_DROP) + pmd.stats().drops(DropReason.EGRESS_POLICED);
            assertTrue(policed > 0, "some packets were policed, so the drop paths ran too");
        }
    }
}
