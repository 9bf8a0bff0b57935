package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.testing.Frames;

import java.util.ArrayList;
import java.util.List;

/** 64-byte-on-the-wire UDP/IPv4 test frames (60 bytes without FCS) for the benchmarks. */
final class BenchFrames {
    private BenchFrames() {
    }

    /** {@code n} frames of {@code n} distinct flows (distinct source IP and port). */
    static List<byte[]> distinctFlows(int n) {
        List<byte[]> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(Frames.udp(0x0a000000 + i, 0x0b000001, 1024 + (i & 0x7fff), 4789));
        }
        return frames;
    }
}
