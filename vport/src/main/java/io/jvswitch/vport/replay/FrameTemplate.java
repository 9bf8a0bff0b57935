package io.jvswitch.vport.replay;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * A fixed set of frames packed back to back in one off-heap segment, the source a replay queue copies from.
 * Immutable after construction; readable from any thread. {@link #close()} frees the memory: only once no
 * queue reads it any more.
 */
public final class FrameTemplate implements AutoCloseable {
    private final Arena arena;
    private final MemorySegment segment;
    private final long[] offsets;
    private final int[] lengths;
    private final long totalBytes;
    private boolean closed;

    public FrameTemplate(List<byte[]> frames) {
        long total = 0;
        for (byte[] f : frames) {
            total += f.length;
        }
        this.arena = Arena.ofShared();
        this.segment = arena.allocate(Math.max(total, 1), 64);
        this.offsets = new long[frames.size()];
        this.lengths = new int[frames.size()];
        long at = 0;
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            MemorySegment.copy(f, 0, segment, ValueLayout.JAVA_BYTE, at, f.length);
            offsets[i] = at;
            lengths[i] = f.length;
            at += f.length;
        }
        this.totalBytes = total;
    }

    public int size() {
        return lengths.length;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long offset(int frame) {
        return offsets[frame];
    }

    public int length(int frame) {
        return lengths[frame];
    }

    /** Sum of all frame lengths. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Frees the memory; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }
}
