package io.jvswitch.vport.tap;

import io.jvswitch.dataplane.packet.FramePool;
import java.lang.foreign.MemorySegment;

/**
 * Pre-made views of every frame of one {@link FramePool}, so that {@code read}/{@code write} can be handed a
 * segment that starts at the packet without an {@code asSlice} per packet (DESIGN.md rule 3): {@link #data}
 * starts at the headroom (where rx puts packets and where most tx packets still start), {@link #whole} at the
 * frame's first byte (tx packets that moved are shifted there first).
 *
 * <p>Built once per pool (two small objects per frame), immutable afterwards, so any thread may use it.
 */
final class FrameSlices {
    private final FramePool pool;
    private final MemorySegment[] data;
    private final MemorySegment[] whole;

    FrameSlices(FramePool pool) {
        this.pool = pool;
        int n = pool.frameCount();
        this.data = new MemorySegment[n];
        this.whole = new MemorySegment[n];
        MemorySegment seg = pool.segment();
        for (int f = 0; f < n; f++) {
            whole[f] = seg.asSlice(pool.frameOffset(f), pool.frameSize());
            data[f] = seg.asSlice(pool.frameOffset(f) + pool.headroom(), pool.dataCapacity());
        }
    }

    FramePool pool() {
        return pool;
    }

    /** Frame {@code f} from its headroom on: {@code dataCapacity()} bytes. */
    MemorySegment data(int f) {
        return data[f];
    }

    /** Frame {@code f} from its first byte: {@code frameSize()} bytes. */
    MemorySegment whole(int f) {
        return whole[f];
    }
}
