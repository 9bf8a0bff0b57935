package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.parse.PacketParser;
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

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/** Parse only: miniflow extraction + hash of a 32-packet batch of 64-byte UDP/IPv4 frames. Score = packets/s. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParseBenchmark {
    private FramePool pool;
    private PacketBatch batch;
    private final long[] drops = new long[DropReason.VALUES.length];

    @Setup
    public void setup() {
        pool = new FramePool(64);
        batch = new PacketBatch(pool);
        List<byte[]> frames = BenchFrames.distinctFlows(PacketBatch.MAX_BURST);
        for (byte[] f : frames) {
            int fr = pool.alloc();
            MemorySegment.copy(f, 0, pool.segment(), ValueLayout.JAVA_BYTE, pool.frameOffset(fr) + pool.headroom(),
                    f.length);
            batch.add(fr, pool.headroom(), f.length, 1);
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(PacketBatch.MAX_BURST)
    public int parseBatch() {
        return PacketParser.parseBatch(batch, drops);
    }
}
