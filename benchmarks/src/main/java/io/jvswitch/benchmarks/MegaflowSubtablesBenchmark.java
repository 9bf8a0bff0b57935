package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.FlowMask;
import io.jvswitch.flowcache.Megaflow;
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

import java.util.List;

/**
 * Megaflow hits only (EMC off) with the traffic spread evenly over N subtables: 1000 flows, flow i installed
 * under mask {@code i % N} (in_port, nw_src exact, nw_dst prefix /32-s — N distinct masks), so an average
 * packet probes (N+1)/2 subtables (ranking cannot help: all are equally hot). The whole PMD iteration is
 * measured (rx copy, parse, lookup, actions, tx). Score = packets/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MegaflowSubtablesBenchmark {
    private static final int FLOWS = 1000;

    @Param({"1", "5", "20"})
    public int subtables;

    private FramePool pool;
    private Pmd pmd;

    @Setup
    public void setup() {
        pool = new FramePool(8192);
        PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
        pmd = new Pmd(0, PmdConfig.defaults().withEmcInsertInvProb(0), pool, upcall, new SystemNanoClock());
        List<byte[]> frames = BenchFrames.distinctFlows(FLOWS);
        int[] out = Actions.builder().output(2).build();
        FlowMask[] masks = new FlowMask[subtables];
        for (int s = 0; s < subtables; s++) {
            long[] w = new long[FlowKey.KEY_WORDS];
            w[FlowKey.W_IN_PORT] = 0xffffffff00000000L;
            w[FlowKey.W_ETH_DST] = 0xffffL;
            w[FlowKey.W_NW_ADDR] = 0xffffffff00000000L | (0xffffffffL << s & 0xffffffffL);
            masks[s] = FlowMask.of(w);
        }
        for (int i = 0; i < FLOWS; i++) {
            long[] key = BenchSupport.keyOf(frames.get(i), 1);
            if (!pmd.installFlow(1, new Megaflow(i + 1, key, 0, masks[i % subtables], out, System.nanoTime()))) {
                throw new IllegalStateException("install failed");
            }
        }
        pmd.attachPort(new TestPort(1, "in").replay(frames, PacketBatch.MAX_BURST));
        pmd.attachPort(new TestPort(2, "out").sink(true));
        for (int i = 0; i < 20_000; i++) {
            pmd.doWork();
        }
        if (pmd.flowTable().flowCount() != FLOWS) {
            throw new IllegalStateException("expected " + FLOWS + " flows, have " + pmd.flowTable().flowCount());
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
