package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Established flows under a new-flow storm on the same PMD. Port 1 carries 1000 established flows (→ port 2);
 * port 3 is either idle ({@code storm=false}) or sends only never-seen flows as fast as the PMD polls it
 * ({@code storm=true}). The aux counter {@code establishedPackets} (packets/s forwarded from port 1) is the
 * figure: with the storm it must stay ≥ 80 % of its value without. Default PMD settings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class UpcallStormBenchmark {
    @Param({"false", "true"})
    public boolean storm;

    /** PmdConfig.upcallTimeShare; the default of PmdConfig.defaults() is the figure that counts. */
    @Param({"0.02", "0.10"})
    public double upcallTimeShare;

    private FramePool pool;
    private Pmd pmd;
    private TestPort established;

    /** Per-iteration counts, reported as rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rates {
        public long establishedPackets;
        public long stormPackets;
        public long lostUpcalls;

        @Setup(Level.Iteration)
        public void reset() {
            establishedPackets = 0;
            stormPackets = 0;
            lostUpcalls = 0;
        }
    }

    private Port stormPort;

    @Setup
    public void setup() {
        pool = new FramePool(8192);
        PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
        upcall.rule(1, Actions.builder().output(2).build()).rule(3, Actions.builder().output(2).build());
        PmdConfig cfg = PmdConfig.defaults().withMaxIdleNanos(1_000_000_000L).withUpcallTimeShare(upcallTimeShare);
        pmd = new Pmd(0, cfg, pool, upcall, new SystemNanoClock());
        established = new TestPort(1, "established").replay(BenchFrames.distinctFlows(1000), PacketBatch.MAX_BURST);
        stormPort = storm ? new NewFlowPort(3) : new TestPort(3, "idle");
        pmd.attachPort(established);
        pmd.attachPort(new TestPort(2, "out").sink(true));
        pmd.attachPort(stormPort);
        for (int i = 0; i < 20_000; i++) {
            pmd.doWork();
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public int iteration(Rates r) {
        long e = established.stats().rxPackets();
        long s = stormPort.stats().rxPackets();
        long l = pmd.stats().get(PmdStats.LOST_UPCALLS);
        int n = pmd.doWork();
        r.establishedPackets += established.stats().rxPackets() - e;
        r.stormPackets += stormPort.stats().rxPackets() - s;
        r.lostUpcalls += pmd.stats().get(PmdStats.LOST_UPCALLS) - l;
        return n;
    }
}
