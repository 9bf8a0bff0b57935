package io.jvswitch.vport.afxdp;

import io.jvswitch.ffi.linux.Xdp;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One mmapped AF_XDP ring (fill, completion, rx or tx): a power-of-two array of descriptors plus the shared
 * {@code producer}/{@code consumer} words and the {@code flags} word (need-wakeup), at the offsets the kernel
 * reports with {@code XDP_MMAP_OFFSETS}.
 *
 * <h2>Design</h2> Single-producer/single-consumer between us and the kernel, exactly as libxdp's
 * {@code xsk_ring_prod}/{@code xsk_ring_cons}: the side we own is kept in a local cached index and published with
 * a release store ({@link #submit}, {@link #release}); the other side's index is read with an acquire load only
 * when the cached copy says there is not enough ({@link #peek}, {@link #free}), so most calls touch no shared
 * cache line. Indices are free-running {@code u32}s compared by subtraction (wrap-safe in {@code int}).
 *
 * <h2>Thread-safety</h2> One thread at a time (the queue that owns it).
 */
final class XskRing {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    final MemorySegment map;
    private final long producerOff;
    private final long consumerOff;
    private final long flagsOff;
    /** Offset of descriptor 0 in {@link #map}. */
    final long descOff;
    final int size;
    final int mask;
    /** Producer side: our next index. Consumer side: the last producer index seen. */
    int cachedProd;
    /** Consumer side: our next index. Producer side: the kernel's consumer index plus {@link #size}. */
    int cachedCons;

    XskRing(MemorySegment map, long producerOff, long consumerOff, long descOff, long flagsOff, int size,
            boolean producer) {
        this.map = map;
        this.producerOff = producerOff;
        this.consumerOff = consumerOff;
        this.descOff = descOff;
        this.flagsOff = flagsOff;
        this.size = size;
        this.mask = size - 1;
        this.cachedProd = (int) INT.getAcquire(map, producerOff);
        int cons = (int) INT.getAcquire(map, consumerOff);
        this.cachedCons = producer ? cons + size : cons;
    }

    // ---------------------------------------------------------------- consumer side (rx, completion)

    /** Entries ready to consume, at most {@code max}; they start at index {@link #cachedCons}. */
    int peek(int max) {
        int n = cachedProd - cachedCons;
        if (n < max) {
            cachedProd = (int) INT.getAcquire(map, producerOff);
            n = cachedProd - cachedCons;
        }
        return Math.min(n, max);
    }

    /** Hands {@code n} consumed entries back to the kernel. */
    void release(int n) {
        cachedCons += n;
        INT.setRelease(map, consumerOff, cachedCons);
    }

    // ---------------------------------------------------------------- producer side (fill, tx)

    /** Free slots from index {@link #cachedProd} on (at least {@code want} if the ring has them). */
    int free(int want) {
        int n = cachedCons - cachedProd;
        if (n < want) {
            cachedCons = (int) INT.getAcquire(map, consumerOff) + size;
            n = cachedCons - cachedProd;
        }
        return n;
    }

    /** Publishes {@code n} produced entries. */
    void submit(int n) {
        cachedProd += n;
        INT.setRelease(map, producerOff, cachedProd);
    }

    /** The kernel's current consumer index (an acquire load; slow paths only). */
    int kernelConsumer() {
        return (int) INT.getAcquire(map, consumerOff);
    }

    /** The kernel asks to be woken up (a {@code sendto}/{@code recvfrom}) to process this ring. */
    boolean needsWakeup() {
        return ((int) INT.getOpaque(map, flagsOff) & Xdp.XDP_RING_NEED_WAKEUP) != 0;
    }

    /** Byte offset of the {@code xdp_desc} at ring index {@code idx} (rx, tx rings). */
    long desc(int idx) {
        return descOff + (long) (idx & mask) * Xdp.SIZEOF_XDP_DESC;
    }

    /** Byte offset of the {@code u64} address at ring index {@code idx} (fill, completion rings). */
    long addr(int idx) {
        return descOff + (long) (idx & mask) * Long.BYTES;
    }
}
