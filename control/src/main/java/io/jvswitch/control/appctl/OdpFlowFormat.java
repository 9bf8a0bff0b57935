package io.jvswitch.control.appctl;

import io.jvswitch.control.bridge.MacAddresses;
import io.jvswitch.flowcache.FlowKey;

import java.util.function.IntFunction;

/**
 * A megaflow's masked key in OVS's datapath-flow text ({@code lib/odp-util.c odp_flow_format}, v3.1.0), as
 * {@code ovs-appctl dpctl/dump-flows} prints it: {@code recirc_id(0),in_port(2),packet_type(ns=0,id=0),
 * eth(src=..,dst=..),eth_type(0x0800),ipv4(frag=no)}.
 *
 * <h2>Rules taken from OVS</h2> Without {@code -m} an attribute, and a field inside one, is printed only when
 * its mask is not zero, with {@code /mask} when the mask is partial; {@code recirc_id} and {@code packet_type}
 * always. With {@code -m} every field of the attributes the packet has is printed ({@code /mask} unless exact),
 * preceded by the metadata we never match on, wildcarded ({@code skb_priority(0/0)...ct_label(0/0)}), and ports
 * are printed by name. An 802.1Q/802.1ad tag prints as {@code eth_type(0x8100),vlan(vid=V,pcp=P),encap(...)}.
 *
 * <h2>Limits</h2> Values are those of the masked key: where OVS shows the packet's value over a zero mask
 * ({@code src=10.0.0.1/0.0.0.0}), we show zeros. MPLS and the second VLAN tag are not printed.
 */
public final class OdpFlowFormat {
    private static final int ETH_IP = 0x0800;
    private static final int ETH_ARP = 0x0806;
    private static final int ETH_RARP = 0x8035;
    private static final int ETH_IPV6 = 0x86dd;
    private static final String[] TCP_FLAGS = {"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
        "[200]", "[400]", "[800]"};

    private final long[] k;
    private final long[] m;
    private final boolean verbose;
    private final IntFunction<String> portName;
    private final StringBuilder sb;

    private OdpFlowFormat(long[] key, long[] mask, boolean verbose, IntFunction<String> portName, StringBuilder sb) {
        this.k = key;
        this.m = mask;
        this.verbose = verbose;
        this.portName = portName;
        this.sb = sb;
    }

    /**
     * Appends the text of a masked key to {@code out}.
     *
     * @param portName datapath port number to name (used with {@code verbose}); null prints numbers
     */
    public static void format(long[] key, long[] mask, boolean verbose, IntFunction<String> portName,
                              StringBuilder out) {
        new OdpFlowFormat(key, mask, verbose, portName, out).run();
    }

    public static String toString(long[] key, long[] mask, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        format(key, mask, verbose, null, sb);
        return sb.toString();
    }

    private void run() {
        if (verbose) {
            sb.append("skb_priority(0/0),skb_mark(0/0),ct_state(0/0),ct_zone(0/0),ct_mark(0/0),ct_label(0/0),");
        }
        sb.append("recirc_id(").append(hex(FlowKey.recircId(k, 0))).append(')');
        int dpHashMask = FlowKey.dpHash(m, 0);
        if (verbose || dpHashMask != 0) {
            sb.append(",dp_hash(").append(hex(FlowKey.dpHash(k, 0)));
            if (dpHashMask != -1) {
                sb.append('/').append(hex(dpHashMask));
            }
            sb.append(')');
        }
        if (verbose || FlowKey.inPort(m, 0) != 0) {
            int port = FlowKey.inPort(k, 0);
            String name = verbose && portName != null ? portName.apply(port) : null;
            sb.append(",in_port(").append(name != null ? name : Integer.toUnsignedString(port)).append(')');
        }
        sb.append(",packet_type(ns=0,id=0)");
        attr("eth", () -> {
            mac("src", FlowKey.ethSrc(k, 0), FlowKey.ethSrc(m, 0));
            mac("dst", FlowKey.ethDst(k, 0), FlowKey.ethDst(m, 0));
        });
        int vlanMask = FlowKey.vlanTci(m, 0, 0);
        int tci = FlowKey.vlanTci(k, 0, 0);
        boolean tagged = (tci & FlowKey.VLAN_CFI) != 0;
        if (tagged && vlanMask != 0) {
            int tpid = FlowKey.vlanTpid(k, 0, 0);
            sb.append(",eth_type(0x").append(String.format("%04x", tpid == 0 ? 0x8100 : tpid)).append(')');
            attr("vlan", () -> {
                num("vid", tci & 0xfff, vlanMask & 0xfff, 0xfff);
                num("pcp", tci >>> 13, vlanMask >>> 13, 7);
            });
            sb.append(",encap(");
            int mark = sb.length();
            l3();
            if (sb.length() > mark && sb.charAt(mark) == ',') {
                sb.deleteCharAt(mark);
            }
            sb.append(')');
        } else {
            l3();
        }
    }

    private void l3() {
        int ethType = FlowKey.ethType(k, 0);
        int ethTypeMask = FlowKey.ethType(m, 0);
        if (!verbose && ethTypeMask == 0) {
            return;
        }
        sb.append(",eth_type(0x").append(String.format("%04x", ethType));
        if (ethTypeMask != 0xffff) {
            sb.append("/0x").append(String.format("%04x", ethTypeMask));
        }
        sb.append(')');
        boolean later = (FlowKey.nwFrag(k, 0) & FlowKey.FRAG_LATER) != 0;
        int proto = FlowKey.nwProto(k, 0);
        if (ethType == ETH_IP) {
            attr("ipv4", () -> {
                ip4("src", FlowKey.nwSrc(k, 0), FlowKey.nwSrc(m, 0));
                ip4("dst", FlowKey.nwDst(k, 0), FlowKey.nwDst(m, 0));
                ipCommon("tos", "ttl");
            });
            if (!later) {
                l4(proto == 1 ? "icmp" : null);
            }
        } else if (ethType == ETH_IPV6) {
            attr("ipv6", () -> {
                ip6("src", FlowKey.W_IPV6_SRC);
                ip6("dst", FlowKey.W_IPV6_DST);
                field("label", "0x" + Integer.toHexString(FlowKey.ipv6Label(k, 0)), FlowKey.ipv6Label(m, 0),
                        0xfffff, "0x" + Integer.toHexString(FlowKey.ipv6Label(m, 0)));
                ipCommon("tclass", "hlimit");
            });
            if (!later) {
                l4(proto == 58 ? "icmpv6" : null);
            }
        } else if (ethType == ETH_ARP || ethType == ETH_RARP) {
            attr("arp", () -> {
                ip4("sip", FlowKey.nwSrc(k, 0), FlowKey.nwSrc(m, 0));
                ip4("tip", FlowKey.nwDst(k, 0), FlowKey.nwDst(m, 0));
                num("op", FlowKey.nwProto(k, 0), FlowKey.nwProto(m, 0), 0xff);
                mac("sha", FlowKey.arpSha(k, 0), FlowKey.arpSha(m, 0));
                mac("tha", FlowKey.arpTha(k, 0), FlowKey.arpTha(m, 0));
            });
        }
    }

    private void ipCommon(String tos, String ttl) {
        num("proto", FlowKey.nwProto(k, 0), FlowKey.nwProto(m, 0), 0xff);
        num(tos, FlowKey.nwTos(k, 0), FlowKey.nwTos(m, 0), 0xff);
        num(ttl, FlowKey.nwTtl(k, 0), FlowKey.nwTtl(m, 0), 0xff);
        int fragMask = FlowKey.nwFrag(m, 0);
        if (verbose || fragMask != 0) {
            int f = FlowKey.nwFrag(k, 0);
            String name = (f & FlowKey.FRAG_ANY) == 0 ? "no" : (f & FlowKey.FRAG_LATER) != 0 ? "later" : "first";
            sep().append("frag=").append(name);
        }
    }

    private void l4(String icmpName) {
        int proto = FlowKey.nwProto(k, 0);
        String name = icmpName != null ? icmpName : switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 132 -> "sctp";
            default -> null;
        };
        if (name == null) {
            return;
        }
        boolean icmp = icmpName != null;
        attr(name, () -> {
            num(icmp ? "type" : "src", FlowKey.tpSrc(k, 0), FlowKey.tpSrc(m, 0), 0xffff);
            num(icmp ? "code" : "dst", FlowKey.tpDst(k, 0), FlowKey.tpDst(m, 0), 0xffff);
        });
        int flagsMask = FlowKey.tcpFlags(m, 0) & 0xfff;
        if (proto == 6 && flagsMask != 0) {
            int flags = FlowKey.tcpFlags(k, 0);
            sb.append(",tcp_flags(");
            int mark = sb.length();
            for (int bit = 0; bit < TCP_FLAGS.length; bit++) {
                if (flagsMask == 0xfff && (flags & 1 << bit) != 0) {
                    sb.append(sb.length() > mark ? "|" : "").append(TCP_FLAGS[bit]);     // exact: a|b
                } else if (flagsMask != 0xfff && (flagsMask & 1 << bit) != 0) {
                    sb.append((flags & 1 << bit) != 0 ? '+' : '-').append(TCP_FLAGS[bit]);
                }
            }
            sb.append(')');
        }
    }

    private void attr(String name, Runnable fields) {
        int start = sb.length();
        sb.append(',').append(name).append('(');
        int inner = sb.length();
        fields.run();
        if (sb.length() == inner && !verbose) {
            sb.setLength(start);
            return;
        }
        sb.append(')');
    }

    private StringBuilder sep() {
        char c = sb.charAt(sb.length() - 1);
        if (c != '(') {
            sb.append(',');
        }
        return sb;
    }

    private void field(String name, String value, long mask, long full, String maskText) {
        if (!verbose && mask == 0) {
            return;
        }
        sep().append(name).append('=').append(value);
        if (mask != full) {
            sb.append('/').append(maskText);
        }
    }

    private void num(String name, int v, int mask, int full) {
        field(name, Integer.toString(v), mask, full, Integer.toString(mask));
    }

    private void mac(String name, long v, long mask) {
        field(name, MacAddresses.format(v), mask, 0xffff_ffff_ffffL, MacAddresses.format(mask));
    }

    private void ip4(String name, int v, int mask) {
        field(name, ip4(v), mask & 0xffffffffL, 0xffffffffL, ip4(mask));
    }

    private void ip6(String name, int word) {
        long mh = m[word];
        long ml = m[word + 1];
        boolean zero = mh == 0 && ml == 0;
        boolean full = mh == -1 && ml == -1;
        if (!verbose && zero) {
            return;
        }
        sep().append(name).append('=').append(ip6(k[word], k[word + 1]));
        if (!full) {
            sb.append('/').append(ip6(mh, ml));
        }
    }

    static String ip4(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    /** RFC 5952 text (what {@code inet_ntop} prints): lower case, longest run of two or more zero groups as ::. */
    static String ip6(long hi, long lo) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
        }
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == best) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    /** C's {@code %#x}: {@code 0} for zero, else {@code 0x...}. */
    static String hex(int v) {
        return v == 0 ? "0" : "0x" + Integer.toHexString(v);
    }
}
