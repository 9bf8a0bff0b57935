package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.Pmd;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link BondOutputBenchmark}'s pipelines (plain, bond2, bond4 for 1 and 1 000 flows under an exact and an l2
 * megaflow), all in one JVM and measured in alternating slices, for a machine whose speed drifts by more than
 * the effect looked for: on the shared development VM a plain output's packets/s moves by 10-20 % between JMH
 * forks minutes apart, so a bond-to-plain ratio of separate forks says little. Here every round runs each
 * configuration once for {@link #SLICE} PMD iterations (order rotating from round to round), and the ratio of a
 * bond to the plain output of the same flows and mask is taken <em>within</em> a round, from wall-clock and from
 * thread CPU time per packet; the medians over rounds are printed. All pipelines share the JIT's profiles, as
 * they would on one PMD serving plain ports and bonds.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar io.jvswitch.benchmarks.BondOutputInterleaved \
 *     [rounds [frameSize [flows [mask]]]]</pre>
 * (defaults: 25 rounds, the runtime's 9280-byte frames, flows 1 and 1 000, masks exact and l2). Naming one flows
 * and mask keeps the other pipelines' profiles out of the JIT.
 */
public final class BondOutputInterleaved {
    private static final String USAGE = "usage: BondOutputInterleaved [rounds [frameSize [flows [exact|l2]]]]";
    private static final String[] OUTPUTS = {"plain", "bond2", "bond4"};
    private static final int SLICE = 50_000;

    private BondOutputInterleaved() {
    }

    public static void main(String[] args) {
        final int rounds;
        final int frameSize;
        final int[] flowsList;
        final String[] masks;
        try {
            rounds = args.length > 0 ? positive(args[0]) : 25;
            frameSize = args.length > 1 ? positive(args[1]) : FramePool.JUMBO_FRAME_SIZE;
            if (frameSize < 256) {
                throw new IllegalArgumentException("frameSize must be at least 256 (128 of headroom): " + frameSize);
            }
            flowsList = args.length > 2 ? new int[] {positive(args[2])} : new int[] {1, 1000};
            masks = args.length > 3 ? new String[] {args[3]} : new String[] {"exact", "l2"};
            for (String m : masks) {
                if (!m.equals("exact") && !m.equals("l2")) {
                    throw new IllegalArgumentException("mask must be exact or l2: " + m);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        int n = flowsList.length * masks.length * OUTPUTS.length;
        int[] flows = new int[n];
        String[] mask = new String[n];
        String[] output = new String[n];
        FramePool[] pools = new FramePool[n];
        Pmd[] pmds = new Pmd[n];
        for (int c = 0; c < n; c++) {
            flows[c] = flowsList[c / (masks.length * OUTPUTS.length)];
            mask[c] = masks[c / OUTPUTS.length % masks.length];
            output[c] = OUTPUTS[c % OUTPUTS.length];
            pools[c] = new FramePool(8192, frameSize, FramePool.DEFAULT_HEADROOM);
            pmds[c] = BondOutputBenchmark.pipeline(pools[c], flows[c], mask[c], output[c]);
        }
        for (int w = 0; w < 3; w++) {
            for (int c = 0; c < n; c++) {
                run(pmds[c], SLICE);
            }
        }
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        double[][] wallNs = new double[n][rounds];
        double[][] cpuNs = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int c = (k + r) % n;
                long c0 = bean.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long packets = run(pmds[c], SLICE);
                wallNs[c][r] = (double) (System.nanoTime() - t0) / packets;
                cpuNs[c][r] = (double) (bean.getCurrentThreadCpuTime() - c0) / packets;
            }
        }
        System.out.println("frame stride " + frameSize + ", " + rounds + " rounds x " + SLICE
                + " iterations of 32 packets per configuration; medians over rounds");
        System.out.println("flows  mask   output  wall-ns/pkt  Mpps    cpu-ns/pkt  plain/this (wall)  (cpu)");
        for (int c = 0; c < n; c++) {
            int plain = c - c % OUTPUTS.length;
            double[] wallRatio = new double[rounds];
            double[] cpuRatio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                wallRatio[r] = wallNs[plain][r] / wallNs[c][r];
                cpuRatio[r] = cpuNs[plain][r] / cpuNs[c][r];
            }
            double wall = median(wallNs[c]);
            System.out.println(String.format(Locale.ROOT, "%5d  %-5s  %-6s  %11.2f  %6.2f  %10.2f  %17.3f  %5.3f",
                    flows[c], mask[c], output[c], wall, 1000 / wall, median(cpuNs[c]), median(wallRatio),
                    median(cpuRatio)));
        }
        for (FramePool p : pools) {
            p.close();
        }
    }

    private static int positive(String s) {
        final int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + s);
        }
        if (v <= 0) {
            throw new IllegalArgumentException("must be positive: " + s);
        }
        return v;
    }

    private static long run(Pmd pmd, int iterations) {
        long packets = 0;
        for (int i = 0; i < iterations; i++) {
            packets += pmd.doWork();
        }
        return packets;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
