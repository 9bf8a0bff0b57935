package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.pipeline.PmdStats;
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
 * NORMAL switching in steady state: bridge br0 with 8 access ports (VLAN 10); 1 000 MACs learned on ports 2..8;
 * port 1 sends 60-byte frames to all 1 000 of them (1 000 flows, each a known unicast to one port). After
 * warm-up every packet is an EMC hit (default insert probability 1/100). Compare with
 * {@code PipelineBenchmark} flows=1000 emc=true (the engine with a fixed-rule upcall). Score = packets/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NormalSwitchingBenchmark {
    private static final int MACS = 1000;
    private NormalBridge br;

    static long mac(int i) {
        return 0x020000100000L + i;
    }

    @Setup
    public void setup() {
        List<TestPort> ports = new ArrayList<>();
        for (int p = 1; p <= 8; p++) {
            ports.add(new TestPort(p, "p" + p).sink(true));
        }
        br = new NormalBridge(new ArrayList<Port>(ports));
        for (int i = 0; i < MACS; i++) {
            ports.get(1 + i % 7).inject(Frames.udp(0xffffffffffffL, mac(i), -1, 0x0a000001, 0x0a000002, 1, 2));
        }
        for (int i = 0; i < 1000; i++) {
            br.pmd.doWork();
        }
        if (br.bridges.macTable("br0").size() != MACS) {
            throw new IllegalStateException("learned " + br.bridges.macTable("br0").size() + " MACs");
        }
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < MACS; i++) {
            frames.add(Frames.udp(mac(i), 0x0200000000f1L, -1, 0x0a000001, 0x0a000002, 1, 2));
        }
        ports.get(0).replay(frames, PacketBatch.MAX_BURST);
        for (int i = 0; i < 50_000; i++) {
            br.pmd.doWork();
        }
        if (br.pmd.stats().get(PmdStats.UPCALLS) > MACS + MACS + 10) {
            throw new IllegalStateException("not in steady state: " + br.pmd.stats().get(PmdStats.UPCALLS));
        }
    }

    @TearDown
    public void tearDown() {
        br.pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(PacketBatch.MAX_BURST)
    public int forward() {
        return br.pmd.doWork();
    }
}
