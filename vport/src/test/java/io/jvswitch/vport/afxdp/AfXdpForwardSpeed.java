package io.jvswitch.vport.afxdp;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import io.jvswitch.ffi.CpuAffinity;
import io.jvswitch.vport.netns.NetTopology;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.SystemNanoClock;

/**
 * A quick speed check, not a test and not the benchmark (that is {@code benchmarks/}'s end-to-end script):
 * {@code g0 -veth- s0 [AF_XDP port -> PMD -> AF_XDP port] s1 -veth- k0}, all in the root namespace, removed at
 * the end. An AF_XDP generator on g0 (pinned to CPU 0) sends 64-byte IPv4/UDP frames (one flow) as fast as it
 * can; one PMD (pinned to CPU 1, busy-spinning) forwards s0 to s1; k0 drops them as "other host". Prints the
 * rate arriving at k0 over a 10 s window after a 2 s warm-up, and the PMD thread's user and total CPU time per
 * forwarded packet. Run as root (test classpath):
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *        -cp ... io.jvswitch.vport.afxdp.AfXdpForwardSpeed [seconds]
 * </pre>
 */
public final class AfXdpForwardSpeed {
    private AfXdpForwardSpeed() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        try (NetTopology topo = new NetTopology()) {
            String g0 = topo.name("jsg");
            String s0 = topo.name("jss");
            String s1 = topo.name("jst");
            String k0 = topo.name("jsk");
            topo.vethPair(g0, s0, 1500);
            topo.vethPair(s1, k0, 1500);
            AfXdpPortSettings noLock = AfXdpPortSettings.defaults().withSharedTx(false);
            try (AfXdpPort gen = AfXdpPort.open(9, g0, noLock); AfXdpPort in = AfXdpPort.open(1, s0, noLock);
                 AfXdpPort out = AfXdpPort.open(2, s1, noLock); FramePool pool = new FramePool(8192);
                 FramePool genPool = new FramePool(1024)) {
                System.out.println(in.describe());
                PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask())
                        .rule(1, Actions.builder().output(2).build());
                Pmd pmd = new Pmd(0, PmdConfig.defaults(), pool, upcall, new SystemNanoClock());
                pmd.addOutput(in);
                pmd.addOutput(out);
                pmd.addRxQueue(in, 0);
                AtomicBoolean stop = new AtomicBoolean();
                long[] pmdTid = new long[1];
                long[] busy = new long[2]; // nanoseconds in iterations that moved packets, and those packets
                Thread pmdThread = new Thread(() -> {
                    pin(1);
                    long busyNs = 0;
                    long busyPkts = 0;
                    long t = System.nanoTime();
                    while (!stop.get()) {
                        for (int i = 0; i < 1024; i++) {
                            int n = pmd.doWork();
                            long now = System.nanoTime();
                            if (n > 0) {
                                busyNs += now - t;
                                busyPkts += n;
                            }
                            t = now;
                        }
                        busy[0] = busyNs;
                        busy[1] = busyPkts;
                    }
                }, "pmd-0");
                Thread genThread = new Thread(() -> {
                    pin(0);
                    generate(gen, genPool, stop);
                }, "gen");
                pmdThread.start();
                genThread.start();
                pmdTid[0] = pmdThread.threadId();
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                Thread.sleep(2000);
                long k0a = counter(k0, "rx_packets");
                long s0a = in.stats().rxPackets();
                long ga = gen.stats().txPackets();
                long busyNsA = busy[0];
                long busyPktsA = busy[1];
                long cpuA = mx.getThreadCpuTime(pmdTid[0]);
                long userA = mx.getThreadUserTime(pmdTid[0]);
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long dt = System.nanoTime() - t0;
                long k0b = counter(k0, "rx_packets");
                long s0b = in.stats().rxPackets();
                long gb = gen.stats().txPackets();
                long busyNsB = busy[0];
                long busyPktsB = busy[1];
                long cpuB = mx.getThreadCpuTime(pmdTid[0]);
                long userB = mx.getThreadUserTime(pmdTid[0]);
                stop.set(true);
                pmdThread.join();
                genThread.join();
                long fwd = k0b - k0a;
                System.out.printf("offered %.0f kpps, s0 rx (switch) %.0f kpps, forwarded to k0 %.0f kpps%n",
                        (gb - ga) * 1e6 / dt, (s0b - s0a) * 1e6 / dt, fwd * 1e6 / dt);
                System.out.printf("PMD thread: user %.0f ns/pkt, user+sys %.0f ns/pkt; kernel rx drops at s0 %d; "
                        + "drops at s1 %d%n", (userB - userA) / (double) fwd, (cpuB - cpuA) / (double) fwd,
                        in.kernelRxDrops(), out.stats().txDropped());
                System.out.printf("PMD busy iterations: %.0f ns/pkt (wall time, kernel tx work included; OVS's "
                        + "'processing cycles per packet' counts the same way), %.1f packets per busy iteration%n",
                        (busyNsB - busyNsA) / (double) (busyPktsB - busyPktsA),
                        pmd.stats().get(PmdStats.RX_PACKETS) / (double) pmd.stats().get(PmdStats.BUSY_ITERATIONS));
            }
        }
    }

    private static void pin(int cpu) {
        try {
            CpuAffinity.pinCurrentThread(cpu);
        } catch (Exception e) {
            System.err.println("cannot pin to CPU " + cpu + ": " + e.getMessage());
        }
    }

    private static void generate(AfXdpPort gen, FramePool pool, AtomicBoolean stop) {
        byte[] f = XdpFrames.frame("02b0000000" + "02", "02b0000000" + "01", 0x0800, 60, 0);
        byte[] ip = {0x45, 0, 0, 46, 0, 0, 0, 0, 1, 17, 0, 0, (byte) 198, 18, 0, 1, (byte) 198, 19, 0, 1,
                0x04, 0x00, 0x04, 0x01, 0, 26, 0, 0};
        System.arraycopy(ip, 0, f, 14, ip.length);
        MemorySegment seg = pool.segment();
        PacketBatch b = new PacketBatch(pool);
        var tx = gen.txQueue(0);
        while (!stop.get()) {
            for (int i = 0; i < PacketBatch.MAX_BURST; i++) {
                int fr = pool.alloc();
                MemorySegment.copy(f, 0, seg, ValueLayout.JAVA_BYTE, pool.frameOffset(fr) + pool.headroom(), 60);
                b.add(fr, pool.headroom(), 60, 0);
            }
            tx.transmit(b);
        }
    }

    private static long counter(String ifname, String name) throws Exception {
        return Long.parseLong(Files.readString(Path.of("/sys/class/net", ifname, "statistics", name)).trim());
    }
}
