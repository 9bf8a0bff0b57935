package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.action.ActionExecutor;
import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.bond.BondCounters;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.parse.PacketParser;
import io.jvswitch.dataplane.qos.MeterTable;
import io.jvswitch.dataplane.testing.TestPort;
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
 * The bond output action alone, to split {@link BondOutputBenchmark}'s extra cost: one batch of 32 parsed UDP
 * packets of distinct 5-tuples, executed as one group (NORMAL's megaflow: hashed per packet) with
 * {@code output:2} ({@code plain}) or {@code lb_output} to a bond of 2 or 4 members; the sink only records
 * the masks it is handed (frames stay in the batch), so the score is the action's own cost. Packets/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BondStageBenchmark {
    @Param({"plain", "bond2", "bond4"})
    public String output;

    private FramePool pool;
    private PacketBatch batch;
    private ActionExecutor executor;
    private int[] actions;
    private long handed;

    @Setup
    public void setup() {
        pool = new FramePool(256);
        batch = new PacketBatch(pool);
        new TestPort(1, "in").replay(BenchFrames.distinctFlows(32), PacketBatch.MAX_BURST).rxQueue(0).receive(batch);
        PacketParser.parseBatch(batch, new long[DropReason.VALUES.length]);
        int members = output.equals("plain") ? 1 : Integer.parseInt(output.substring(4));
        BondTables tables = BenchSupport.roundRobinBond(members);
        actions = output.equals("plain") ? Actions.builder().output(2).build()
                : Actions.builder().bondOutput(0).build();
        executor = new ActionExecutor(new ActionExecutor.OutputSink() {
            @Override
            public boolean hasPort(int portNo) {
                return true;
            }

            @Override
            public void output(int portNo, PacketBatch b, int i) {
                handed += i;
            }

            @Override
            public void outputAll(int portNo, PacketBatch b, int group) {
                handed += group ^ portNo;
            }

            @Override
            public void outputFrame(int portNo, int frame, int offset, int length, int inPort) {
                handed += frame;
            }
        }, new long[DropReason.VALUES.length], tables, new BondCounters(), null, 0, new MeterTable());
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(PacketBatch.MAX_BURST)
    public long execute() {
        executor.execute(actions, batch, -1);
        executor.endBatch(batch);
        return handed;
    }
}
