package io.jvswitch.dataplane.parse;

import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.MemorySegment;

/**
 * Layer 3 of the flow key: IPv4, IPv6 (with its extension-header chain) and ARP/RARP.
 *
 * <h2>Design</h2> Facts from OVS {@code lib/flow.c} v3.1.0 ({@code miniflow_extract},
 * {@code ipv4_sanity_check}, {@code ipv6_sanity_check}, {@code parse_ipv6_ext_hdrs__}):
 * <ul>
 *   <li>IPv4 is accepted when at least 20 bytes are there, 20 &lt;= IHL*4 &lt;= available, and
 *       IHL*4 &lt;= total length &lt;= available. Otherwise no L3 field is set (the version nibble is not
 *       checked). Bytes past the total length are padding and never parsed.</li>
 *   <li>IPv6 needs 40 bytes and payload length + 40 &lt;= available. Addresses are taken at once; tos,
 *       ttl, proto, frag and flow label only once the extension chain parsed. A chain that runs off the
 *       end (every header must have 8 bytes and its full length) leaves those zero.</li>
 *   <li>Later fragments (IPv4 offset != 0, IPv6 fragment offset != 0) get {@code FRAG_LATER} and no L4;
 *       for IPv6 the protocol becomes 44 (fragment).</li>
 *   <li>ARP/RARP: only Ethernet/IPv4 ARP (htype 1, ptype 0x0800, hlen 6, plen 4, 28 bytes); the opcode
 *       goes to nw_proto when it fits in 8 bits.</li>
 * </ul>
 *
 * <pre>
 *  IPv4 (RFC 791 3.1): ver/ihl | tos | total length | id | flags/frag offset | ttl | proto | csum | src | dst
 *  IPv6 (RFC 8200 3):  ver/tc/flow label(32) | payload length | next header | hop limit | src(128) | dst(128)
 *  ext header (RFC 8200 4): next header | hdr ext len (8-byte units past the first 8; AH: 4-byte units + 2)
 *  fragment (RFC 8200 4.5): next header | reserved | offset(13) res(2) M(1) | identification
 * </pre>
 *
 * <h2>Thread-safety</h2> Stateless. <h2>Performance</h2> No allocation; one pass, no backtracking.
 */
final class NetworkParser {
    /** Returned when there is no transport layer to point at. */
    static final long NO_L4 = -1L;

    private static final int IPV4_HEADER_LEN = 20;
    private static final int IPV6_HEADER_LEN = 40;
    private static final int ARP_ETH_HEADER_LEN = 28;
    private static final int IP_MORE_FRAGMENTS = 0x2000;
    private static final int IP_FRAG_OFF_MASK = 0x1fff;
    private static final int IP6F_OFF_MASK = 0xfff8;

    private NetworkParser() {
    }

    /** IPv4 at {@code [p, end)}; returns the L4 address or {@link #NO_L4}. */
    static long ipv4(MemorySegment s, long p, long end, long[] k, int b) {
        long size = end - p;
        if (size < IPV4_HEADER_LEN) {
            return NO_L4;
        }
        int ipLen = (Wire.u8(s, p) & 0x0f) * 4;
        if (ipLen < IPV4_HEADER_LEN || size < ipLen) {
            return NO_L4;
        }
        int totLen = Wire.u16(s, p + 2);
        if (totLen > size || ipLen > totLen || size - totLen > 0xffff) {
            return NO_L4;
        }
        int fragOff = Wire.u16(s, p + 6);
        int frag = 0;
        if ((fragOff & (IP_MORE_FRAGMENTS | IP_FRAG_OFF_MASK)) != 0) {
            frag = FlowKey.FRAG_ANY;
            if ((fragOff & IP_FRAG_OFF_MASK) != 0) {
                frag |= FlowKey.FRAG_LATER;
            }
        }
        int proto = Wire.u8(s, p + 9);
        FlowKey.setNwAddrs(k, b, Wire.be32(s, p + 12), Wire.be32(s, p + 16));
        FlowKey.setNw(k, b, proto, Wire.u8(s, p + 1), Wire.u8(s, p + 8), frag);
        long l4 = p + ipLen;
        if ((frag & FlowKey.FRAG_LATER) == 0) {
            TransportParser.parse(s, l4, p + totLen, proto, k, b);
        }
        return l4;
    }

    /** IPv6 at {@code [p, end)}; returns the L4 address or {@link #NO_L4}. */
    static long ipv6(MemorySegment s, long p, long end, long[] k, int b) {
        long size = end - p;
        if (size < IPV6_HEADER_LEN) {
            return NO_L4;
        }
        int plen = Wire.u16(s, p + 4);
        if (plen + IPV6_HEADER_LEN > size || size - (plen + IPV6_HEADER_LEN) > 0xffff) {
            return NO_L4;
        }
        FlowKey.setIpv6(k, b, Wire.be64(s, p + 8), Wire.be64(s, p + 16), Wire.be64(s, p + 24),
                Wire.be64(s, p + 32));
        int tcFlow = Wire.be32(s, p);
        int proto = Wire.u8(s, p + 6);
        int ttl = Wire.u8(s, p + 7);
        long q = p + IPV6_HEADER_LEN;
        final long payloadEnd = q + plen;
        int frag = 0;
        for (;;) {
            if (proto != EtherTypes.IPPROTO_HOPOPTS && proto != EtherTypes.IPPROTO_ROUTING
                    && proto != EtherTypes.IPPROTO_DSTOPTS && proto != EtherTypes.IPPROTO_AH
                    && proto != EtherTypes.IPPROTO_FRAGMENT) {
                break;                   // a terminal header, or one not understood
            }
            if (payloadEnd - q < 8) {
                return NO_L4;            // every extension header has at least 8 bytes
            }
            int next = Wire.u8(s, q);
            if (proto == EtherTypes.IPPROTO_FRAGMENT) {
                int offlg = Wire.u16(s, q + 2);
                proto = next;
                q += 8;
                if (offlg != 0) {
                    frag = FlowKey.FRAG_ANY;
                    if ((offlg & IP6F_OFF_MASK) != 0) {
                        frag |= FlowKey.FRAG_LATER;
                        proto = EtherTypes.IPPROTO_FRAGMENT;
                        break;
                    }
                }
            } else {
                int extLen = Wire.u8(s, q + 1);
                int hdrLen = proto == EtherTypes.IPPROTO_AH ? (extLen + 2) * 4 : (extLen + 1) * 8;
                proto = next;
                if (payloadEnd - q < hdrLen) {
                    return NO_L4;
                }
                q += hdrLen;
            }
        }
        FlowKey.setIpv6Label(k, b, tcFlow & 0xfffff);
        FlowKey.setNw(k, b, proto, tcFlow >>> 20, ttl, frag);
        if ((frag & FlowKey.FRAG_LATER) == 0) {
            TransportParser.parse(s, q, payloadEnd, proto, k, b);
        }
        return q;
    }

    /** ARP or RARP at {@code [p, end)}; never has an L4. */
    static void arp(MemorySegment s, long p, long end, long[] k, int b) {
        if (end - p < ARP_ETH_HEADER_LEN) {
            return;
        }
        if (Wire.u16(s, p) != 1 || Wire.u16(s, p + 2) != EtherTypes.IPV4
                || Wire.u8(s, p + 4) != 6 || Wire.u8(s, p + 5) != 4) {
            return;
        }
        int op = Wire.u16(s, p + 6);
        FlowKey.setNwAddrs(k, b, Wire.be32(s, p + 14), Wire.be32(s, p + 24));
        FlowKey.setNw(k, b, op <= 0xff ? op : 0, 0, 0, 0);
        FlowKey.setArpSha(k, b, Wire.mac(s, p + 8));
        FlowKey.setArpTha(k, b, Wire.mac(s, p + 18));
    }
}
