package io.jvswitch.dataplane.action;

import io.jvswitch.dataplane.packet.PacketBatch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * In-place header rewrites on packet memory, one packet at a time (the executor loops over a flow's group).
 * Each returns false when it cannot apply (no headroom, too short); the caller drops and counts.
 * Ethernet/802.1Q layout: dst(6) src(6) [tpid(2) tci(2)]... ethertype(2) — IEEE 802.1Q-2018 §9.
 */
final class HeaderOps {
    static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final int VLAN_HLEN = 4;

    private HeaderOps() {
    }

    static boolean isVlanTpid(int tpid) {
        return tpid == 0x8100 || tpid == 0x88a8;
    }

    static boolean pushVlan(PacketBatch b, int i, int tpidTci) {
        if (b.dataOffset[i] < VLAN_HLEN || b.length[i] < 12) {
            return false;
        }
        MemorySegment seg = b.pool().segment();
        long addr = b.dataAddress(i);
        MemorySegment.copy(seg, addr, seg, addr - VLAN_HLEN, 12);
        seg.set(BE32, addr + 12 - VLAN_HLEN, tpidTci);
        b.dataOffset[i] -= VLAN_HLEN;
        b.length[i] += VLAN_HLEN;
        return true;
    }

    static void popVlan(PacketBatch b, int i) {
        if (b.length[i] < 18) {
            return;
        }
        MemorySegment seg = b.pool().segment();
        long addr = b.dataAddress(i);
        if (!isVlanTpid(seg.get(BE16, addr + 12) & 0xffff)) {
            return;
        }
        MemorySegment.copy(seg, addr, seg, addr + VLAN_HLEN, 12);
        b.dataOffset[i] += VLAN_HLEN;
        b.length[i] -= VLAN_HLEN;
    }

    static void setMac(PacketBatch b, int i, int at, int hi16, int lo32) {
        if (b.length[i] < at + 6) {
            return;
        }
        MemorySegment seg = b.pool().segment();
        long addr = b.dataAddress(i) + at;
        seg.set(BE16, addr, (short) hi16);
        seg.set(BE32, addr + 2, lo32);
    }

    /** Replaces the outer tag's TCI bits selected by {@code mask} with {@code bits}; untagged: unchanged. */
    static void setOuterTci(PacketBatch b, int i, int mask, int bits) {
        if (b.length[i] < 16) {
            return;
        }
        MemorySegment seg = b.pool().segment();
        long addr = b.dataAddress(i);
        if (!isVlanTpid(seg.get(BE16, addr + 12) & 0xffff)) {
            return;
        }
        int tci = seg.get(BE16, addr + 14) & 0xffff;
        seg.set(BE16, addr + 14, (short) ((tci & ~mask) | (bits & mask)));
    }
}
