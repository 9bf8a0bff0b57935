package io.jvswitch.dataplane.qos;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.qos.EgressPolicer;
import io.jvswitch.qos.IngressPolicer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Applies a port's policer to a whole batch (at rx before parsing, at tx before the port takes the batch):
 * polices under the policer's lock, frees the frames of the packets it drops (counted per reason in the PMD's
 * drop counters), and compacts the batch's frame/offset/length/in-port/queue columns so the survivors stay in
 * order in slots 0..n-1. Static, allocation-free.
 */
public final class BatchPolicing {
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private BatchPolicing() {
    }

    /**
     * Ingress policing of a freshly received batch (keys not parsed yet).
     *
     * @return the packets left in the batch
     */
    public static int ingress(PacketBatch b, Locked<IngressPolicer> locked, long now, long[] drops) {
        final int count = b.count;
        final IngressPolicer p = locked.lock();
        final long byRate0 = p.droppedByRate();
        final long byPackets0 = p.droppedByPacketRate();
        final int pass;
        final long byRate;
        final long byPackets;
        try {
            pass = p.police(b.length, count, now);
            byRate = p.droppedByRate() - byRate0;
            byPackets = p.droppedByPacketRate() - byPackets0;
        } finally {
            locked.unlock();
        }
        drops[DropReason.INGRESS_POLICED_RATE.ordinal()] += byRate;
        drops[DropReason.INGRESS_POLICED_PKT_RATE.ordinal()] += byPackets;
        return keep(b, pass, count);
    }

    /**
     * Egress policing of a port's pending transmit batch.
     *
     * @return the packets left in the batch
     */
    public static int egress(PacketBatch b, Locked<EgressPolicer> locked, long now, long[] drops) {
        final int count = b.count;
        final EgressPolicer p = locked.lock();
        final int pass;
        try {
            if (p.queueByDscp()) {
                for (int i = 0; i < count; i++) {
                    if (b.queue[i] == 0) {
                        b.queue[i] = dscp(b, i);
                    }
                }
                b.queuesSet = true;
            }
            pass = p.police(b.length, b.queuesSet ? b.queue : null, count, now);
        } finally {
            locked.unlock();
        }
        drops[DropReason.EGRESS_POLICED.ordinal()] += count - Integer.bitCount(pass);
        return keep(b, pass, count);
    }

    /**
     * The DSCP of packet {@code i}'s IPv4 or IPv6 header behind up to two VLAN tags; 0 for other frames (or a
     * frame too short to tell).
     */
    static int dscp(PacketBatch b, int i) {
        final MemorySegment s = b.pool().segment();
        final long at = b.dataAddress(i);
        final int len = b.length[i];
        int off = 12;
        int type = len >= 14 ? s.get(BE16, at + off) & 0xffff : 0;
        for (int tags = 0; tags < 2 && (type == 0x8100 || type == 0x88a8) && len >= off + 6; tags++) {
            off += 4;
            type = s.get(BE16, at + off) & 0xffff;
        }
        off += 2;
        if (type == 0x0800 && len >= off + 2) {
            return (s.get(ValueLayout.JAVA_BYTE, at + off + 1) & 0xff) >>> 2;
        }
        if (type == 0x86dd && len >= off + 2) {
            return (s.get(BE16, at + off) >>> 6) & 0x3f;
        }
        return 0;
    }

    /** Frees the packets not in {@code pass} and moves the others down to slots 0..n-1; returns n. */
    static int keep(PacketBatch b, int pass, int count) {
        final int all = count == 32 ? -1 : (1 << count) - 1;
        if (pass == all) {
            return count;
        }
        int j = 0;
        for (int i = 0; i < count; i++) {
            if ((pass & (1 << i)) == 0) {
                b.pool().free(b.frame[i]);
                continue;
            }
            if (i != j) {
                b.frame[j] = b.frame[i];
                b.dataOffset[j] = b.dataOffset[i];
                b.length[j] = b.length[i];
                b.inPort[j] = b.inPort[i];
                b.queue[j] = b.queue[i];
            }
            j++;
        }
        if (b.queuesSet) {
            for (int i = j; i < count; i++) {
                b.queue[i] = 0;
            }
        }
        b.count = j;
        return j;
    }
}
