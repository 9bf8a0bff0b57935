package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.parse.PacketParser;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.flowcache.ExactMatchCache;
import io.jvswitch.flowcache.FlowMask;
import io.jvswitch.flowcache.Megaflow;
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
 * Single stages of the pipeline in isolation, to split {@link PipelineBenchmark}'s per-packet cost: rx (the
 * replay port's copy into pool frames, then frames freed), and an EMC batch lookup of 32 hits on one flow.
 * Score = packets/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StageBenchmark {
    private FramePool pool;
    private PacketBatch rxBatch;
    private io.jvswitch.dataplane.port.RxQueue rxq;
    private PacketBatch parsed;
    private ExactMatchCache emc;
    private final Megaflow[] out = new Megaflow[PacketBatch.MAX_BURST];

    @Setup
    public void setup() {
        pool = new FramePool(256);
        rxBatch = new PacketBatch(pool);
        rxq = new TestPort(1, "in").replay(BenchFrames.distinctFlows(1), PacketBatch.MAX_BURST).rxQueue(0);
        parsed = new PacketBatch(pool);
        rxq.receive(parsed);
        PacketParser.parseBatch(parsed, new long[DropReason.VALUES.length]);
        emc = new ExactMatchCache();
        emc.insert(parsed.keys, 0, parsed.hash[0],
                new Megaflow(1, parsed.keys, 0, FlowMask.exact(), new int[0], 0L));
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(PacketBatch.MAX_BURST)
    public int rxAndFree() {
        int n = rxq.receive(rxBatch);
        rxBatch.freeAll();
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(PacketBatch.MAX_BURST)
    public int emcLookup() {
        return emc.lookupBatch(parsed.keys, parsed.hash, parsed.count, -1, out);
    }
}
