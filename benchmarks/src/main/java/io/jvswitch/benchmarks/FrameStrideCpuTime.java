package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.agrona.concurrent.SystemNanoClock;

/**
 * {@link PipelineBenchmark}'s loop (EMC on, 1 and 1 000 flows) for several pool frame strides, measured in
 * <em>thread CPU time</em> per packet instead of wall-clock throughput: on a machine shared with other work, time
 * slicing moves JMH's packets/s by more than the effect looked for, while the CPU time the PMD thread itself
 * spends per packet stays comparable. Rounds interleave the strides (rotating the order); the median and the
 * minimum over rounds are printed. Used for docs/decisions/0007-jumbo-frame-pool.md.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar io.jvswitch.benchmarks.FrameStrideCpuTime [rounds]</pre>
 */
public final class FrameStrideCpuTime {
    private static final int[] STRIDES = {2048, 9216, 9280, 16384};
    private static final int[] FLOWS = {1, 1000};
    private static final int ITERATIONS = 100_000;

    private FrameStrideCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        int n = STRIDES.length * FLOWS.length;
        Pmd[] pmds = new Pmd[n];
        FramePool[] pools = new FramePool[n];
        for (int c = 0; c < n; c++) {
            pools[c] = new FramePool(1024, STRIDES[c % STRIDES.length], FramePool.DEFAULT_HEADROOM);
            pmds[c] = pipeline(pools[c], FLOWS[c / STRIDES.length]);
        }
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < 4 * ITERATIONS; i++) {
                pmds[c].doWork();
            }
        }
        double[][] nsPerPacket = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int c = (k + r) % n;
                long t0 = bean.getCurrentThreadCpuTime();
                long packets = 0;
                for (int i = 0; i < ITERATIONS; i++) {
                    packets += pmds[c].doWork();
                }
                nsPerPacket[c][r] = (double) (bean.getCurrentThreadCpuTime() - t0) / packets;
            }
        }
        System.out.println("flows  stride  cpu-ns/packet median  min   (" + rounds + " rounds x " + ITERATIONS
                + " iterations of 32 packets)");
        for (int c = 0; c < n; c++) {
            double[] v = nsPerPacket[c].clone();
            Arrays.sort(v);
            System.out.println(String.format(Locale.ROOT, "%5d  %6d  %20.2f  %5.2f", FLOWS[c / STRIDES.length],
                    STRIDES[c % STRIDES.length], v[v.length / 2], v[0]));
            pools[c].close();
        }
    }

    private static Pmd pipeline(FramePool pool, int flows) {
        PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
        upcall.rule(1, Actions.builder().output(2).build());
        Pmd pmd = new Pmd(0, PmdConfig.defaults().withEmcInsertInvProb(100), pool, upcall, new SystemNanoClock());
        pmd.attachPort(new TestPort(1, "in").replay(BenchFrames.distinctFlows(flows), PacketBatch.MAX_BURST));
        pmd.attachPort(new TestPort(2, "out").sink(true));
        while (pmd.stats().get(PmdStats.UPCALLS) < flows) {
            pmd.doWork();
        }
        return pmd;
    }
}
