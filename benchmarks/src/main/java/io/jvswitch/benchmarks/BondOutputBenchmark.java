package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.FlowMask;
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
 * balance-tcp forwarding versus a plain output port: the whole PMD iteration of {@link PipelineBenchmark}
 * (60-byte UDP frames, N distinct flows, EMC hits at OVS's default insert probability) with the flow's action
 * either {@code output:2} ({@code plain}) or {@code lb_output} to a bond of 2 or 4 member ports with the L4
 * (5-tuple) hash ({@code bond2}, {@code bond4}; buckets round-robin over the members, as after LACP comes up).
 * The PMD polls the same five ports in every configuration ({@link #OTHER_PORTS}).
 * Score = packets/s on one thread; the issue-6 target is bond within 10 % of plain.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BondOutputBenchmark {
    @Param({"1", "1000"})
    public int flows;

    @Param({"plain", "bond2", "bond4"})
    public String output;

    /**
     * The megaflow mask: {@code exact} (every header field: each 5-tuple its own megaflow and flow group, as an
     * OpenFlow table matching L4 installs) or {@code l2} (in_port, MACs, ethertype, VLAN: what NORMAL installs,
     * so every 5-tuple shares one megaflow and the bond hashes each packet).
     */
    @Param({"exact", "l2"})
    public String mask;

    /**
     * The pool's frame stride (headroom 128): 9280, the jumbo-capable frames the runtime uses (an odd number of
     * cache lines, so the headers of consecutive frames fall into different L1 sets), or 2048, the pre-jumbo
     * default (every header in one of two L1 sets; docs/decisions/0007-jumbo-frame-pool.md).
     */
    @Param({"9280", "2048"})
    public int frameSize;

    private FramePool pool;
    private Pmd pmd;

    @Setup
    public void setup() {
        pool = new FramePool(8192, frameSize, FramePool.DEFAULT_HEADROOM);
        pmd = pipeline(pool, flows, mask, output);
        for (int i = 0; i < 20_000; i++) {
            pmd.doWork();
        }
    }

    /**
     * Ports 2..5 exist (and their rx queues are polled, idle) in every configuration, whichever of them the
     * output uses: a host's PMD polls its ports whether or not they form a bond, so the configurations differ
     * only in the output action (sessions before 9 attached only the ports used: about 1 % more for bond4).
     */
    static final int OTHER_PORTS = 4;

    /**
     * A PMD forwarding {@code flows} distinct UDP flows from port 1 to {@code output} ({@code plain}: port 2;
     * {@code bondN}: a round-robin balance-tcp bond of ports 2..N+1, N at most {@link #OTHER_PORTS}) under a
     * megaflow of {@code mask} ({@code exact} or {@code l2}), its flows already installed. Shared with
     * {@link BondOutputInterleaved}.
     */
    static Pmd pipeline(FramePool pool, int flows, String mask, String output) {
        int members = output.equals("plain") ? 1 : Integer.parseInt(output.substring(4));
        BondTables tables = BenchSupport.roundRobinBond(members);
        PortForwardingUpcall upcall = new PortForwardingUpcall(mask.equals("l2") ? l2Mask()
                : PortForwardingUpcall.defaultMask());
        upcall.rule(1, output.equals("plain") ? Actions.builder().output(2).build()
                : Actions.builder().bondOutput(0).build());
        Pmd pmd = new Pmd(0, PmdConfig.defaults().withEmcInsertInvProb(100), pool, upcall, new SystemNanoClock(),
                tables, null);
        pmd.attachPort(new TestPort(1, "in").replay(BenchFrames.distinctFlows(flows), PacketBatch.MAX_BURST));
        for (int p = 2; p < 2 + OTHER_PORTS; p++) {
            pmd.attachPort(new TestPort(p, "m" + p).sink(true));
        }
        long want = mask.equals("l2") ? 1 : flows;
        while (pmd.stats().get(PmdStats.UPCALLS) < want) {
            pmd.doWork();
        }
        return pmd;
    }

    private static FlowMask l2Mask() {
        long[] w = new long[FlowKey.KEY_WORDS];
        w[FlowKey.W_IN_PORT] = -1L;                 // in_port and recirc_id, as NormalXlate
        w[FlowKey.W_ETH_DST] = -1L;
        w[FlowKey.W_ETH_SRC] = -1L;
        w[FlowKey.W_VLAN] = -1L;
        return FlowMask.of(w);
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
