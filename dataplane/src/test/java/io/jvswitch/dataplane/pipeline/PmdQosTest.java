package io.jvswitch.dataplane.pipeline;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.bond.BondTable;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.qos.MeterTable;
import io.jvswitch.dataplane.qos.PortQos;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import io.jvswitch.qos.IngressPolicer;
import io.jvswitch.qos.Meter;
import io.jvswitch.qos.SrTcmPolicer;
import io.jvswitch.qos.TrTcmPolicer;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Policing and meters inside the PMD: ingress at rx, egress at tx, the meter and set_queue actions. */
class PmdQosTest {
    private static final long MS = 1_000_000L;
    private final FramePool pool = new FramePool(4096);
    private final CachedNanoClock clock = new CachedNanoClock();
    private final PortQos qos = new PortQos();
    private final MeterTable meters = new MeterTable();
    private final BondTables bonds = new BondTables();
    private final PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
    private final TestPort in = new TestPort(1, "in");
    private final TestPort other = new TestPort(3, "other");
    private final TestPort out = new TestPort(2, "out");
    private Pmd pmd;

    @BeforeEach
    void setUp() {
        clock.update(1_000 * MS);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private void start(int[] fromIn, int[] fromOther) {
        upcall.rule(1, fromIn);
        upcall.rule(3, fromOther);
        pmd = new Pmd(0, PmdConfig.defaults(), pool, upcall, clock, bonds, null, qos, meters);
        pmd.attachPort(in);
        pmd.attachPort(other);
        pmd.attachPort(out);
    }

    private static byte[][] frames(int n) {
        byte[][] f = new byte[n][];
        for (int i = 0; i < n; i++) {
            f[i] = Frames.udp(0x0a000001, 0x0b000001, 1000 + i, 53);       // 60 bytes: 46 past Ethernet
        }
        return f;
    }

    private void run() {
        for (int i = 0; i < 5; i++) {
            pmd.doWork();
        }
    }

    @Test
    void ingressPolicingDropsWhatExceedsTheRateOnlyOnThePolicedPort() {
        int[] toOut = Actions.builder().output(2).build();
        start(toOut, toOut);
        int start = pool.available();
        qos.setIngress(1, new IngressPolicer(8, 8, 0, 0, clock.nanoTime()));   // 1000 B/s, burst 1000 B
        in.inject(frames(32));
        other.inject(frames(32));
        run();
        assertEquals(21 + 32, out.transmitted().size(), "21 × 46 B fit the burst; the other port is not policed");
        assertEquals(11, pmd.stats().drops(DropReason.INGRESS_POLICED_RATE));
        clock.update(clock.nanoTime() + 46 * MS);                              // 46 bytes earned
        in.inject(frames(2));
        run();
        assertEquals(54, out.transmitted().size());
        assertEquals(12, pmd.stats().drops(DropReason.INGRESS_POLICED_RATE));
        qos.setIngress(1, null);
        in.inject(frames(32));
        run();
        assertEquals(86, out.transmitted().size(), "policing removed under traffic: everything passes");
        assertEquals(start, pool.available(), "policed frames freed");
    }

    @Test
    void aRateChangedUnderTrafficAppliesFromTheNextBatchWithoutLosingFrames() {
        int[] toOut = Actions.builder().output(2).build();
        start(toOut, toOut);
        int start = pool.available();
        qos.setIngress(1, new IngressPolicer(0, 0, 1, 1, clock.nanoTime()));   // 1000 pps, burst 1000
        for (int k = 0; k < 40; k++) {                                         // drain the burst
            in.inject(frames(32));
            run();
        }
        assertEquals(1000, out.transmitted().size());
        qos.setIngress(1, new IngressPolicer(0, 0, 10, 2, clock.nanoTime()));  // 10 kpps, burst 2000 (full)
        for (int k = 0; k < 100; k++) {
            in.inject(frames(32));
            run();
        }
        assertEquals(1000 + 2000, out.transmitted().size(), "the new policer starts full with its own burst");
        clock.update(clock.nanoTime() + 10 * MS);                             // 10 ms at 10 kpps: 100 packets
        for (int k = 0; k < 4; k++) {
            in.inject(frames(32));
            run();
        }
        assertEquals(3000 + 100, out.transmitted().size(), "and refills at the new rate");
        assertEquals(start, pool.available(), "no frame lost or leaked across the change");
    }

    @Test
    void packetRatePolicingCountsItsOwnReason() {
        int[] toOut = Actions.builder().output(2).build();
        start(toOut, toOut);
        qos.setIngress(1, new IngressPolicer(0, 0, 1, 1, clock.nanoTime()));   // 1000 pps, burst 1000
        for (int k = 0; k < 40; k++) {
            in.inject(frames(32));
            run();
        }
        assertEquals(1000, out.transmitted().size());
        assertEquals(280, pmd.stats().drops(DropReason.INGRESS_POLICED_PKT_RATE));
    }

    @Test
    void egressPolicerDropsRedPacketsBeforeThePortTakesThem() {
        int[] toOut = Actions.builder().output(2).build();
        start(toOut, toOut);
        int start = pool.available();
        qos.setEgress(2, new SrTcmPolicer(1000, 460, clock.nanoTime()));       // ten 46-byte packets
        in.inject(frames(32));
        run();
        assertEquals(10, out.transmitted().size());
        assertEquals(22, pmd.stats().drops(DropReason.EGRESS_POLICED));
        assertEquals(start, pool.available());
    }

    @Test
    void aBondMemberWithAnEgressPolicerPolicesTheBondsShareToo() {
        bonds.publish(0, BondTable.single(BondTable.HashKind.L4, 0, 2));
        int[] toBond = Actions.builder().bondOutput(0).build();
        start(toBond, toBond);
        int start = pool.available();
        qos.setEgress(2, new SrTcmPolicer(1000, 460, clock.nanoTime()));       // ten 46-byte packets
        in.inject(frames(32));
        run();
        assertEquals(10, out.transmitted().size());
        assertEquals(22, pmd.stats().drops(DropReason.EGRESS_POLICED));
        assertEquals(start, pool.available());
    }

    @Test
    void trtcmPolicesEachQueueSetBySetQueue() {
        start(Actions.builder().setQueue(1).output(2).build(), Actions.builder().output(2).build());
        TrTcmPolicer p = new TrTcmPolicer(Map.of("cir", "1000000", "cbs", "100000"),
                Map.of(1L, Map.of("cir", "1000", "cbs", "230")), clock.nanoTime());   // queue 1: five packets
        qos.setEgress(2, p);
        in.inject(frames(32));
        other.inject(frames(32));
        run();
        assertEquals(5 + 32, out.transmitted().size());
        assertEquals(5, p.txPackets(1));
        assertEquals(27, p.txErrors(1));
        assertEquals(32, p.txPackets(0), "unqueued packets use queue 0 (the port's settings)");
    }

    @Test
    void queueByDscpPolicesEachDscpByItsQueueUnlessAFlowSetTheQueue() {
        start(Actions.builder().output(2).build(), Actions.builder().setQueue(5).output(2).build());
        TrTcmPolicer p = new TrTcmPolicer(Map.of("cir", "1000000", "cbs", "100000", "queue-by-dscp", "true"),
                Map.of(46L, Map.of("cir", "1000", "cbs", "138"), 5L, Map.of("cir", "1000", "cbs", "46")),
                clock.nanoTime());
        qos.setEgress(2, p);
        byte[][] ef = frames(8);
        for (byte[] f : ef) {
            f[15] = (byte) (46 << 2);                                          // DSCP EF
        }
        in.inject(ef);
        in.inject(frames(8));                                                  // DSCP 0: queue 0
        other.inject(ef);                                                      // set_queue:5 wins over DSCP
        run();
        assertEquals(3, p.txPackets(46), "queue 46 takes three 46-byte packets");
        assertEquals(5, p.txErrors(46));
        assertEquals(8, p.txPackets(0));
        assertEquals(1, p.txPackets(5));
        assertEquals(3 + 8 + 1, out.transmitted().size());
    }

    @Test
    void meterActionDropsOverItsBandAndAMissingMeterPassesEverything() {
        start(Actions.builder().meter(7).output(2).build(), Actions.builder().meter(8).output(2).build());
        int start = pool.available();
        meters.set(7, new Meter(true, List.of(new Meter.Band(10, 10)), clock.nanoTime()));
        in.inject(frames(32));
        other.inject(frames(32));
        run();
        assertEquals(10 + 32, out.transmitted().size());
        assertEquals(22, pmd.stats().drops(DropReason.METER_DROP));
        clock.update(clock.nanoTime() + 500 * MS);
        in.inject(frames(32));
        run();
        assertEquals(10 + 32 + 5, out.transmitted().size(), "half a second at 10 pps");
        assertEquals(start, pool.available());
    }
}
