package io.jvswitch.flowcache;

/**
 * Prints a {@link FlowKey} exactly as Open vSwitch prints a packet's {@code struct flow}
 * ({@code flow_format} → {@code match_format}, lib/flow.c and lib/match.c v3.1.0), which is what
 * {@code ovs-ofctl parse-pcap} writes for each packet.
 *
 * <h2>Design</h2> OVS formats a match whose mask comes from {@code flow_wildcards_init_for_packet}: the
 * fields present for the packet's protocols are printed, zero metadata is left out. This class folds that
 * mask into plain conditions on the key. Order, names and number styles follow {@code match_format}:
 * <ul>
 *   <li>{@code recirc_id}, {@code dp_hash} (hex) when non-zero; a non-zero recirc_id also prints
 *       {@code eth} (the packet type);</li>
 *   <li>a protocol shorthand ({@code ip tcp udp sctp icmp ipv6 tcp6 udp6 sctp6 icmp6 arp rarp mpls mplsm})
 *       or else {@code dl_type=0x....} after the MAC addresses;</li>
 *   <li>{@code in_port} when non-zero, as an OpenFlow port ({@code ANY}, {@code LOCAL}... for the reserved
 *       numbers 0xfff7-0xffff, else decimal; {@link #OFPP_ANY} is what {@code parse-pcap} uses);</li>
 *   <li>the first VLAN header always, the second only when the first is present: {@code dl_vlan},
 *       {@code dl_vlan_pcp} when the CFI/present bit is set, else {@code vlan_tci=0x%04x};</li>
 *   <li>L3/L4 fields in decimal, except {@code ipv6_label} (0x%05x); {@code nw_frag=no|first|later};
 *       {@code tcp_flags} by name; ND fields for NS/NA with code 0; no L4 for later fragments.</li>
 * </ul>
 * Not printed because {@code parse-pcap} never prints them: {@code nd_reserved}, {@code nd_options_type}
 * (their OVS mask bits are only set for IGMP and TCP), VLAN TPIDs.
 *
 * <h2>Thread-safety</h2> Stateless. <h2>Performance</h2> Off the fast path (tools, logs, tests).
 */
public final class OvsFlowFormat {
    /** OpenFlow's "any port" (OFPP_ANY), the in_port {@code ovs-ofctl parse-pcap} gives every packet. */
    public static final int OFPP_ANY = 0xffff;

    private static final String[] RESERVED_PORTS = {
        "UNSET", "IN_PORT", "TABLE", "NORMAL", "FLOOD", "ALL", "CONTROLLER", "LOCAL", "ANY",
    };
    private static final int FIRST_RESERVED_PORT = 0xfff7;
    private static final String[] TCP_FLAG_NAMES = {
        "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns", "[200]", "[400]", "[800]",
    };

    private static final int ETH_TYPE_IP = 0x0800;
    private static final int ETH_TYPE_ARP = 0x0806;
    private static final int ETH_TYPE_RARP = 0x8035;
    private static final int ETH_TYPE_IPV6 = 0x86dd;
    private static final int ETH_TYPE_MPLS = 0x8847;
    private static final int ETH_TYPE_MPLS_MCAST = 0x8848;
    private static final int ICMP = 1;
    private static final int IGMP = 2;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMPV6 = 58;
    private static final int SCTP = 132;
    private static final int MPLS_BOS = 0x100;

    private OvsFlowFormat() {
    }

    public static String toString(long[] k, int b) {
        StringBuilder sb = new StringBuilder(256);
        format(k, b, sb);
        return sb.toString();
    }

    /** Appends the OVS text of the key at {@code k[b..]} to {@code out}. */
    public static void format(long[] k, int b, StringBuilder out) {
        final int start = out.length();
        final int dlType = FlowKey.ethType(k, b);
        final boolean ip4 = dlType == ETH_TYPE_IP;
        final boolean ip6 = dlType == ETH_TYPE_IPV6;
        final boolean ipAny = ip4 || ip6;
        final boolean arp = dlType == ETH_TYPE_ARP || dlType == ETH_TYPE_RARP;
        final boolean mpls = dlType == ETH_TYPE_MPLS || dlType == ETH_TYPE_MPLS_MCAST;
        final int proto = FlowKey.nwProto(k, b);
        final int frag = FlowKey.nwFrag(k, b);

        int recirc = FlowKey.recircId(k, b);
        if (recirc != 0) {
            out.append("recirc_id=0x").append(Integer.toHexString(recirc)).append(',');
        }
        int dpHash = FlowKey.dpHash(k, b);
        if (dpHash != 0) {
            out.append("dp_hash=0x").append(Integer.toHexString(dpHash)).append(',');
        }
        if (recirc != 0) {
            out.append("eth,");             // a megaflow shows its packet type
        }

        boolean skipProto = ipAny;
        String shorthand = shorthand(dlType, proto);
        if (shorthand != null) {
            out.append(shorthand).append(',');
            if (shorthand.equals("ip") || shorthand.equals("ipv6")) {
                skipProto = false;
            }
        } else {
            skipProto = false;
        }

        int inPort = FlowKey.inPort(k, b);
        if (inPort != 0) {
            out.append("in_port=");
            appendPort(out, inPort);
            out.append(',');
        }
        appendVlan(out, FlowKey.vlanTci(k, b, 0), "");
        if (FlowKey.vlanTci(k, b, 0) != 0) {
            appendVlan(out, FlowKey.vlanTci(k, b, 1), "1");
        }
        out.append("dl_src=");
        appendMac(out, FlowKey.ethSrc(k, b));
        out.append(",dl_dst=");
        appendMac(out, FlowKey.ethDst(k, b));
        out.append(',');
        if (shorthand == null) {
            out.append("dl_type=0x");
            appendHex(out, dlType, 4);
            out.append(',');
        }

        if (ip6) {
            out.append("ipv6_src=");
            Ipv6Text.append(out, k[b + FlowKey.W_IPV6_SRC], k[b + FlowKey.W_IPV6_SRC + 1]);
            out.append(",ipv6_dst=");
            Ipv6Text.append(out, k[b + FlowKey.W_IPV6_DST], k[b + FlowKey.W_IPV6_DST + 1]);
            out.append(",ipv6_label=0x");
            appendHex(out, FlowKey.ipv6Label(k, b), 5);
            out.append(',');
        } else if (arp || ip4) {
            out.append(arp ? "arp_spa=" : "nw_src=");
            appendIpv4(out, FlowKey.nwSrc(k, b));
            out.append(arp ? ",arp_tpa=" : ",nw_dst=");
            appendIpv4(out, FlowKey.nwDst(k, b));
            out.append(',');
        }
        if (!skipProto && (ipAny || arp)) {
            out.append(arp ? "arp_op=" : "nw_proto=").append(proto).append(',');
        }
        if (arp) {
            out.append("arp_sha=");
            appendMac(out, FlowKey.arpSha(k, b));
            out.append(",arp_tha=");
            appendMac(out, FlowKey.arpTha(k, b));
            out.append(',');
        }
        if (ipAny) {
            int tos = FlowKey.nwTos(k, b);
            out.append("nw_tos=").append(tos & 0xfc).append(",nw_ecn=").append(tos & 0x03)
                    .append(",nw_ttl=").append(FlowKey.nwTtl(k, b)).append(',');
        }
        if (mpls) {
            appendMpls(out, k, b);
        }
        if (ipAny) {
            boolean any = (frag & FlowKey.FRAG_ANY) != 0;
            boolean later = (frag & FlowKey.FRAG_LATER) != 0;
            out.append("nw_frag=").append(any ? (later ? "later" : "first") : (later ? "<error>" : "no"))
                    .append(',');
            if (!later && hasTransport(proto)) {
                appendTransport(out, k, b, ip4, ip6, proto);
            }
        }
        if (out.length() > start && out.charAt(out.length() - 1) == ',') {
            out.setLength(out.length() - 1);
        }
    }

    private static String shorthand(int dlType, int proto) {
        switch (dlType) {
            case ETH_TYPE_IP:
                return switch (proto) {
                    case ICMP -> "icmp";
                    case TCP -> "tcp";
                    case UDP -> "udp";
                    case SCTP -> "sctp";
                    default -> "ip";
                };
            case ETH_TYPE_IPV6:
                return switch (proto) {
                    case ICMPV6 -> "icmp6";
                    case TCP -> "tcp6";
                    case UDP -> "udp6";
                    case SCTP -> "sctp6";
                    default -> "ipv6";
                };
            case ETH_TYPE_ARP:
                return "arp";
            case ETH_TYPE_RARP:
                return "rarp";
            case ETH_TYPE_MPLS:
                return "mpls";
            case ETH_TYPE_MPLS_MCAST:
                return "mplsm";
            default:
                return null;
        }
    }

    private static boolean hasTransport(int proto) {
        return proto == ICMP || proto == ICMPV6 || proto == TCP || proto == UDP || proto == SCTP
                || proto == IGMP;
    }

    private static void appendTransport(StringBuilder out, long[] k, int b, boolean ip4, boolean ip6, int proto) {
        int tpSrc = FlowKey.tpSrc(k, b);
        int tpDst = FlowKey.tpDst(k, b);
        if ((ip4 && proto == ICMP) || (ip6 && proto == ICMPV6)) {
            out.append("icmp_type=").append(tpSrc).append(",icmp_code=").append(tpDst).append(',');
            if (ip6 && tpDst == 0 && (tpSrc == 135 || tpSrc == 136)) {
                out.append("nd_target=");
                Ipv6Text.append(out, k[b + FlowKey.W_ND_TARGET], k[b + FlowKey.W_ND_TARGET + 1]);
                out.append(",nd_sll=");
                appendMac(out, FlowKey.arpSha(k, b));
                out.append(",nd_tll=");
                appendMac(out, FlowKey.arpTha(k, b));
                out.append(',');
            }
        } else {
            out.append("tp_src=").append(tpSrc).append(",tp_dst=").append(tpDst).append(',');
        }
        if (proto == TCP) {
            out.append("tcp_flags=");
            appendTcpFlags(out, FlowKey.tcpFlags(k, b));
        }
    }

    private static void appendTcpFlags(StringBuilder out, int flags) {
        if (flags == 0) {
            out.append('0');
            return;
        }
        boolean first = true;
        for (int i = 0; i < TCP_FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                if (!first) {
                    out.append('|');
                }
                out.append(TCP_FLAG_NAMES[i]);
                first = false;
            }
        }
    }

    private static void appendMpls(StringBuilder out, long[] k, int b) {
        int lse0 = FlowKey.mplsLse(k, b, 0);
        out.append("mpls_label=").append(lse0 >>> 12).append(",mpls_tc=").append((lse0 >>> 9) & 7)
                .append(",mpls_ttl=").append(lse0 & 0xff).append(",mpls_bos=").append((lse0 >>> 8) & 1)
                .append(',');
        if ((lse0 & MPLS_BOS) == 0) {
            int lse1 = FlowKey.mplsLse(k, b, 1);
            out.append("mpls_lse1=").append(Integer.toUnsignedString(lse1)).append(',');
            if ((lse1 & MPLS_BOS) == 0) {
                out.append("mpls_lse2=").append(Integer.toUnsignedString(FlowKey.mplsLse(k, b, 2))).append(',');
            }
        }
    }

    private static void appendVlan(StringBuilder out, int tci, String suffix) {
        if ((tci & FlowKey.VLAN_CFI) != 0) {
            out.append("dl_vlan").append(suffix).append('=').append(tci & 0x0fff)
                    .append(",dl_vlan_pcp").append(suffix).append('=').append(tci >>> 13).append(',');
        } else {
            out.append("vlan_tci").append(suffix).append("=0x");
            appendHex(out, tci, 4);
            out.append(',');
        }
    }

    private static void appendPort(StringBuilder out, int port) {
        if (port >= FIRST_RESERVED_PORT && port <= 0xffff) {
            out.append(RESERVED_PORTS[port - FIRST_RESERVED_PORT]);
        } else {
            out.append(Integer.toUnsignedString(port));
        }
    }

    static void appendMac(StringBuilder out, long mac) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            appendHex(out, (int) (mac >>> shift) & 0xff, 2);
            if (shift != 0) {
                out.append(':');
            }
        }
    }

    static void appendIpv4(StringBuilder out, int a) {
        out.append(a >>> 24).append('.').append((a >>> 16) & 0xff).append('.').append((a >>> 8) & 0xff)
                .append('.').append(a & 0xff);
    }

    /** Lower-case hex, zero-padded to at least {@code digits}. */
    static void appendHex(StringBuilder out, int v, int digits) {
        String h = Integer.toHexString(v);
        for (int i = h.length(); i < digits; i++) {
            out.append('0');
        }
        out.append(h);
    }
}
