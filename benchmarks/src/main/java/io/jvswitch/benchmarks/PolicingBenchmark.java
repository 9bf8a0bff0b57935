package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.qos.MeterTable;
import io.jvswitch.dataplane.qos.PortQos;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import io.jvswitch.qos.IngressPolicer;
import io.jvswitch.qos.SrTcmPolicer;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of policing in the PMD loop (issue 7): the whole iteration of {@link PipelineBenchmark} (60-byte UDP
 * frames, 1 or 1000 flows, EMC hits, {@code output:2}) with
 * <ul>
 *   <li>{@code none}: no QoS on either port (the per-batch check finds no policer);</li>
 *   <li>{@code ingress}: byte and packet ingress policing on the input port, rates far above what one core
 *       forwards, so every packet is checked against both buckets and passes;</li>
 *   <li>{@code egress}: an {@code egress-policer} on the output port, likewise never dropping;</li>
 *   <li>{@code both}: both.</li>
 * </ul>
 * Score = packets/s on one thread. The difference to {@code none}, per packet, is what the policing check costs
 * (target ≤ 10 ns); {@code none} against {@link PipelineBenchmark} shows what a port without QoS pays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PolicingBenchmark {
    @Param({"1", "1000"})
    public int flows;

    @Param({"none", "ingress", "egress", "both"})
    public String policing;

    private FramePool pool;
    private Pmd pmd;

    @Setup
    public void setup() {
        pool = new FramePool(8192);
        PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
        upcall.rule(1, Actions.builder().output(2).build());
        SystemNanoClock clock = new SystemNanoClock();
        PortQos qos = new PortQos();
        long now = clock.nanoTime();
        if (policing.equals("ingress") || policing.equals("both")) {
            qos.setIngress(1, new IngressPolicer(1_000_000_000L, 1_000_000L, 1_000_000L, 1_000_000L, now));
        }
        if (policing.equals("egress") || policing.equals("both")) {
            qos.setEgress(2, new SrTcmPolicer(1_000_000_000_000L, 1_000_000_000L, now));
        }
        pmd = new Pmd(0, PmdConfig.defaults().withEmcInsertInvProb(100), pool, upcall, clock, new BondTables(),
                null, qos, new MeterTable());
        pmd.attachPort(new TestPort(1, "in").replay(BenchFrames.distinctFlows(flows), PacketBatch.MAX_BURST));
        pmd.attachPort(new TestPort(2, "out").sink(true));
        while (pmd.stats().get(PmdStats.UPCALLS) < flows) {
            pmd.doWork();
        }
        for (int i = 0; i < 20_000; i++) {
            pmd.doWork();
        }
    }

    @TearDown
    public void tearDown() {
        long dropped = pmd.stats().drops(io.jvswitch.dataplane.DropReason.INGRESS_POLICED_RATE)
                + pmd.stats().drops(io.jvswitch.dataplane.DropReason.INGRESS_POLICED_PKT_RATE)
                + pmd.stats().drops(io.jvswitch.dataplane.DropReason.EGRESS_POLICED);
        pool.close();
        if (dropped != 0) {
            throw new IllegalStateException(dropped + " packets policed: the rates must never drop here");
        }
    }

    @Benchmark
    @OperationsPerInvocation(PacketBatch.MAX_BURST)
    public int forward() {
        return pmd.doWork();
    }
}
