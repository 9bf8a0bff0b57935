package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
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
 * The whole PMD iteration — rx (copy of a 60-byte frame into a pool frame), parse, EMC, megaflow, action
 * execution, tx batch flush — over 32-packet batches of N distinct flows, forwarded port 1 → port 2.
 * Score = packets/s on one thread. {@code emc=true} uses OVS's default insert probability (1/100);
 * {@code emc=false} disables the EMC (every packet a megaflow hit). {@code frameSize} is the pool's frame
 * stride (headroom 128): 2048 is the pre-jumbo default, 9280 the jumbo-capable one the runtime uses, 9216 and
 * 16384 show what a stride with few distinct L1 set offsets costs (docs/decisions/0007-jumbo-frame-pool.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PipelineBenchmark {
    @Param({"1", "1000", "100000"})
    public int flows;

    @Param({"true", "false"})
    public boolean emc;

    @Param({"2048"})
    public int frameSize;

    private FramePool pool;
    private Pmd pmd;

    @Setup
    public void setup() {
        pool = new FramePool(8192, frameSize, FramePool.DEFAULT_HEADROOM);
        PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
        upcall.rule(1, Actions.builder().output(2).build());
        PmdConfig cfg = PmdConfig.defaults().withEmcInsertInvProb(emc ? 100 : 0);
        pmd = new Pmd(0, cfg, pool, upcall, new SystemNanoClock());
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
        pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(PacketBatch.MAX_BURST)
    public int forward() {
        return pmd.doWork();
    }
}
