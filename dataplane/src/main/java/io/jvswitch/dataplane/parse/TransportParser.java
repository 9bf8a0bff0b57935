package io.jvswitch.dataplane.parse;

import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.MemorySegment;

/**
 * Layer 4 of the flow key: ports, TCP flags, ICMP/IGMP type and code, and IPv6 neighbour discovery
 * (target, SLL/TLL options, reserved word, first option type).
 *
 * <h2>Design</h2> Follows the facts of OVS {@code lib/flow.c miniflow_extract} (v3.1.0): a header shorter
 * than its fixed part leaves every L4 field zero (TCP also when its data offset is below 5 words or past
 * the data); the protocol is matched on the number alone, whatever the IP version (IPv4 carrying ICMPv6
 * is parsed as ICMPv6). ND options follow {@code parse_icmpv6}: only 8-byte SLL/TLL options count, a
 * repeated one invalidates target and addresses but keeps the option type already seen.
 *
 * <pre>
 *  ICMPv6 NS/NA (RFC 4861 4.3/4.4): type(8) code(8) checksum(16) | reserved/R,S,O(32) | target(128) | options
 *  option:  type(8) length(8, units of 8 bytes) | link-layer address(48)
 * </pre>
 *
 * <h2>Thread-safety</h2> Stateless. <h2>Performance</h2> No allocation, straight-line reads.
 */
final class TransportParser {
    private static final int TCP_HEADER_LEN = 20;
    private static final int UDP_HEADER_LEN = 8;
    private static final int SCTP_HEADER_LEN = 12;
    private static final int ICMP_HEADER_LEN = 8;
    private static final int ICMP6_DATA_HEADER_LEN = 8;
    private static final int ND_NEIGHBOR_SOLICIT = 135;
    private static final int ND_NEIGHBOR_ADVERT = 136;
    private static final int ND_OPT_SOURCE_LINKADDR = 1;
    private static final int ND_OPT_TARGET_LINKADDR = 2;
    private static final int ND_LLA_OPT_LEN = 8;

    private TransportParser() {
    }

    /** Parses the L4 header of protocol {@code proto} found at {@code [p, end)}. */
    static void parse(MemorySegment s, long p, long end, int proto, long[] k, int b) {
        final long size = end - p;
        switch (proto) {
            case EtherTypes.IPPROTO_TCP -> {
                if (size >= TCP_HEADER_LEN) {
                    int ctl = Wire.u16(s, p + 12);
                    int hdrLen = (ctl >>> 12) * 4;
                    if (hdrLen >= TCP_HEADER_LEN && size >= hdrLen) {
                        FlowKey.setTp(k, b, Wire.u16(s, p), Wire.u16(s, p + 2));
                        FlowKey.setTcpFlags(k, b, ctl & 0x0fff);
                    }
                }
            }
            case EtherTypes.IPPROTO_UDP -> {
                if (size >= UDP_HEADER_LEN) {
                    FlowKey.setTp(k, b, Wire.u16(s, p), Wire.u16(s, p + 2));
                }
            }
            case EtherTypes.IPPROTO_SCTP -> {
                if (size >= SCTP_HEADER_LEN) {
                    FlowKey.setTp(k, b, Wire.u16(s, p), Wire.u16(s, p + 2));
                }
            }
            case EtherTypes.IPPROTO_ICMP, EtherTypes.IPPROTO_IGMP -> {
                // ICMP and IGMP headers are both 8 bytes; type and code go to tp_src/tp_dst.
                if (size >= ICMP_HEADER_LEN) {
                    FlowKey.setTp(k, b, Wire.u8(s, p), Wire.u8(s, p + 1));
                }
            }
            case EtherTypes.IPPROTO_ICMPV6 -> {
                if (size >= ICMP6_DATA_HEADER_LEN) {
                    icmp6(s, p, end, k, b);
                }
            }
            default -> {
                // Not a transport protocol OVS extracts fields from.
            }
        }
    }

    private static void icmp6(MemorySegment s, long p, long end, long[] k, int b) {
        int type = Wire.u8(s, p);
        int code = Wire.u8(s, p + 1);
        FlowKey.setTp(k, b, type, code);
        if (code != 0 || (type != ND_NEIGHBOR_SOLICIT && type != ND_NEIGHBOR_ADVERT)) {
            return;
        }
        FlowKey.setNdReserved(k, b, Wire.be32(s, p + 4));
        long q = p + ICMP6_DATA_HEADER_LEN;
        if (end - q < 16) {
            return;                      // no target: nd_target and addresses stay zero
        }
        FlowKey.setNdTarget(k, b, Wire.be64(s, q), Wire.be64(s, q + 8));
        q += 16;
        long sll = 0;
        long tll = 0;
        int optType = 0;
        while (end - q >= ND_LLA_OPT_LEN) {
            int t = Wire.u8(s, q);
            int optLen = Wire.u8(s, q + 1) * ND_LLA_OPT_LEN;
            if (optLen == 0 || optLen > end - q) {
                break;
            }
            if (optLen == ND_LLA_OPT_LEN && (t == ND_OPT_SOURCE_LINKADDR || t == ND_OPT_TARGET_LINKADDR)) {
                boolean source = t == ND_OPT_SOURCE_LINKADDR;
                if ((source ? sll : tll) != 0) {
                    // The same link-layer option twice: OVS drops target and addresses, keeps the type.
                    FlowKey.setNdTarget(k, b, 0L, 0L);
                    sll = 0;
                    tll = 0;
                    break;
                }
                long mac = Wire.mac(s, q + 2);
                if (source) {
                    sll = mac;
                } else {
                    tll = mac;
                }
                if (optType == 0) {
                    optType = t;
                }
            }
            q += optLen;
        }
        FlowKey.setArpSha(k, b, sll);
        FlowKey.setArpTha(k, b, tll);
        FlowKey.setNdOptionsType(k, b, optType);
    }
}
