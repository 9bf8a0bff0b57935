package io.jvswitch.dataplane.parse;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.flowcache.FlowHash;
import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.MemorySegment;

/**
 * The miniflow extractor: turns packet bytes into a {@link FlowKey}, for one packet or a whole batch.
 *
 * <h2>What</h2> Ethernet II and 802.3 (LLC, SNAP), up to two 802.1Q/802.1ad tags, MPLS (three label stack
 * entries kept, nothing parsed past the stack), ARP/RARP, IPv4, IPv6 with extension headers, TCP, UDP,
 * SCTP, ICMP, IGMP (type/code), ICMPv6 with neighbour discovery. The result is the flow OVS's
 * {@code flow_extract} (lib/flow.c v3.1.0, with the default vlan limit of 2) computes for the same bytes:
 * a truncated or malformed header stops parsing at the last valid layer and the packet is NOT dropped.
 * Only a frame shorter than an Ethernet header is dropped ({@link DropReason#RUNT_FRAME}).
 *
 * <pre>
 *  Ethernet (IEEE 802.3 3.1.1): dst(48) src(48) [tpid(16) tci(16)]{0..2} type/length(16)
 *  802.3 + LLC/SNAP (IEEE 802.2, RFC 1042): length(16) | dsap=aa ssap=aa ctl=03 | oui=000000 | type(16)
 *  MPLS (RFC 3032 2.1): label(20) tc(3) bos(1) ttl(8), repeated until bos
 * </pre>
 * L2 facts (OVS {@code parse_vlan}, {@code parse_ethertype}, {@code parse_mpls}): a tag needs 4 bytes plus
 * the 2-byte type after it or parsing of tags stops there; a third tag is left unparsed (dl_type 0x8100);
 * the stored TCI has the CFI bit 0x1000 set to mean "present"; a length field (&lt; 0x600) gives the SNAP
 * type when a full SNAP header with OUI 0 carries a type &gt;= 0x600, else dl_type 0x05ff.
 *
 * <h2>Design</h2> Static methods reading big-endian fields straight from the packet segment at absolute
 * offsets ({@link Wire}); every read is preceded by a length check against the packet, so no input can
 * make a read leave {@code [addr, addr + len)}. The common frame (Ethernet/IPv4/UDP or TCP) first goes
 * through {@link Ipv4FastPath}, which gives the identical key with a few word reads; anything else (and any
 * frame the fast path declines) takes the general path, {@link #parseGeneral}. Both stay small enough for
 * C2 to compile them as hot methods.
 *
 * <h2>Thread-safety</h2> Stateless; keys and batches belong to the caller.
 *
 * <h2>Performance</h2> No allocation, no exceptions, no logging on any input. One pass, the only loops
 * bounded by the packet (tags, labels, IPv6 extension headers, ND options).
 */
public final class PacketParser {
    private static final int ETH_HEADER_LEN = 14;
    private static final int MAX_VLAN_HEADERS = 2;
    private static final int MAX_MPLS_LABELS = 3;
    private static final int MPLS_BOS = 0x100;
    private static final int LLC_SNAP_HEADER_LEN = 8;
    private static final int RUNT = -(DropReason.RUNT_FRAME.ordinal() + 1);

    private PacketParser() {
    }

    /**
     * Parses {@code seg[addr, addr + len)} into the key at {@code keys[keyBase..]} (cleared first; in_port
     * is left for the caller). Returns {@code (l4Offset << 16) | l3Offset}, offsets relative to
     * {@code addr} and 0 where that layer is absent, or {@code -(DropReason.ordinal() + 1)} for a drop.
     * The L3 offset is where OVS puts {@code l3_ofs} (after tags, SNAP and any MPLS stack); the L4 offset
     * is past the IPv4 header or the IPv6 extension chain and is reported only below 0x8000.
     */
    public static int parse(MemorySegment seg, long addr, int len, long[] keys, int keyBase) {
        if (len >= Ipv4FastPath.MIN_LEN) {
            final int r = Ipv4FastPath.parse(seg, addr, len, keys, keyBase, 0L);
            if (r != 0) {
                return r;
            }
        }
        return parseGeneral(seg, addr, len, keys, keyBase);
    }

    /** {@link #parse} without the fast path: every frame kind (kept out of the hot method's size). */
    static int parseGeneral(MemorySegment seg, long addr, int len, long[] keys, int keyBase) {
        FlowKey.clear(keys, keyBase);
        if (len < ETH_HEADER_LEN) {
            return RUNT;
        }
        final long end = addr + len;
        long p = addr + 12;
        int type = Wire.u16(seg, p);
        for (int n = 0; n < MAX_VLAN_HEADERS && (type == EtherTypes.VLAN_8021Q || type == EtherTypes.VLAN_8021AD);
                n++) {
            if (end - p < 6) {
                break;
            }
            FlowKey.setVlan(keys, keyBase, n, type, Wire.u16(seg, p + 2) | FlowKey.VLAN_CFI);
            p += 4;
            type = Wire.u16(seg, p);
        }
        p += 2;
        if (type < EtherTypes.MIN) {
            type = FlowKey.ETH_TYPE_NONE;
            if (end - p >= LLC_SNAP_HEADER_LEN && Wire.be32(seg, p) == 0xaaaa0300 && Wire.u16(seg, p + 4) == 0) {
                int snapType = Wire.u16(seg, p + 6);
                p += LLC_SNAP_HEADER_LEN;
                if (snapType >= EtherTypes.MIN) {
                    type = snapType;
                }
            }
        }
        FlowKey.setEth(keys, keyBase, Wire.mac(seg, addr), Wire.mac(seg, addr + 6), type);

        long l4 = NetworkParser.NO_L4;
        switch (type) {
            case EtherTypes.IPV4 -> l4 = NetworkParser.ipv4(seg, p, end, keys, keyBase);
            case EtherTypes.IPV6 -> l4 = NetworkParser.ipv6(seg, p, end, keys, keyBase);
            case EtherTypes.ARP, EtherTypes.RARP -> NetworkParser.arp(seg, p, end, keys, keyBase);
            case EtherTypes.MPLS, EtherTypes.MPLS_MCAST -> p = mpls(seg, p, end, keys, keyBase);
            default -> {
                // Any other ethertype: L2 fields only.
            }
        }
        int l3Off = (int) (p - addr);
        int l4Off = l4 == NetworkParser.NO_L4 ? 0 : (int) (l4 - addr);
        if (l4Off > 0x7fff) {
            l4Off = 0;
        }
        return (l4Off << 16) | (l3Off & 0xffff);
    }

    /** Pulls the label stack (to bottom of stack or end of data), keeping the first three; returns L3. */
    private static long mpls(MemorySegment seg, long p, long end, long[] keys, int keyBase) {
        int count = 0;
        while (end - p >= 4) {
            int lse = Wire.be32(seg, p);
            if (count < MAX_MPLS_LABELS) {
                FlowKey.setMplsLse(keys, keyBase, count, lse);
            }
            count++;
            p += 4;
            if ((lse & MPLS_BOS) != 0) {
                break;
            }
        }
        return p;
    }

    /**
     * Parses packets {@code 0..b.count-1}: fills {@code b.keys} (with in_port from {@code b.inPort}),
     * {@code b.hash}, {@code b.l3Offset} and {@code b.l4Offset}. Returns the bitmask of packets that parsed;
     * each other packet is counted in {@code dropCounters[reason.ordinal()]} and left for the caller to free.
     */
    public static int parseBatch(PacketBatch b, long[] dropCounters) {
        final FramePool pool = b.pool();
        final MemorySegment seg = pool.segment();
        final long frameSize = pool.frameSize();
        final long[] keys = b.keys;
        final int n = b.count;
        final int[] frame = b.frame;
        final int[] dataOffset = b.dataOffset;
        final int[] length = b.length;
        final int[] inPort = b.inPort;
        final int[] hashes = b.hash;
        final short[] l3 = b.l3Offset;
        final short[] l4 = b.l4Offset;
        int ok = 0;
        int fast = 0;
        for (int i = 0; i < n; i++) {
            final int base = i * FlowKey.KEY_WORDS;
            final long addr = frame[i] * frameSize + dataOffset[i];
            final int len = length[i];
            int r = 0;
            if (len >= Ipv4FastPath.MIN_LEN) {
                r = Ipv4FastPath.parse(seg, addr, len, keys, base, (long) inPort[i] << 32, hashes, i);
            }
            if (r != 0) {
                fast |= 1 << i;
            } else {
                r = parseGeneral(seg, addr, len, keys, base);
                if (r < 0) {
                    dropCounters[-r - 1]++;
                    hashes[i] = 0;
                    l3[i] = 0;
                    l4[i] = 0;
                    continue;
                }
                FlowKey.setInPort(keys, base, inPort[i]);
                hashes[i] = FlowHash.packet(keys, base);
            }
            l3[i] = (short) r;
            l4[i] = (short) (r >>> 16);
            ok |= 1 << i;
        }
        b.compactKeys = fast;
        return ok;
    }
}
