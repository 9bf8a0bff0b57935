package io.jvswitch.dataplane.slowpath;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames the PMDs hand to the control plane (OVS {@code userspace(slow_path(...))}): LACPDUs and whatever else
 * the control plane must see itself rather than forward by a flow.
 *
 * <h2>Design</h2> One Agrona {@link ManyToOneRingBuffer} over direct memory, shared by every PMD of a datapath
 * (producers) and drained by one control thread (consumer). A PMD claims a record of the frame's size, copies
 * the frame in ({@link MemorySegment#copy}, the ring's memory seen as a segment) and commits: no allocation,
 * no lock, and the PMD never waits — a full ring refuses the frame ({@link #offer} returns false; the PMD frees
 * the frame and counts {@code SLOW_PATH_FULL}; {@link #overflows()} counts them too). Records are delivered in
 * the order they were claimed (per PMD: the order the PMD offered them).
 *
 * <pre>
 *  record body: pmdId (int) | inPort (int) | reason (int) | length (int) | frame bytes ...   (native order)
 * </pre>
 *
 * <h2>Thread-safety</h2> {@link #offer}: any number of threads. {@link #drain}: one consumer thread at a time.
 */
public final class SlowPathQueue {
    /** Default ring size: 256 KiB, some 2 000 LACPDUs. */
    public static final int DEFAULT_CAPACITY_BYTES = 256 * 1024;

    private static final int MSG_TYPE = 1;
    private static final int HEADER = 16;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final ManyToOneRingBuffer ring;
    private final MemorySegment memory;
    private final AtomicLong overflows = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();

    /** @param capacityBytes a power of two, at least 4 KiB */
    public SlowPathQueue(int capacityBytes) {
        if (capacityBytes < 4096 || Integer.bitCount(capacityBytes) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 4096: " + capacityBytes);
        }
        ByteBuffer bb = ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH);
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(bb));
        this.memory = MemorySegment.ofBuffer(bb);
    }

    public SlowPathQueue() {
        this(DEFAULT_CAPACITY_BYTES);
    }

    /** Receives the frames {@link #drain} takes off the queue. */
    @FunctionalInterface
    public interface Consumer {
        /**
         * @param frame the frame's bytes, valid only during the call (copy what you keep)
         * @param reason one of {@link SlowPath}'s reasons
         */
        void onFrame(int pmdId, int inPort, int reason, MemorySegment frame);
    }

    /**
     * Copies a frame into the queue. PMD threads (any thread); no allocation.
     *
     * @return false when the queue is full or the frame larger than the ring's largest record (counted)
     */
    public boolean offer(int pmdId, int inPort, int reason, MemorySegment src, long address, int length) {
        final int at = length <= ring.maxMsgLength() - HEADER ? ring.tryClaim(MSG_TYPE, HEADER + length) : -1;
        if (at < 0) {
            overflows.incrementAndGet();
            return false;
        }
        final MemorySegment m = memory;
        m.set(INT, at, pmdId);
        m.set(INT, at + 4, inPort);
        m.set(INT, at + 8, reason);
        m.set(INT, at + 12, length);
        MemorySegment.copy(src, address, m, at + HEADER, length);
        ring.commit(at);
        return true;
    }

    /** Hands up to {@code limit} queued frames to {@code consumer}, oldest first. One consumer thread. */
    public int drain(Consumer consumer, int limit) {
        final MemorySegment m = memory;
        final org.agrona.concurrent.MessageHandler h = (type, buffer, index, len) -> {
            int length = m.get(INT, index + 12);
            consumer.onFrame(m.get(INT, index), m.get(INT, index + 4), m.get(INT, index + 8),
                    m.asSlice(index + HEADER, length).asReadOnly());
        };
        // One read stops at the end of the ring's memory; a second one takes the records that wrapped.
        int n = ring.read(h, limit);
        if (n < limit) {
            n += ring.read(h, limit - n);
        }
        delivered.addAndGet(n);
        return n;
    }

    /** Frames refused because the queue was full. Any thread. */
    public long overflows() {
        return overflows.get();
    }

    /** Frames handed to consumers so far. Any thread. */
    public long delivered() {
        return delivered.get();
    }

    /** Bytes queued (records and their headers). Any thread. */
    public int sizeBytes() {
        return ring.size();
    }
}
