package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.dataplane.testing.TestPort;
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

import java.util.ArrayList;
import java.util.List;

/**
 * Flow setup through NORMAL translation: every packet on port 1 comes from a MAC never seen before, addressed to a
 * MAC learned on port 2, so each one is a miss → NORMAL xlate (learn the source, look up the destination) →
 * megaflow install → output. The MAC table (8 192 entries) evicts as it fills, as a real one would. Flows go
 * idle after 200 ms and the revalidator runs every 100 ms inside the measurement (as the control thread would),
 * so the flow table and registry stay in steady state. Score = packets/s; the aux counter {@code upcalls} = flow
 * setups/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NormalFlowSetupBenchmark {
    private NormalBridge br;
    private long nextRevalidation;

    @Setup
    public void setup() {
        List<Port> ports = new ArrayList<>();
        ports.add(new NewFlowPort(1, true));
        TestPort p2 = new TestPort(2, "p2").sink(true);
        ports.add(p2);
        for (int p = 3; p <= 8; p++) {
            ports.add(new TestPort(p, "p" + p).sink(true));
        }
        br = new NormalBridge(ports, PmdConfig.defaults().withMaxIdleNanos(200_000_000L));
        nextRevalidation = br.clock.nanoTime() + 100_000_000L;
        p2.inject(Frames.udp(0xffffffffffffL, 0x020000000002L, -1, 0x0a000001, 0x0a000002, 1, 2));
        br.pmd.doWork();
        br.pmd.doWork();
    }

    @TearDown
    public void tearDown() {
        br.pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(PacketBatch.MAX_BURST)
    public int setupFlows(UpcallOutcomes o) {
        o.begin(br.pmd.stats());
        int n = br.pmd.doWork();
        long now = br.clock.nanoTime();
        if (now >= nextRevalidation) {
            nextRevalidation = now + 100_000_000L;
            br.bridges.revalidator().run(now);
        }
        o.end(br.pmd.stats());
        return n;
    }
}
