package io.jvswitch.vport.afpacket;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.ffi.linux.Packet;
import io.jvswitch.vport.DropCounters;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The rx side of an {@link AfPacketPort}: walks the TPACKET_V3 rx ring block by block and copies every frame
 * into a pool frame.
 *
 * <h2>Design</h2> A block belongs to us once its {@code block_status} has {@code TP_STATUS_USER} (read with
 * acquire semantics: the kernel's writes of the frames happen-before). Frames inside a block are chained by
 * {@code tp_next_offset}. The queue remembers its block, the frames left in it and the next frame's offset, so a
 * block is consumed across as many {@link #receive} calls as it takes; the block goes back to the kernel
 * ({@code TP_STATUS_KERNEL}, release store) only after its last frame was copied or dropped.
 *
 * <p>The kernel strips an 802.1Q/802.1ad tag into {@code tp_vlan_tci}/{@code tp_vlan_tpid}
 * ({@code TP_STATUS_VLAN_VALID}, {@code TP_STATUS_VLAN_TPID_VALID}); the copy puts it back after the MAC addresses
 * so the datapath sees the frame as it was on the wire (as OVS's netdev-linux does). Frames that do not fit the
 * pool's data capacity (or arrive truncated) are dropped as {@link DropReason#OVERSIZE_FRAME}; frames shorter than
 * the MAC addresses as {@link DropReason#RUNT_FRAME}; frames we sent ({@code PACKET_OUTGOING}, in case the kernel
 * lacks {@code PACKET_IGNORE_OUTGOING}) are skipped. When the pool is empty the frame stays in the ring for the
 * next call.
 *
 * <h2>Thread-safety</h2> One polling thread.
 *
 * <h2>Performance</h2> No system call (the kernel fills the ring; no poll needed when busy-polling), no
 * allocation: header fields are plain reads at offsets of the mapped ring, one {@code MemorySegment.copy} per
 * frame (two with a VLAN tag).
 */
final class AfPacketRxQueue implements RxQueue {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final ValueLayout.OfShort BE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int MAC_ADDRS_LEN = 12;
    private static final int VLAN_HLEN = 4;
    /** Where {@code sockaddr_ll} starts after a {@code tpacket3_hdr}: {@code TPACKET_ALIGN(sizeof hdr)}. */
    private static final long OFF_SLL = Packet.TPACKET3_HDRLEN - Packet.SIZEOF_SOCKADDR_LL;
    private static final long OFF_PKTTYPE = OFF_SLL + Packet.OFF_SLL_PKTTYPE;

    private final MemorySegment ring;
    private final int blockSize;
    private final int blockCount;
    private final int portNo;
    private final PortStats stats;
    private final DropCounters drops;

    /** The block being read (or to be read next). */
    private int block;
    /** Frames of {@link #block} not yet consumed; 0 while waiting for the block to be handed over. */
    private int left;
    /** Ring offset of the next frame's {@code tpacket3_hdr} in {@link #block}. */
    private long next;

    AfPacketRxQueue(MemorySegment ring, int blockSize, int blockCount, int portNo, PortStats stats,
            DropCounters drops) {
        this.ring = ring;
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.portNo = portNo;
        this.stats = stats;
        this.drops = drops;
    }

    @Override
    public int receive(PacketBatch batch) {
        int room = PacketBatch.MAX_BURST - batch.count;
        FramePool pool = batch.pool();
        MemorySegment dst = pool.segment();
        int capacity = pool.dataCapacity();
        int headroom = pool.headroom();
        int added = 0;
        long bytes = 0;
        int oversize = 0;
        int runt = 0;
        while (added < room) {
            long blockBase = (long) block * blockSize;
            if (left == 0) {
                int status = (int) INT.getAcquire(ring, blockBase + Packet.OFF_BD_BLOCK_STATUS);
                if ((status & Packet.TP_STATUS_USER) == 0) {
                    break;
                }
                left = ring.get(ValueLayout.JAVA_INT, blockBase + Packet.OFF_BD_NUM_PKTS);
                next = blockBase + ring.get(ValueLayout.JAVA_INT, blockBase + Packet.OFF_BD_OFFSET_TO_FIRST_PKT);
                if (left <= 0) {
                    left = 0;
                    releaseBlock(blockBase);
                    continue;
                }
            }
            long h = next;
            int snap = ring.get(ValueLayout.JAVA_INT, h + Packet.OFF_TP3_SNAPLEN);
            int wireLen = ring.get(ValueLayout.JAVA_INT, h + Packet.OFF_TP3_LEN);
            int status = ring.get(ValueLayout.JAVA_INT, h + Packet.OFF_TP3_STATUS);
            boolean tagged = (status & Packet.TP_STATUS_VLAN_VALID) != 0;
            int outLen = tagged ? snap + VLAN_HLEN : snap;
            if (ring.get(ValueLayout.JAVA_BYTE, h + OFF_PKTTYPE) == Packet.PACKET_OUTGOING) {
                outLen = -1; // our own transmission (a kernel without PACKET_IGNORE_OUTGOING): not an rx frame
            } else if (snap < wireLen || outLen > capacity) {
                oversize++;
            } else if (snap < MAC_ADDRS_LEN) {
                runt++;
            } else {
                int f = pool.alloc();
                if (f < 0) {
                    break; // pool dry: the frame stays in the ring
                }
                long d = pool.frameOffset(f) + headroom;
                long src = h + Short.toUnsignedInt(ring.get(ValueLayout.JAVA_SHORT, h + Packet.OFF_TP3_MAC));
                if (tagged) {
                    int tpid = (status & Packet.TP_STATUS_VLAN_TPID_VALID) != 0
                            ? ring.get(ValueLayout.JAVA_SHORT, h + Packet.OFF_TP3_VLAN_TPID) : Packet.ETH_P_8021Q;
                    int tci = ring.get(ValueLayout.JAVA_INT, h + Packet.OFF_TP3_VLAN_TCI);
                    MemorySegment.copy(ring, src, dst, d, MAC_ADDRS_LEN);
                    dst.set(BE_SHORT, d + MAC_ADDRS_LEN, (short) tpid);
                    dst.set(BE_SHORT, d + MAC_ADDRS_LEN + 2, (short) tci);
                    MemorySegment.copy(ring, src + MAC_ADDRS_LEN, dst, d + MAC_ADDRS_LEN + VLAN_HLEN,
                            snap - MAC_ADDRS_LEN);
                } else {
                    MemorySegment.copy(ring, src, dst, d, snap);
                }
                batch.add(f, headroom, outLen, portNo);
                added++;
                bytes += outLen;
            }
            next = h + ring.get(ValueLayout.JAVA_INT, h + Packet.OFF_TP3_NEXT_OFFSET);
            if (--left == 0) {
                releaseBlock(blockBase);
            }
        }
        if (added > 0) {
            stats.addRx(added, bytes);
        }
        if (oversize + runt > 0) {
            stats.addRxDropped(oversize + runt);
            if (oversize > 0) {
                drops.add(DropReason.OVERSIZE_FRAME, oversize);
            }
            if (runt > 0) {
                drops.add(DropReason.RUNT_FRAME, runt);
            }
        }
        return added;
    }

    private void releaseBlock(long blockBase) {
        INT.setRelease(ring, blockBase + Packet.OFF_BD_BLOCK_STATUS, Packet.TP_STATUS_KERNEL);
        block = block + 1 == blockCount ? 0 : block + 1;
    }
}
