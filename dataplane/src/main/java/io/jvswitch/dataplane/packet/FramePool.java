package io.jvswitch.dataplane.packet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Packet memory: one off-heap segment carved into fixed-size frames, identified by {@code int} index and
 * tracked by an index stack (LIFO keeps recently used frames warm in cache).
 *
 * <pre>
 *  segment: | frame 0 | frame 1 | ... | frame n-1 |
 *  frame:   | headroom (push VLAN/MPLS, tunnel headers) | packet data ... up to frameSize |
 * </pre>
 *
 * <h2>Thread-safety</h2> Single owner (one PMD, or a test). Frames are handed between owners only with
 * whole batches through queues; nothing here is synchronized.
 *
 * <h2>Performance</h2> alloc/free are an array access and a counter; no allocation.
 */
public final class FramePool implements AutoCloseable {
    /** Default frame size: a 1500-byte MTU frame plus VLAN tags fits with room to spare. */
    public static final int DEFAULT_FRAME_SIZE = 2048;
    /**
     * Frame size of a jumbo-capable pool (what {@code SwitchRuntime} uses): 9152 bytes of packet after the default
     * headroom, enough for a 9000-byte MTU plus an Ethernet header and VLAN tags. 145 cache lines, an odd number,
     * so consecutive frames start in different L1 sets (a multiple of 4096 would put every packet header in the
     * same set); docs/decisions/0007-jumbo-frame-pool.md has the measurements.
     */
    public static final int JUMBO_FRAME_SIZE = 9280;
    /** Default headroom, as DPDK's RTE_PKTMBUF_HEADROOM. */
    public static final int DEFAULT_HEADROOM = 128;

    private final Arena arena;
    private final MemorySegment segment;
    private final int frameSize;
    private final int headroom;
    private final int frameCount;
    private final int[] free;
    private int top;

    public FramePool(int frameCount, int frameSize, int headroom) {
        if (frameCount <= 0 || frameSize <= 0 || headroom < 0 || headroom >= frameSize) {
            throw new IllegalArgumentException("bad pool geometry: frames=" + frameCount + " size=" + frameSize
                    + " headroom=" + headroom);
        }
        this.arena = Arena.ofShared();
        this.segment = arena.allocate((long) frameCount * frameSize, 4096);
        this.frameSize = frameSize;
        this.headroom = headroom;
        this.frameCount = frameCount;
        this.free = new int[frameCount];
        for (int i = 0; i < frameCount; i++) {
            free[i] = frameCount - 1 - i;
        }
        this.top = frameCount;
    }

    public FramePool(int frameCount) {
        this(frameCount, DEFAULT_FRAME_SIZE, DEFAULT_HEADROOM);
    }

    /** The whole packet memory; frame {@code f} starts at {@link #frameOffset(int)}. */
    public MemorySegment segment() {
        return segment;
    }

    public int frameSize() {
        return frameSize;
    }

    public int headroom() {
        return headroom;
    }

    /** Largest packet that fits after the headroom. */
    public int dataCapacity() {
        return frameSize - headroom;
    }

    public int frameCount() {
        return frameCount;
    }

    public int available() {
        return top;
    }

    public long frameOffset(int frame) {
        return (long) frame * frameSize;
    }

    /** Takes one frame, or returns -1 when the pool is empty. */
    public int alloc() {
        return top == 0 ? -1 : free[--top];
    }

    /** Takes up to {@code n} frames into {@code out[off..]}; returns how many were taken. */
    public int alloc(int[] out, int off, int n) {
        final int t = top;
        final int k = Math.min(n, t);
        final int[] f = free;
        for (int i = 0; i < k; i++) {
            out[off + i] = f[t - 1 - i];
        }
        top = t - k;
        return k;
    }

    /** Returns one frame. */
    public void free(int frame) {
        free[top++] = frame;
    }

    /** Returns {@code n} frames from {@code frames[off..]}. */
    public void free(int[] frames, int off, int n) {
        final int t = top;
        final int[] f = free;
        for (int i = 0; i < n; i++) {
            f[t + i] = frames[off + i];
        }
        top = t + n;
    }

    @Override
    public void close() {
        arena.close();
    }
}
