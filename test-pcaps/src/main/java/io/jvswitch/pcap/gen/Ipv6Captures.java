package io.jvswitch.pcap.gen;

import static io.jvswitch.pcap.gen.Hosts.ALL_NODES;
import static io.jvswitch.pcap.gen.Hosts.ALL_ROUTERS;
import static io.jvswitch.pcap.gen.Hosts.IP6_A;
import static io.jvswitch.pcap.gen.Hosts.IP6_B;
import static io.jvswitch.pcap.gen.Hosts.IP6_UNSPEC;
import static io.jvswitch.pcap.gen.Hosts.LL_A;
import static io.jvswitch.pcap.gen.Hosts.LL_B;
import static io.jvswitch.pcap.gen.Hosts.LL_D;
import static io.jvswitch.pcap.gen.Hosts.MAC_A;
import static io.jvswitch.pcap.gen.Hosts.MAC_B;
import static io.jvswitch.pcap.gen.Hosts.MAC_D;

/**
 * ipv6.pcap: TCP, UDP and ICMPv6 echo; traffic class and flow label; every extension header alone and in a
 * chain, fragments first and later, extension headers running past the frame; Neighbor Discovery with and
 * without link-layer options and with malformed options; RS/RA; MLD; and frames cut at every header.
 */
final class Ipv6Captures {
    private static final byte[] SN_B = Addr.solicitedNode(LL_B);
    private static final byte[] SN_B_MAC = Addr.ipv6MulticastMac(SN_B);
    private static final byte[] ALL_NODES_MAC = Addr.ipv6MulticastMac(ALL_NODES);
    private static final byte[] ALL_ROUTERS_MAC = Addr.ipv6MulticastMac(ALL_ROUTERS);
    private static final byte[] MLD_GROUP = Addr.ip("ff05::1:3");

    private Ipv6Captures() {
    }

    private static Frame ab(Layer... rest) {
        return to(MAC_B, Ipv6.of(IP6_A, IP6_B), rest);
    }

    private static Frame to(byte[] dstMac, Ipv6 ip, Layer... rest) {
        Frame f = Frame.of(Ethernet.of(dstMac, MAC_A), ip);
        for (Layer l : rest) {
            f.add(l);
        }
        return f;
    }

    static Capture build() {
        Capture c = new Capture("ipv6.pcap");
        basics(c);
        extensionHeaders(c);
        neighborDiscovery(c);
        truncated(c);
        return c;
    }

    private static void basics(Capture c) {
        c.add(ab(Tcp.of(50000, 443).seq(1).flags(Tcp.SYN).options(Tcp.synOptions(1440, 5))));
        c.add(to(MAC_A, Ipv6.of(IP6_B, IP6_A), Tcp.of(443, 50000).seq(7).ack(2).flags(Tcp.SYN | Tcp.ACK)));
        c.add(ab(Tcp.of(50000, 443).seq(2).ack(8).flags(Tcp.PSH | Tcp.ACK), Raw.pattern(100)));
        c.add(ab(Udp.of(5353, 5353), Raw.pattern(40)));
        c.add(ab(Udp.of(0, 0)));
        c.add(ab(Icmpv6.echoRequest(0x77, 1), Raw.pattern(56)));
        c.add(to(MAC_A, Ipv6.of(IP6_B, IP6_A), Icmpv6.echoReply(0x77, 1), Raw.pattern(56)));
        c.add(to(MAC_A, Ipv6.of(IP6_B, IP6_A), Icmpv6.unreachable(4), Ipv6.of(IP6_A, IP6_B), Udp.of(5000, 9)));
        // Traffic class and flow label
        int[][] tcFl = {{0, 0x12345}, {0xb8, 0xfffff}, {0x03, 1}, {0xff, 0}, {0x20, 0xabcde}};
        for (int[] t : tcFl) {
            c.add(to(MAC_B, Ipv6.of(IP6_A, IP6_B).trafficClass(t[0]).flowLabel(t[1]), Udp.of(6000, 6000)));
        }
        c.add(to(MAC_B, Ipv6.of(IP6_A, IP6_B).hopLimit(0), Udp.of(1, 2)));
        c.add(to(MAC_B, Ipv6.of(IP6_A, IP6_B).hopLimit(255), Udp.of(1, 2)));
        c.add(to(MAC_B, Ipv6.of(IP6_A, IP6_B).nextHeader(Ipv6Ext.NO_NEXT_HEADER)));
        c.add(to(MAC_B, Ipv6.of(IP6_A, IP6_B).nextHeader(50), Raw.pattern(24)));
        c.add(to(MAC_B, Ipv6.of(IP6_A, IP6_B).nextHeader(Sctp.PROTO), Sctp.of(1, 2, 3), Sctp.initChunk(9)));
        c.add(to(MAC_B, Ipv6.of(IP6_A, IP6_B), Ipv4.of(Hosts.IP_A, Hosts.IP_B), Udp.of(3, 4)));
    }

    private static void extensionHeaders(Capture c) {
        c.add(ab(Ipv6Ext.hopByHop(Ipv6Ext.routerAlert()), Udp.of(1000, 2000), Raw.pattern(8)));
        c.add(ab(Ipv6Ext.routing(0, 1, LL_D), Tcp.of(1000, 80).flags(Tcp.SYN)));
        c.add(ab(Ipv6Ext.routing(2, 1, IP6_B), Icmpv6.echoRequest(1, 1)));
        c.add(ab(Ipv6Ext.routing(4, 0, IP6_B, LL_D), Udp.of(1, 2)));
        c.add(ab(Ipv6Ext.destOpts(Frame.concat(Bytes.of(0xc9, 16), IP6_A)),
                Udp.of(1000, 2000)));
        // Fragments: first (offset 0, M=1, carries the UDP header), middle, last; atomic (offset 0, M=0)
        c.add(ab(Ipv6Ext.fragment(0, true, 0xabcd), Udp.of(7000, 7001).length(2008), Raw.pattern(1224)));
        c.add(ab(Ipv6Ext.fragment(154, true, 0xabcd).nextHeader(Udp.PROTO), Raw.pattern(400)));
        c.add(ab(Ipv6Ext.fragment(204, false, 0xabcd).nextHeader(Udp.PROTO), Raw.pattern(376)));
        c.add(ab(Ipv6Ext.fragment(0, false, 0x1111), Icmpv6.echoRequest(2, 2)));
        c.add(ab(Ipv6Ext.fragment(0, true, 0x2222), Tcp.of(1, 2).flags(Tcp.SYN)));
        c.add(ab(Ipv6Ext.fragment(3, false, 0x2222).nextHeader(Tcp.PROTO), Raw.pattern(20)));
        // AH, AH over ESP
        c.add(ab(Ipv6Ext.ah(0x100, 1), Tcp.of(1000, 22).flags(Tcp.ACK)));
        c.add(ab(Ipv6Ext.ah(0x101, 2), Raw.pattern(32).ipProto(50)));
        // A chain: hop-by-hop, destination options, routing, fragment, destination options, TCP
        c.add(ab(Ipv6Ext.hopByHop(Ipv6Ext.routerAlert()), Ipv6Ext.destOpts(), Ipv6Ext.routing(0, 1, LL_D),
                Ipv6Ext.fragment(0, true, 0x3333), Ipv6Ext.destOpts(), Tcp.of(2000, 80).flags(Tcp.SYN)));
        c.add(ab(Ipv6Ext.hopByHop(), Ipv6Ext.ah(0x102, 3), Ipv6Ext.destOpts(), Udp.of(5, 6)));
        // Hop-by-hop not first, hop-by-hop with no next header
        c.add(ab(Ipv6Ext.destOpts(), Ipv6Ext.hopByHop(), Udp.of(5, 6)));
        c.add(ab(Ipv6Ext.hopByHop()));
        // Extension headers that run past the end of the frame
        c.add(ab(Ipv6Ext.hopByHop().lengthField(10), Udp.of(1, 2)));
        c.add(ab(Ipv6Ext.routing(0, 1, LL_D).lengthField(200)));
        c.add(ab(Ipv6Ext.ah(0x103, 4).lengthField(255)));
        c.add(ab(Ipv6Ext.destOpts(), Ipv6Ext.destOpts(), Udp.of(1, 2)).truncate(14 + 40 + 12));
        c.add(ab(Ipv6Ext.fragment(0, true, 1), Udp.of(1, 2)).truncate(14 + 40 + 5));
    }

    private static void neighborDiscovery(Capture c) {
        Ipv6 nsIp = Ipv6.of(LL_A, SN_B).hopLimit(255);
        c.add(to(SN_B_MAC, nsIp, Icmpv6.neighborSolicit(LL_B, NdOption.sourceLinkAddr(MAC_A))));
        c.add(to(MAC_A, Ipv6.of(LL_B, LL_A).hopLimit(255), Icmpv6.neighborAdvert(
                Icmpv6.NA_SOLICITED | Icmpv6.NA_OVERRIDE, LL_B, NdOption.targetLinkAddr(MAC_B))));
        // DAD probe: unspecified source, no options
        c.add(to(SN_B_MAC, Ipv6.of(IP6_UNSPEC, SN_B).hopLimit(255), Icmpv6.neighborSolicit(LL_B)));
        // Unicast NS (reachability) without options, unsolicited NA to all nodes, router NA without options
        c.add(to(MAC_B, Ipv6.of(LL_A, LL_B).hopLimit(255), Icmpv6.neighborSolicit(LL_B)));
        c.add(to(ALL_NODES_MAC, Ipv6.of(LL_B, ALL_NODES).hopLimit(255),
                Icmpv6.neighborAdvert(Icmpv6.NA_OVERRIDE, LL_B, NdOption.targetLinkAddr(MAC_B))));
        c.add(to(MAC_A, Ipv6.of(LL_D, LL_A).hopLimit(255), Icmpv6.neighborAdvert(Icmpv6.NA_ROUTER, LL_D)));
        // Malformed options: zero length, length past the end, SLL in an NA, TLL in an NS, two SLLs,
        // an unknown option before SLL, a nonce-like option, trailing bytes shorter than an option
        c.add(to(SN_B_MAC, nsIp, Icmpv6.neighborSolicit(LL_B, NdOption.raw(NdOption.SOURCE_LL_ADDR, 0, MAC_A))));
        c.add(to(SN_B_MAC, nsIp, Icmpv6.neighborSolicit(LL_B, NdOption.raw(NdOption.SOURCE_LL_ADDR, 3, MAC_A))));
        c.add(to(MAC_A, Ipv6.of(LL_B, LL_A).hopLimit(255),
                Icmpv6.neighborAdvert(Icmpv6.NA_SOLICITED, LL_B, NdOption.raw(NdOption.TARGET_LL_ADDR, 0))));
        c.add(to(MAC_A, Ipv6.of(LL_B, LL_A).hopLimit(255),
                Icmpv6.neighborAdvert(Icmpv6.NA_SOLICITED, LL_B, NdOption.sourceLinkAddr(MAC_B))));
        c.add(to(SN_B_MAC, nsIp, Icmpv6.neighborSolicit(LL_B, NdOption.targetLinkAddr(MAC_A))));
        c.add(to(SN_B_MAC, nsIp, Icmpv6.neighborSolicit(LL_B, NdOption.sourceLinkAddr(MAC_A),
                NdOption.sourceLinkAddr(MAC_D))));
        c.add(to(SN_B_MAC, nsIp, Icmpv6.neighborSolicit(LL_B, NdOption.raw(14, 1, Bytes.of(1, 2, 3, 4, 5, 6)),
                NdOption.sourceLinkAddr(MAC_A))));
        c.add(to(SN_B_MAC, nsIp, Icmpv6.neighborSolicit(LL_B, NdOption.sourceLinkAddr(MAC_A), Bytes.of(1, 1, 2))));
        c.add(to(SN_B_MAC, nsIp, Icmpv6.neighborSolicit(LL_B, NdOption.raw(NdOption.SOURCE_LL_ADDR, 2, MAC_A))));
        // NS with a non-zero code, NS to a multicast target
        c.add(to(SN_B_MAC, nsIp, Icmpv6.of(Icmpv6.NS, 1, Frame.concat(new byte[4], LL_B))));
        c.add(to(SN_B_MAC, nsIp, Icmpv6.neighborSolicit(ALL_NODES, NdOption.sourceLinkAddr(MAC_A))));
        // Router discovery
        c.add(to(ALL_ROUTERS_MAC, Ipv6.of(LL_A, ALL_ROUTERS).hopLimit(255),
                Icmpv6.routerSolicit(NdOption.sourceLinkAddr(MAC_A))));
        c.add(to(ALL_ROUTERS_MAC, Ipv6.of(IP6_UNSPEC, ALL_ROUTERS).hopLimit(255), Icmpv6.routerSolicit()));
        c.add(Frame.of(Ethernet.of(ALL_NODES_MAC, MAC_D), Ipv6.of(LL_D, ALL_NODES).hopLimit(255),
                Icmpv6.routerAdvert(1800, NdOption.sourceLinkAddr(MAC_D), NdOption.mtu(1500),
                        NdOption.prefix(Addr.ip("2001:db8::"), 64))));
        // MLD: v1 general query (with the router alert hop-by-hop header), v1 report, done, v2 report
        byte[] ra = Ipv6Ext.routerAlert();
        c.add(to(ALL_NODES_MAC, Ipv6.of(LL_D, ALL_NODES).hopLimit(1), Ipv6Ext.hopByHop(ra),
                Icmpv6.mld(Icmpv6.MLD_QUERY, 10000, IP6_UNSPEC)));
        c.add(to(Addr.ipv6MulticastMac(MLD_GROUP), Ipv6.of(LL_A, MLD_GROUP).hopLimit(1), Ipv6Ext.hopByHop(ra),
                Icmpv6.mld(Icmpv6.MLD_REPORT, 0, MLD_GROUP)));
        c.add(to(ALL_ROUTERS_MAC, Ipv6.of(LL_A, ALL_ROUTERS).hopLimit(1), Ipv6Ext.hopByHop(ra),
                Icmpv6.mld(Icmpv6.MLD_DONE, 0, MLD_GROUP)));
        byte[] mldv2 = Addr.ip("ff02::16");
        c.add(to(Addr.ipv6MulticastMac(mldv2), Ipv6.of(LL_A, mldv2).hopLimit(1), Ipv6Ext.hopByHop(ra),
                Icmpv6.mldv2Report(MLD_GROUP)));
    }

    private static void truncated(Capture c) {
        // Inside the fixed header
        for (int len : new int[] {15, 14 + 8, 14 + 24, 14 + 39}) {
            c.add(ab(Udp.of(1, 2)).truncate(len));
        }
        // Payload length beyond the frame, and zero with a payload present
        c.add(to(MAC_B, Ipv6.of(IP6_A, IP6_B).payloadLength(1000), Udp.of(1, 2)));
        c.add(to(MAC_B, Ipv6.of(IP6_A, IP6_B).payloadLength(0), Udp.of(1, 2)));
        // Inside an extension header, in the L4 header, in ICMPv6, in an ND target, in an ND option
        c.add(ab(Ipv6Ext.hopByHop(Ipv6Ext.routerAlert()), Udp.of(1, 2)).truncate(14 + 40 + 1));
        c.add(ab(Ipv6Ext.routing(0, 1, LL_D), Udp.of(1, 2)).truncate(14 + 40 + 12));
        c.add(ab(Ipv6Ext.ah(1, 1), Udp.of(1, 2)).truncate(14 + 40 + 16));
        c.add(ab(Tcp.of(1, 2).flags(Tcp.SYN)).truncate(14 + 40 + 13));
        c.add(ab(Udp.of(1, 2)).truncate(14 + 40 + 6));
        c.add(ab(Icmpv6.echoRequest(1, 1)).truncate(14 + 40 + 1));
        c.add(ab(Icmpv6.echoRequest(1, 1)).truncate(14 + 40 + 3));
        Frame ns = to(SN_B_MAC, Ipv6.of(LL_A, SN_B).hopLimit(255),
                Icmpv6.neighborSolicit(LL_B, NdOption.sourceLinkAddr(MAC_A)));
        for (int len : new int[] {14 + 40 + 6, 14 + 40 + 16, 14 + 40 + 24, 14 + 40 + 25, 14 + 40 + 30}) {
            c.add(ns.truncate(len));
        }
        c.add(to(MAC_A, Ipv6.of(LL_B, LL_A).hopLimit(255), Icmpv6.neighborAdvert(Icmpv6.NA_SOLICITED, LL_B,
                NdOption.targetLinkAddr(MAC_B))).truncate(14 + 40 + 28));
    }
}
