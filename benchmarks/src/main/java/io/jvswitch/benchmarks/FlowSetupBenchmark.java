package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flow setup rate: every packet is a flow never seen before, so each one goes miss → upcall (the
 * {@link PortForwardingUpcall} test handler builds a megaflow) → install into dpcls and EMC → actions → tx.
 * Default PMD settings except max-idle 200 ms, so flows expire and the table stays in steady state (expiry
 * cost is inside the measurement). A pure new-flow stream has no established traffic to protect, so the
 * storm limiter stays out of the way and every packet is an installing upcall (the aux counter
 * {@code lostUpcalls} stays 0); {@link UpcallStormBenchmark} measures what the limiter protects.
 * One invocation runs PMD iterations until a whole 32-packet batch was received (an iteration the storm
 * back-off skips receives nothing), so the score is received packets/s; {@code upcalls} = flow setups/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FlowSetupBenchmark {

    private FramePool pool;
    private Pmd pmd;

    @Setup
    public void setup() {
        pool = new FramePool(8192);
        PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
        upcall.rule(1, Actions.builder().output(2).build());
        PmdConfig cfg = PmdConfig.defaults().withMaxIdleNanos(200_000_000L);
        pmd = new Pmd(0, cfg, pool, upcall, new SystemNanoClock());
        pmd.attachPort(new NewFlowPort(1));
        pmd.attachPort(new TestPort(2, "out").sink(true));
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(PacketBatch.MAX_BURST)
    public int setupFlows(UpcallOutcomes o) {
        o.begin(pmd.stats());
        int n = 0;
        while (n < PacketBatch.MAX_BURST) {
            n += pmd.doWork();
        }
        o.end(pmd.stats());
        return n;
    }
}
