package io.jvswitch.vport.afxdp;

import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.Xdp;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One AF_XDP socket bound to one queue of an interface, with its own UMEM and its four rings mapped.
 *
 * <pre>
 *  UMEM (anonymous mapping, registered with XDP_UMEM_REG, chunkSize-aligned chunks):
 *  | rx chunk 0 | rx chunk 1 | ... | rx chunk R-1 | tx chunk 0 | ... | tx chunk T-1 |
 *    all R start in the fill ring; the kernel       ours (a free stack in the tx queue) until produced on
 *    writes frames into them and hands them back    the tx ring; back through the completion ring
 *    on the rx ring; the rx queue copies the frame
 *    out and returns the chunk to the fill ring
 *
 *  rings: fill (u64 addr, ours -> kernel)   completion (u64 addr, kernel -> ours)
 *         rx (xdp_desc, kernel -> ours)     tx (xdp_desc, ours -> kernel)
 * </pre>
 * R equals the rx ring's size and T the tx ring's (the completion ring is as large as the tx ring), so the
 * completion ring can never overflow. The fill ring has 2R slots: the kernel publishes how far it has consumed
 * the fill ring only when it has used up every entry it last saw, so a chunk it has taken (and delivered, and we
 * have returned) can still occupy its old slot in our view. With only R slots the rx queue would find no room to
 * return chunks and stall with frames waiting on the rx ring; with 2R there is always room.
 *
 * <p>Set-up follows libxdp's {@code xsk_socket__create}: socket, UMEM registration, ring sizes, mmap of the
 * rings at the offsets from {@code XDP_MMAP_OFFSETS}, fill ring primed, bind ({@code sockaddr_xdp} with
 * {@code XDP_USE_NEED_WAKEUP}, copy or zero-copy, and {@code XDP_USE_SG} when asked).
 *
 * <h2>Thread-safety</h2> Set-up and close from one thread; the rings are driven by the port's queues.
 */
final class XskSocket implements AutoCloseable {
    final int fd;
    final int queue;
    final MemorySegment umem;
    final int chunkSize;
    final int rxChunks;
    final int txChunks;
    final XskRing fill;
    final XskRing completion;
    final XskRing rx;
    final XskRing tx;
    final boolean zeroCopy;
    final boolean sg;
    private final Arena arena;
    private boolean closed;

    private XskSocket(int fd, int queue, Arena arena, MemorySegment umem, int chunkSize, int rxChunks, int txChunks,
            XskRing fill, XskRing completion, XskRing rx, XskRing tx, boolean zeroCopy, boolean sg) {
        this.fd = fd;
        this.queue = queue;
        this.arena = arena;
        this.umem = umem;
        this.chunkSize = chunkSize;
        this.rxChunks = rxChunks;
        this.txChunks = txChunks;
        this.fill = fill;
        this.completion = completion;
        this.rx = rx;
        this.tx = tx;
        this.zeroCopy = zeroCopy;
        this.sg = sg;
    }

    /**
     * Opens and binds a socket on queue {@code queue} of {@code ifindex}.
     *
     * @param bindFlags {@code sxdp_flags}: {@code XDP_COPY} or {@code XDP_ZEROCOPY}, {@code XDP_USE_NEED_WAKEUP},
     *                  optionally {@code XDP_USE_SG}
     * @throws IOException naming the failing step and errno
     */
    static XskSocket open(String ifname, int ifindex, int queue, int ringSize, int chunkSize, int bindFlags)
            throws IOException {
        String what = "afxdp port " + ifname + " queue " + queue + ": ";
        int fd = LibC.socket(LibC.AF_XDP, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int e = -fd;
            throw new IOException(what + "socket(AF_XDP): " + Errno.describe(e)
                    + (e == Errno.EPERM || e == Errno.EACCES ? " (AF_XDP needs CAP_NET_RAW: run as root)"
                    : e == Errno.EAFNOSUPPORT ? " (the kernel has no AF_XDP: CONFIG_XDP_SOCKETS)" : ""));
        }
        Arena arena = Arena.ofShared();
        try (Arena tmp = Arena.ofConfined()) {
            int rxChunks = ringSize;
            int txChunks = ringSize;
            long umemLen = (long) (rxChunks + txChunks) * chunkSize;
            MemorySegment umem = map(what + "UMEM", umemLen, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0, arena);
            populate(umem);

            MemorySegment reg = tmp.allocate(Xdp.XDP_UMEM_REG_LAYOUT);
            reg.set(ValueLayout.JAVA_LONG, Xdp.OFF_UMEM_REG_ADDR, umem.address());
            reg.set(ValueLayout.JAVA_LONG, Xdp.OFF_UMEM_REG_LEN, umemLen);
            reg.set(ValueLayout.JAVA_INT, Xdp.OFF_UMEM_REG_CHUNK_SIZE, chunkSize);
            reg.set(ValueLayout.JAVA_INT, Xdp.OFF_UMEM_REG_HEADROOM, 0);
            check(LibC.setsockopt(fd, Xdp.SOL_XDP, Xdp.XDP_UMEM_REG, reg, (int) reg.byteSize()),
                    what + "setsockopt(XDP_UMEM_REG, " + (rxChunks + txChunks) + " x " + chunkSize + " bytes)");
            int fillSize = 2 * ringSize;
            check(LibC.setsockoptInt(fd, Xdp.SOL_XDP, Xdp.XDP_UMEM_FILL_RING, fillSize),
                    what + "setsockopt(XDP_UMEM_FILL_RING)");
            check(LibC.setsockoptInt(fd, Xdp.SOL_XDP, Xdp.XDP_UMEM_COMPLETION_RING, ringSize),
                    what + "setsockopt(XDP_UMEM_COMPLETION_RING)");
            check(LibC.setsockoptInt(fd, Xdp.SOL_XDP, Xdp.XDP_RX_RING, ringSize), what + "setsockopt(XDP_RX_RING)");
            check(LibC.setsockoptInt(fd, Xdp.SOL_XDP, Xdp.XDP_TX_RING, ringSize), what + "setsockopt(XDP_TX_RING)");

            MemorySegment off = tmp.allocate(Xdp.XDP_MMAP_OFFSETS_LAYOUT);
            MemorySegment len = tmp.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) off.byteSize());
            check(LibC.getsockopt(fd, Xdp.SOL_XDP, Xdp.XDP_MMAP_OFFSETS, off, len),
                    what + "getsockopt(XDP_MMAP_OFFSETS)");
            XskRing fill = ring(what + "fill ring", fd, off, Xdp.OFF_MMAP_FR, Xdp.XDP_UMEM_PGOFF_FILL_RING, fillSize,
                    Long.BYTES, true, arena);
            XskRing completion = ring(what + "completion ring", fd, off, Xdp.OFF_MMAP_CR,
                    Xdp.XDP_UMEM_PGOFF_COMPLETION_RING, ringSize, Long.BYTES, false, arena);
            XskRing rx = ring(what + "rx ring", fd, off, Xdp.OFF_MMAP_RX, Xdp.XDP_PGOFF_RX_RING, ringSize,
                    (int) Xdp.SIZEOF_XDP_DESC, false, arena);
            XskRing tx = ring(what + "tx ring", fd, off, Xdp.OFF_MMAP_TX, Xdp.XDP_PGOFF_TX_RING, ringSize,
                    (int) Xdp.SIZEOF_XDP_DESC, true, arena);

            int room = fill.free(rxChunks);
            if (room < rxChunks) {
                throw new IOException(what + "fill ring has " + room + " free slots, expected " + rxChunks);
            }
            for (int i = 0; i < rxChunks; i++) {
                fill.map.set(ValueLayout.JAVA_LONG, fill.addr(fill.cachedProd + i), (long) i * chunkSize);
            }
            fill.submit(rxChunks);

            MemorySegment sxdp = tmp.allocate(Xdp.SOCKADDR_XDP);
            sxdp.set(ValueLayout.JAVA_SHORT, Xdp.OFF_SXDP_FAMILY, (short) LibC.AF_XDP);
            sxdp.set(ValueLayout.JAVA_SHORT, Xdp.OFF_SXDP_FLAGS, (short) bindFlags);
            sxdp.set(ValueLayout.JAVA_INT, Xdp.OFF_SXDP_IFINDEX, ifindex);
            sxdp.set(ValueLayout.JAVA_INT, Xdp.OFF_SXDP_QUEUE_ID, queue);
            int r = LibC.bind(fd, sxdp, (int) sxdp.byteSize());
            if (r < 0) {
                throw new BindException(what + "bind(" + bindFlagNames(bindFlags) + "): " + Errno.describe(-r), -r);
            }

            MemorySegment opts = tmp.allocate(Xdp.XDP_OPTIONS_LAYOUT);
            len.set(ValueLayout.JAVA_INT, 0, (int) opts.byteSize());
            boolean zc = LibC.getsockopt(fd, Xdp.SOL_XDP, Xdp.XDP_OPTIONS, opts, len) == 0
                    && (opts.get(ValueLayout.JAVA_INT, Xdp.OFF_OPTIONS_FLAGS) & Xdp.XDP_OPTIONS_ZEROCOPY) != 0;
            return new XskSocket(fd, queue, arena, umem, chunkSize, rxChunks, txChunks, fill, completion, rx, tx, zc,
                    (bindFlags & Xdp.XDP_USE_SG) != 0);
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            arena.close();
            throw e;
        }
    }

    /** A failed {@code bind}, with its errno (the port retries without multi-buffer on some). */
    static final class BindException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        BindException(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    static String bindFlagNames(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & Xdp.XDP_COPY) != 0) {
            sb.append("XDP_COPY|");
        }
        if ((flags & Xdp.XDP_ZEROCOPY) != 0) {
            sb.append("XDP_ZEROCOPY|");
        }
        if ((flags & Xdp.XDP_USE_NEED_WAKEUP) != 0) {
            sb.append("XDP_USE_NEED_WAKEUP|");
        }
        if ((flags & Xdp.XDP_USE_SG) != 0) {
            sb.append("XDP_USE_SG|");
        }
        return sb.isEmpty() ? "0" : sb.substring(0, sb.length() - 1);
    }

    private static XskRing ring(String what, int fd, MemorySegment off, long ringOff, long pgoff, int entries,
            int elemSize, boolean producer, Arena arena) throws IOException {
        long prod = off.get(ValueLayout.JAVA_LONG, ringOff + Xdp.OFF_RING_PRODUCER);
        long cons = off.get(ValueLayout.JAVA_LONG, ringOff + Xdp.OFF_RING_CONSUMER);
        long desc = off.get(ValueLayout.JAVA_LONG, ringOff + Xdp.OFF_RING_DESC);
        long flags = off.get(ValueLayout.JAVA_LONG, ringOff + Xdp.OFF_RING_FLAGS);
        MemorySegment m = map(what, desc + (long) entries * elemSize, LibC.MAP_SHARED | LibC.MAP_POPULATE, fd, pgoff,
                arena);
        return new XskRing(m, prod, cons, desc, flags, entries, producer);
    }

    private static MemorySegment map(String what, long len, int flags, int fd, long off, Arena arena)
            throws IOException {
        try {
            return LibC.mmapSegment(len, LibC.PROT_READ | LibC.PROT_WRITE, flags, fd, off, arena);
        } catch (NativeException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Faults the UMEM in, on transparent huge pages where the kernel gives them ({@code MADV_HUGEPAGE} before the
     * first touch). The rx queue walks every rx chunk in turn (they cycle through the fill and rx rings), so with
     * 4 KiB pages every received frame touches another page; 2 MiB pages cover the whole UMEM with a few TLB
     * entries. (On the e2e veth benchmark the difference was within run-to-run noise.) Without THP the advice
     * fails quietly and 4 KiB pages are used.
     */
    private static void populate(MemorySegment umem) {
        LibC.madvise(umem.address(), umem.byteSize(), LibC.MADV_HUGEPAGE);
        if (LibC.madvise(umem.address(), umem.byteSize(), LibC.MADV_POPULATE_WRITE) < 0) {
            for (long off = 0; off < umem.byteSize(); off += 4096) {
                umem.set(ValueLayout.JAVA_BYTE, off, (byte) 0);
            }
        }
    }

    private static void check(int r, String operation) throws IOException {
        if (r < 0) {
            throw new IOException(operation + ": " + Errno.describe(-r));
        }
    }

    /**
     * The kernel's {@code XDP_STATISTICS} for this socket, as {@code long[6]}: rx_dropped, rx_invalid_descs,
     * tx_invalid_descs, rx_ring_full, rx_fill_ring_empty_descs, tx_ring_empty_descs (zeros once closed). Slow path.
     */
    synchronized long[] statistics() {
        long[] out = new long[6];
        if (closed) {
            return out;
        }
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment st = tmp.allocate(Xdp.XDP_STATISTICS_LAYOUT);
            MemorySegment len = tmp.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) st.byteSize());
            if (LibC.getsockopt(fd, Xdp.SOL_XDP, Xdp.XDP_STATISTICS, st, len) == 0) {
                int n = Math.min(6, len.get(ValueLayout.JAVA_INT, 0) / Long.BYTES);
                for (int i = 0; i < n; i++) {
                    out[i] = st.get(ValueLayout.JAVA_LONG, (long) i * Long.BYTES);
                }
            }
        }
        return out;
    }

    /** Closes the socket, then unmaps the rings and the UMEM. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LibC.close(fd);
        arena.close();
    }
}
