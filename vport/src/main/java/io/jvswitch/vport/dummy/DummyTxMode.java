package io.jvswitch.vport.dummy;

/** What a {@link DummyPort} does with transmitted frames. */
public enum DummyTxMode {
    /** Copy every frame out to a {@code byte[]} kept for the test ({@link DummyPort#transmitted()}). */
    CAPTURE,
    /** Count and free at once (benchmarks): no copy, no allocation. */
    SINK
}
