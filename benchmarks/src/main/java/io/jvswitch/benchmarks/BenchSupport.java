package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.parse.PacketParser;
import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Shared setup helpers: turning a frame into its flow key as the PMD would see it. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** The parsed key of {@code frame} arriving on {@code inPort}. */
    static long[] keyOf(byte[] frame, int inPort) {
        try (FramePool pool = new FramePool(1)) {
            PacketBatch b = new PacketBatch(pool);
            int f = pool.alloc();
            MemorySegment.copy(frame, 0, pool.segment(), ValueLayout.JAVA_BYTE, pool.frameOffset(f) + pool.headroom(),
                    frame.length);
            b.add(f, pool.headroom(), frame.length, inPort);
            PacketParser.parseBatch(b, new long[DropReason.VALUES.length]);
            long[] key = new long[FlowKey.KEY_WORDS];
            System.arraycopy(b.keys, 0, key, 0, FlowKey.KEY_WORDS);
            return key;
        }
    }
}
