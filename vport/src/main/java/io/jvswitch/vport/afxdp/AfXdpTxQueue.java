package io.jvswitch.vport.afxdp;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.MaskedTxQueue;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.ffi.linux.Xdp;
import io.jvswitch.vport.DropCounters;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The tx side of one AF_XDP socket: reclaims sent chunks from the completion ring, copies each frame of the
 * batch into a free UMEM chunk, produces the tx descriptors with one release store, kicks the kernel with one
 * {@code sendto} when the tx ring's need-wakeup flag asks (always, in copy mode), and frees the batch's frames.
 * It sends a whole batch or, in place, a bitmask of one ({@link MaskedTxQueue}: a bond member's share).
 *
 * <h2>Design</h2> Tx chunks live on a LIFO stack of chunk numbers (warm in cache); the completion ring returns
 * them. A frame longer than a chunk is split over several chunks, {@code XDP_PKT_CONTD} on all descriptors but
 * the last, when the socket was bound with {@code XDP_USE_SG}. Drops, all counted in {@code PortStats.txDropped}
 * and by reason: shorter than an Ethernet header ({@link DropReason#RUNT_FRAME}); longer than the interface MTU
 * plus the Ethernet header (plus 4 for an 802.1Q-tagged frame), or than the socket can carry
 * ({@link DropReason#OVERSIZE_FRAME}); no free chunk or tx ring slot ({@link DropReason#TX_QUEUE_FULL}).
 * A failed kick is repeated while the kernel makes progress (copy mode sends 32 descriptors per call); one
 * that makes none ({@code EAGAIN} when the device is busy, {@code ENOBUFS}) leaves the descriptors in the ring
 * and the next call kicks again even if it has nothing new. Frames count as sent once they are in the ring.
 *
 * <h2>Thread-safety</h2> PMD {@code i} uses tx queue {@code i % n}; when PMDs may share a queue
 * ({@code locking}), {@link #transmit} takes a spin lock (one CAS per batch, uncontended in the common case).
 *
 * <h2>Performance</h2> One system call per batch (none in zero-copy mode unless the driver asks), one copy per
 * frame, no allocation, no exception.
 */
final class AfXdpTxQueue implements MaskedTxQueue {
    private static final ValueLayout.OfShort BE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final VarHandle LOCK;
    private static final int ETH_HLEN = 14;
    private static final int VLAN_HLEN = 4;
    private static final int ETH_P_8021Q = 0x8100;
    private static final long DESC_LEN = 8;
    private static final long DESC_OPTIONS = 12;
    /** Most descriptors per frame we produce (the kernel's copy path takes up to MAX_SKB_FRAGS = 17). */
    static final int MAX_FRAGMENTS = 16;
    private static final int MAX_KICKS = 4;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(AfXdpTxQueue.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    private final MemorySegment umem;
    private final XskRing tx;
    private final XskRing completion;
    private final int chunkSize;
    private final int chunkShift;
    private final int[] freeChunks;
    private int freeTop;
    private final int carry;
    // Egress limits; replaced in place by setMtu (control thread), read once per batch by the PMD.
    private volatile int maxUntagged;
    private volatile int maxTagged;
    private final boolean locking;
    private final PortStats stats;
    private final DropCounters drops;
    private boolean kickPending;
    private long kickFailures;
    @SuppressWarnings("unused") // through LOCK
    private volatile int lock;

    AfXdpTxQueue(XskSocket s, int mtu, boolean locking, PortStats stats, DropCounters drops) {
        this.fd = s.fd;
        this.umem = s.umem;
        this.tx = s.tx;
        this.completion = s.completion;
        this.chunkSize = s.chunkSize;
        this.chunkShift = Integer.numberOfTrailingZeros(s.chunkSize);
        this.freeChunks = new int[s.txChunks];
        for (int i = 0; i < s.txChunks; i++) {
            freeChunks[i] = s.rxChunks + s.txChunks - 1 - i;
        }
        this.freeTop = s.txChunks;
        this.carry = s.sg ? s.chunkSize * MAX_FRAGMENTS : s.chunkSize;
        setMtu(mtu);
        this.locking = locking;
        this.stats = stats;
        this.drops = drops;
    }

    @Override
    public int transmit(PacketBatch batch) {
        final int sent = transmit(batch, MaskedTxQueue.allOf(batch.count));
        batch.clearSlots();
        return sent;
    }

    @Override
    public int transmit(PacketBatch batch, int mask) {
        if (!locking) {
            return send(batch, mask);
        }
        while (!LOCK.compareAndSet(this, 0, 1)) {
            Thread.onSpinWait();
        }
        try {
            return send(batch, mask);
        } finally {
            LOCK.setRelease(this, 0);
        }
    }

    /** Sends the packets of {@code mask} (copies into UMEM chunks), then frees their frames. */
    private int send(PacketBatch batch, int mask) {
        reclaim();
        final int n = Integer.bitCount(mask);
        final XskRing t = tx;
        final MemorySegment ring = t.map;
        final MemorySegment src = batch.pool().segment();
        final MemorySegment dst = umem;
        final int[] chunks = freeChunks;
        final int prod = t.cachedProd;
        int slots = n == 0 ? 0 : t.free(n);
        final int maxUntag = maxUntagged;     // the egress MTU, read once per batch
        final int maxTag = maxTagged;
        int top = freeTop;
        int produced = 0;
        int sent = 0;
        long bytes = 0;
        int runt = 0;
        int oversize = 0;
        int full = 0;
        for (int m = mask; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            int len = batch.length[i];
            long a = batch.dataAddress(i);
            if (len < ETH_HLEN) {
                runt++;
                continue;
            }
            if (len > maxUntag && (len > maxTag
                    || Short.toUnsignedInt(src.get(BE_SHORT, a + 12)) != ETH_P_8021Q)) {
                oversize++;
                continue;
            }
            if (len <= chunkSize) {
                if (top == 0 || produced == slots) {
                    full++;
                    continue;
                }
                long ua = (long) chunks[--top] << chunkShift;
                MemorySegment.copy(src, a, dst, ua, len);
                long d = t.desc(prod + produced);
                ring.set(ValueLayout.JAVA_LONG, d, ua);
                ring.set(ValueLayout.JAVA_INT, d + DESC_LEN, len);
                ring.set(ValueLayout.JAVA_INT, d + DESC_OPTIONS, 0);
                produced++;
            } else {
                int k = (len + chunkSize - 1) >>> chunkShift;
                if (top < k || slots - produced < k) {
                    full++;
                    continue;
                }
                int off = 0;
                for (int j = 0; j < k; j++) {
                    int part = Math.min(chunkSize, len - off);
                    long ua = (long) chunks[--top] << chunkShift;
                    MemorySegment.copy(src, a + off, dst, ua, part);
                    long d = t.desc(prod + produced);
                    ring.set(ValueLayout.JAVA_LONG, d, ua);
                    ring.set(ValueLayout.JAVA_INT, d + DESC_LEN, part);
                    ring.set(ValueLayout.JAVA_INT, d + DESC_OPTIONS, j < k - 1 ? Xdp.XDP_PKT_CONTD : 0);
                    produced++;
                    off += part;
                }
            }
            sent++;
            bytes += len;
        }
        freeTop = top;
        if (produced > 0) {
            t.submit(produced);
        }
        if ((produced > 0 || kickPending) && t.needsWakeup()) {
            kick(t);
        }
        batch.freeSlots(mask);
        if (sent > 0) {
            stats.addTx(sent, bytes);
        }
        if (runt + oversize + full > 0) {
            countDrops(runt, oversize, full);
        }
        return sent;
    }

    /**
     * One {@code sendto}; on failure, again while the kernel made progress (copy mode sends at most 32
     * descriptors per call and says EAGAIN when more are left), at most {@value #MAX_KICKS} calls. A kick that
     * made no progress (the device is busy) leaves the rest for the next call.
     */
    private void kick(XskRing t) {
        for (int i = 0; i < MAX_KICKS; i++) {
            int before = t.kernelConsumer();
            if (XskKick.tx(fd) >= 0) {
                kickPending = false;
                return;
            }
            kickFailures++;
            if (t.kernelConsumer() == before) {
                break;
            }
        }
        kickPending = true;
    }

    /** Takes every completed chunk back onto the free stack. */
    private void reclaim() {
        final XskRing c = completion;
        int done = c.peek(c.size);
        if (done == 0) {
            return;
        }
        final MemorySegment ring = c.map;
        final int[] chunks = freeChunks;
        final int cons = c.cachedCons;
        int top = freeTop;
        for (int i = 0; i < done; i++) {
            chunks[top++] = (int) (ring.get(ValueLayout.JAVA_LONG, c.addr(cons + i)) >>> chunkShift);
        }
        freeTop = top;
        c.release(done);
    }

    private void countDrops(int runt, int oversize, int full) {
        stats.addTxDropped(runt + oversize + full);
        if (runt > 0) {
            drops.add(DropReason.RUNT_FRAME, runt);
        }
        if (oversize > 0) {
            drops.add(DropReason.OVERSIZE_FRAME, oversize);
        }
        if (full > 0) {
            drops.add(DropReason.TX_QUEUE_FULL, full);
        }
    }

    /** Largest untagged frame (Ethernet header included) this queue sends; 4 more for an 802.1Q-tagged one. */
    /** Enforces a new interface MTU on tx (capped by what the chunks carry). */
    void setMtu(int mtu) {
        this.maxUntagged = Math.min(mtu + ETH_HLEN, carry);
        this.maxTagged = Math.min(mtu + ETH_HLEN + VLAN_HLEN, carry);
    }

    int maxFrameLen() {
        return maxUntagged;
    }

    /** Kicks that failed (EAGAIN/ENOBUFS...; retried on the next call). Owner thread's view. */
    long kickFailures() {
        return kickFailures;
    }
}
