package io.jvswitch.vport.afpacket;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.MaskedTxQueue;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.linux.Packet;
import io.jvswitch.vport.DropCounters;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The tx side of an {@link AfPacketPort}: copies each frame into the next slot of the TPACKET_V3 tx ring, marks
 * it {@code TP_STATUS_SEND_REQUEST} (release store) and, once per batch, kicks the kernel with
 * {@code sendto(fd, NULL, 0, MSG_DONTWAIT)}, which sends every requested slot in ring order. A bitmask of another
 * batch (a bond member's share, {@link MaskedTxQueue}) is sent the same way, in place.
 *
 * <h2>Design</h2> Slots are fixed size ({@code frameSize}, a power of two), the frame data at
 * {@code TPACKET3_HDRLEN - sizeof(sockaddr_ll)} = 48 bytes into the slot (the kernel's default when
 * {@code PACKET_TX_HAS_OFF} is off), {@code tp_next_offset} 0 (V3 tx has no variable slots). Our write index and
 * the kernel's read index advance in step over requested slots. A slot is free again when the kernel's skb
 * destructor sets {@code TP_STATUS_AVAILABLE} (acquire load before reuse); when the next slot is not free the ring
 * is full and the frame is dropped as {@link DropReason#TX_QUEUE_FULL}. Frames longer than the MTU plus the
 * Ethernet header (plus 4 for a frame carrying an 802.1Q tag, as the kernel allows) are dropped as
 * {@link DropReason#OVERSIZE_FRAME} before they reach the ring; {@code PACKET_LOSS} is on so a frame the
 * kernel still rejects is skipped, not left blocking the ring. An {@code EAGAIN}/{@code ENOBUFS} kick leaves the
 * slots requested; the next kick sends them. Frames are counted as sent once they are in the ring.
 *
 * <h2>Thread-safety</h2> One ring per port, so {@link #transmit} is synchronized: PMDs sharing the queue take
 * turns (uncontended with one PMD per port).
 *
 * <h2>Performance</h2> One copy per frame, one system call per batch, no allocation. The kick is a private
 * downcall without errno capture: {@code LibC.sendto}'s capture segment is sliced per call, 40 bytes that C2
 * removes only when it inlines the whole downcall into the caller, which it did not do inside this method
 * (measured: 40 B per transmit). A failed kick is repeated through {@code LibC.sendto} to learn the errno, off
 * the fast path.
 */
final class AfPacketTxQueue implements MaskedTxQueue {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final ValueLayout.OfShort BE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Where the frame starts in a tx slot. */
    static final long DATA_OFFSET = Packet.TPACKET3_HDRLEN - Packet.SIZEOF_SOCKADDR_LL;
    private static final int ETH_HLEN = 14;
    private static final int VLAN_HLEN = 4;
    private static final MethodHandle SENDTO_NO_ERRNO = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sendto").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private final int fd;
    private final MemorySegment ring;
    private final int frameSize;
    private final int slotMask;
    /** Longest untagged frame sent; written under this queue's monitor ({@link #setMtu}), read by transmit. */
    private int maxLen;
    private final PortStats stats;
    private final DropCounters drops;
    private int head;
    private int lastKickErrno;

    AfPacketTxQueue(int fd, MemorySegment ring, int frameSize, int slots, int mtu, PortStats stats,
            DropCounters drops) {
        this.fd = fd;
        this.ring = ring;
        this.frameSize = frameSize;
        this.slotMask = slots - 1;
        this.maxLen = maxLenFor(mtu);
        this.stats = stats;
        this.drops = drops;
    }

    @Override
    public int transmit(PacketBatch batch) {
        final int sent = transmit(batch, MaskedTxQueue.allOf(batch.count));
        batch.clearSlots();
        return sent;
    }

    /** Sends the packets of {@code mask} into the ring (copies), then frees their frames; the batch keeps its slots. */
    @Override
    public synchronized int transmit(PacketBatch batch, int mask) {
        MemorySegment src = batch.pool().segment();
        int sent = 0;
        long bytes = 0;
        int oversize = 0;
        int runt = 0;
        int full = 0;
        for (int m = mask; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            int len = batch.length[i];
            long a = batch.dataAddress(i);
            if (len < ETH_HLEN) {
                runt++;
                continue;
            }
            if (len > maxLen && (len > maxLen + VLAN_HLEN
                    || Short.toUnsignedInt(src.get(BE_SHORT, a + 12)) != Packet.ETH_P_8021Q)) {
                oversize++;
                continue;
            }
            long slot = (long) head * frameSize;
            if ((int) INT.getAcquire(ring, slot + Packet.OFF_TP3_STATUS) != Packet.TP_STATUS_AVAILABLE) {
                full++;
                continue;
            }
            MemorySegment.copy(src, a, ring, slot + DATA_OFFSET, len);
            ring.set(ValueLayout.JAVA_INT, slot + Packet.OFF_TP3_LEN, len);
            ring.set(ValueLayout.JAVA_INT, slot + Packet.OFF_TP3_SNAPLEN, len);
            INT.setRelease(ring, slot + Packet.OFF_TP3_STATUS, Packet.TP_STATUS_SEND_REQUEST);
            head = (head + 1) & slotMask;
            sent++;
            bytes += len;
        }
        if (sent > 0 && kick(fd) < 0) {
            long r = LibC.sendto(fd, MemorySegment.NULL, 0, LibC.MSG_DONTWAIT, MemorySegment.NULL, 0);
            lastKickErrno = r < 0 ? (int) -r : 0;
        }
        batch.freeSlots(mask);
        if (sent > 0) {
            stats.addTx(sent, bytes);
        }
        int dropped = oversize + runt + full;
        if (dropped > 0) {
            stats.addTxDropped(dropped);
            if (oversize > 0) {
                drops.add(DropReason.OVERSIZE_FRAME, oversize);
            }
            if (runt > 0) {
                drops.add(DropReason.RUNT_FRAME, runt);
            }
            if (full > 0) {
                drops.add(DropReason.TX_QUEUE_FULL, full);
            }
        }
        return sent;
    }

    /** {@code sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0)}: sends every requested slot; -1 on failure. */
    private static long kick(int fd) {
        try {
            return (long) SENDTO_NO_ERRNO.invokeExact(fd, MemorySegment.NULL, 0L, LibC.MSG_DONTWAIT,
                    MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("sendto downcall failed", t);
        }
    }

    /** The errno of the last failed kick (0 if none failed), e.g. ENETDOWN when the interface is down. */
    synchronized String lastKickError() {
        return lastKickErrno == 0 ? "none" : Errno.describe(lastKickErrno);
    }

    /** Largest untagged frame (Ethernet header included) this queue sends; 4 more for an 802.1Q-tagged one. */
    synchronized int maxFrameLen() {
        return maxLen;
    }

    /** Enforces a new MTU from the next batch on (the monitor orders it with {@link #transmit}). */
    synchronized void setMtu(int mtu) {
        maxLen = maxLenFor(mtu);
    }

    /** The largest MTU whose frames (with a VLAN tag) fit a slot. */
    int maxMtu() {
        return (int) (frameSize - DATA_OFFSET) - ETH_HLEN - VLAN_HLEN;
    }

    private int maxLenFor(int mtu) {
        return Math.min(mtu + ETH_HLEN, (int) (frameSize - DATA_OFFSET - VLAN_HLEN));
    }
}
