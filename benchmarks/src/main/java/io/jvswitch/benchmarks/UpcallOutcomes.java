package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.pipeline.PmdStats;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Upcall outcomes of one JMH iteration, reported as rates: installing upcalls and lost upcalls per second. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class UpcallOutcomes {
    public long upcalls;
    public long lostUpcalls;
    private long upcallsBefore;
    private long lostBefore;

    @Setup(Level.Iteration)
    public void reset() {
        upcalls = 0;
        lostUpcalls = 0;
    }

    void begin(PmdStats s) {
        upcallsBefore = s.get(PmdStats.UPCALLS);
        lostBefore = s.get(PmdStats.LOST_UPCALLS);
    }

    void end(PmdStats s) {
        upcalls += s.get(PmdStats.UPCALLS) - upcallsBefore;
        lostUpcalls += s.get(PmdStats.LOST_UPCALLS) - lostBefore;
    }
}
