package io.jvswitch.flowcache;

/**
 * The fixed-layout flow key: {@value #KEY_WORDS} {@code long} words, stored in caller-owned {@code long[]}
 * arrays at a base index (a {@code PacketBatch} keeps the keys of a whole batch in one array).
 *
 * <h2>Design</h2>
 * OVS's {@code struct flow} reduced to what the datapath matches on, in a fixed order so that a mask is
 * the same layout and matching is word-wise AND + compare. Fields that can never appear together share
 * words, like OVS's own unions: ARP SPA/TPA live in the IPv4 word, ND SLL/TLL in the ARP SHA/THA
 * words, and MPLS label stack entries 1 and 2 in the first IPv6-source word (an MPLS packet is not
 * parsed past its label stack, as in OVS). Unused bits are zero.
 *
 * <pre>
 * word  bits 63..32                              bits 31..0
 *  0    in_port                                  recirc_id
 *  1    dp_hash                                  nd_reserved (ICMPv6 NS/NA reserved word)
 *  2    eth_dst (63..16)                                        eth_type (15..0)
 *  3    eth_src (63..16)                                        0
 *  4    vlan[0]: tpid(63..48) tci(47..32)        vlan[1]: tpid(31..16) tci(15..0)
 *  5    mpls_lse[0]                              nw_proto(31..24) nw_tos(23..16) nw_ttl(15..8) nw_frag(7..0)
 *  6    nw_src (IPv4 / ARP SPA)                  nw_dst (IPv4 / ARP TPA)
 *  7    ipv6_src[0..63]   (MPLS: mpls_lse[1] | mpls_lse[2])
 *  8    ipv6_src[64..127]
 *  9    ipv6_dst[0..63]
 * 10    ipv6_dst[64..127]
 * 11    ipv6_label (20 bits)                     tp_src(31..16) tp_dst(15..0)  (ICMP: type, code)
 * 12    arp_sha / nd_sll (63..16)                               tcp_flags (11..0)
 * 13    arp_tha / nd_tll (63..16)                               nd_options_type (7..0)
 * 14    nd_target[0..63]
 * 15    nd_target[64..127]
 * </pre>
 * VLAN TCI follows OVS: the CFI/DEI bit (0x1000) marks "tag present", so an untagged packet has tci 0.
 * {@code nw_frag}: bit 0 = fragment ({@link #FRAG_ANY}), bit 1 = not the first fragment ({@link #FRAG_LATER}).
 * {@code eth_type} of an 802.3 frame without SNAP is {@link #ETH_TYPE_NONE} (0x05ff), as in OVS.
 *
 * <h2>Thread-safety</h2> Stateless; the arrays belong to their owner (one PMD).
 *
 * <h2>Tripwire</h2> {@link #FLOW_FIELDS_VERSION} changes whenever the layout changes; a test pins it so
 * that the parser, hasher, mask builders and formatter are revisited together.
 */
public final class FlowKey {
    /** Bump on any layout change; {@code FlowKeyLayoutTest} pins it. */
    public static final int FLOW_FIELDS_VERSION = 1;

    public static final int KEY_WORDS = 16;

    public static final int W_IN_PORT = 0;          // in_port << 32 | recirc_id
    public static final int W_DP_HASH = 1;          // dp_hash << 32 | nd_reserved
    public static final int W_ETH_DST = 2;          // eth_dst << 16 | eth_type
    public static final int W_ETH_SRC = 3;          // eth_src << 16
    public static final int W_VLAN = 4;             // vlan0 << 32 | vlan1
    public static final int W_MPLS_NW = 5;          // mpls_lse0 << 32 | proto, tos, ttl, frag
    public static final int W_NW_ADDR = 6;          // nw_src << 32 | nw_dst
    public static final int W_IPV6_SRC = 7;         // two words; word 7 doubles as mpls_lse1 << 32 | mpls_lse2
    public static final int W_IPV6_DST = 9;         // two words
    public static final int W_L4 = 11;              // ipv6_label << 32 | tp_src << 16 | tp_dst
    public static final int W_ARP_SHA = 12;         // arp_sha << 16 | tcp_flags
    public static final int W_ARP_THA = 13;         // arp_tha << 16 | nd_options_type
    public static final int W_ND_TARGET = 14;       // two words

    public static final int ETH_TYPE_NONE = 0x05ff;
    public static final int VLAN_CFI = 0x1000;
    public static final int FRAG_ANY = 1;
    public static final int FRAG_LATER = 2;

    private FlowKey() {
    }

    /** Zeroes one key. */
    public static void clear(long[] k, int base) {
        for (int i = 0; i < KEY_WORDS; i++) {
            k[base + i] = 0L;
        }
    }

    // ---- getters (values returned as unsigned in int/long) ----

    public static int inPort(long[] k, int b) {
        return (int) (k[b + W_IN_PORT] >>> 32);
    }

    public static int recircId(long[] k, int b) {
        return (int) k[b + W_IN_PORT];
    }

    public static int dpHash(long[] k, int b) {
        return (int) (k[b + W_DP_HASH] >>> 32);
    }

    public static int ndReserved(long[] k, int b) {
        return (int) k[b + W_DP_HASH];
    }

    public static long ethDst(long[] k, int b) {
        return k[b + W_ETH_DST] >>> 16;
    }

    public static int ethType(long[] k, int b) {
        return (int) (k[b + W_ETH_DST] & 0xffff);
    }

    public static long ethSrc(long[] k, int b) {
        return k[b + W_ETH_SRC] >>> 16;
    }

    /** VLAN header i (0 = outer): tpid << 16 | tci, or 0 when absent. */
    public static int vlan(long[] k, int b, int i) {
        return i == 0 ? (int) (k[b + W_VLAN] >>> 32) : (int) k[b + W_VLAN];
    }

    public static int vlanTci(long[] k, int b, int i) {
        return vlan(k, b, i) & 0xffff;
    }

    public static int vlanTpid(long[] k, int b, int i) {
        return vlan(k, b, i) >>> 16;
    }

    /** MPLS label stack entry i (0..2), as on the wire (label 20, tc 3, bos 1, ttl 8). */
    public static int mplsLse(long[] k, int b, int i) {
        switch (i) {
            case 0: return (int) (k[b + W_MPLS_NW] >>> 32);
            case 1: return (int) (k[b + W_IPV6_SRC] >>> 32);
            default: return (int) k[b + W_IPV6_SRC];
        }
    }

    public static int nwProto(long[] k, int b) {
        return (int) (k[b + W_MPLS_NW] >>> 24) & 0xff;
    }

    public static int nwTos(long[] k, int b) {
        return (int) (k[b + W_MPLS_NW] >>> 16) & 0xff;
    }

    public static int nwTtl(long[] k, int b) {
        return (int) (k[b + W_MPLS_NW] >>> 8) & 0xff;
    }

    public static int nwFrag(long[] k, int b) {
        return (int) k[b + W_MPLS_NW] & 0xff;
    }

    public static int nwSrc(long[] k, int b) {
        return (int) (k[b + W_NW_ADDR] >>> 32);
    }

    public static int nwDst(long[] k, int b) {
        return (int) k[b + W_NW_ADDR];
    }

    public static int ipv6Label(long[] k, int b) {
        return (int) (k[b + W_L4] >>> 32);
    }

    public static int tpSrc(long[] k, int b) {
        return (int) (k[b + W_L4] >>> 16) & 0xffff;
    }

    public static int tpDst(long[] k, int b) {
        return (int) k[b + W_L4] & 0xffff;
    }

    public static long arpSha(long[] k, int b) {
        return k[b + W_ARP_SHA] >>> 16;
    }

    public static int tcpFlags(long[] k, int b) {
        return (int) k[b + W_ARP_SHA] & 0xffff;
    }

    public static long arpTha(long[] k, int b) {
        return k[b + W_ARP_THA] >>> 16;
    }

    public static int ndOptionsType(long[] k, int b) {
        return (int) k[b + W_ARP_THA] & 0xff;
    }

    // ---- setters (each replaces only its own bits) ----

    public static void setInPort(long[] k, int b, int port) {
        k[b + W_IN_PORT] = (k[b + W_IN_PORT] & 0xffffffffL) | ((long) port << 32);
    }

    public static void setRecircId(long[] k, int b, int id) {
        k[b + W_IN_PORT] = (k[b + W_IN_PORT] & 0xffffffff00000000L) | (id & 0xffffffffL);
    }

    public static void setDpHash(long[] k, int b, int h) {
        k[b + W_DP_HASH] = (k[b + W_DP_HASH] & 0xffffffffL) | ((long) h << 32);
    }

    public static void setNdReserved(long[] k, int b, int v) {
        k[b + W_DP_HASH] = (k[b + W_DP_HASH] & 0xffffffff00000000L) | (v & 0xffffffffL);
    }

    public static void setEth(long[] k, int b, long dst, long src, int ethType) {
        k[b + W_ETH_DST] = (dst << 16) | (ethType & 0xffff);
        k[b + W_ETH_SRC] = src << 16;
    }

    public static void setEthType(long[] k, int b, int ethType) {
        k[b + W_ETH_DST] = (k[b + W_ETH_DST] & ~0xffffL) | (ethType & 0xffff);
    }

    public static void setVlan(long[] k, int b, int i, int tpid, int tci) {
        long v = ((long) (tpid & 0xffff) << 16) | (tci & 0xffff);
        if (i == 0) {
            k[b + W_VLAN] = (k[b + W_VLAN] & 0xffffffffL) | (v << 32);
        } else {
            k[b + W_VLAN] = (k[b + W_VLAN] & 0xffffffff00000000L) | v;
        }
    }

    public static void setMplsLse(long[] k, int b, int i, int lse) {
        long v = lse & 0xffffffffL;
        switch (i) {
            case 0 -> k[b + W_MPLS_NW] = (k[b + W_MPLS_NW] & 0xffffffffL) | (v << 32);
            case 1 -> k[b + W_IPV6_SRC] = (k[b + W_IPV6_SRC] & 0xffffffffL) | (v << 32);
            default -> k[b + W_IPV6_SRC] = (k[b + W_IPV6_SRC] & 0xffffffff00000000L) | v;
        }
    }

    /** Sets proto, tos, ttl and frag together (the low half of word 5). */
    public static void setNw(long[] k, int b, int proto, int tos, int ttl, int frag) {
        long lo = ((long) (proto & 0xff) << 24) | ((tos & 0xff) << 16) | ((ttl & 0xff) << 8) | (frag & 0xff);
        k[b + W_MPLS_NW] = (k[b + W_MPLS_NW] & 0xffffffff00000000L) | lo;
    }

    public static void setNwAddrs(long[] k, int b, int src, int dst) {
        k[b + W_NW_ADDR] = ((long) src << 32) | (dst & 0xffffffffL);
    }

    public static void setIpv6(long[] k, int b, long srcHi, long srcLo, long dstHi, long dstLo) {
        k[b + W_IPV6_SRC] = srcHi;
        k[b + W_IPV6_SRC + 1] = srcLo;
        k[b + W_IPV6_DST] = dstHi;
        k[b + W_IPV6_DST + 1] = dstLo;
    }

    public static void setIpv6Label(long[] k, int b, int label) {
        k[b + W_L4] = (k[b + W_L4] & 0xffffffffL) | ((long) (label & 0xfffff) << 32);
    }

    public static void setTp(long[] k, int b, int src, int dst) {
        k[b + W_L4] = (k[b + W_L4] & 0xffffffff00000000L) | ((long) (src & 0xffff) << 16) | (dst & 0xffff);
    }

    public static void setTcpFlags(long[] k, int b, int flags) {
        k[b + W_ARP_SHA] = (k[b + W_ARP_SHA] & ~0xffffL) | (flags & 0xfff);
    }

    public static void setArpSha(long[] k, int b, long mac) {
        k[b + W_ARP_SHA] = (mac << 16) | (k[b + W_ARP_SHA] & 0xffffL);
    }

    public static void setArpTha(long[] k, int b, long mac) {
        k[b + W_ARP_THA] = (mac << 16) | (k[b + W_ARP_THA] & 0xffffL);
    }

    public static void setNdOptionsType(long[] k, int b, int type) {
        k[b + W_ARP_THA] = (k[b + W_ARP_THA] & ~0xffffL) | (type & 0xff);
    }

    public static void setNdTarget(long[] k, int b, long hi, long lo) {
        k[b + W_ND_TARGET] = hi;
        k[b + W_ND_TARGET + 1] = lo;
    }

    /** True when every word of key a (at ab) equals key b (at bb). */
    public static boolean equals(long[] a, int ab, long[] b, int bb) {
        for (int i = 0; i < KEY_WORDS; i++) {
            if (a[ab + i] != b[bb + i]) {
                return false;
            }
        }
        return true;
    }

    /** Copies one key. */
    public static void copy(long[] src, int sb, long[] dst, int db) {
        System.arraycopy(src, sb, dst, db, KEY_WORDS);
    }
}
