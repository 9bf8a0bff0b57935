package io.jvswitch.pcap.gen;

import static io.jvswitch.pcap.gen.Hosts.IP6_A;
import static io.jvswitch.pcap.gen.Hosts.IP6_B;
import static io.jvswitch.pcap.gen.Hosts.IP_A;
import static io.jvswitch.pcap.gen.Hosts.IP_B;
import static io.jvswitch.pcap.gen.Hosts.MAC_A;
import static io.jvswitch.pcap.gen.Hosts.MAC_B;

/**
 * mpls.pcap: label stacks of depth 1 to 4 over IPv4 and IPv6, unicast (0x8847) and multicast (0x8848)
 * ethertypes, reserved and maximum label values, TC/TTL extremes, MPLS under a VLAN tag, and truncated or
 * never-ending (no bottom-of-stack) stacks.
 */
final class MplsCaptures {
    private static final byte[] MCAST_MAC = Addr.mac("01:00:5e:00:00:05");

    private MplsCaptures() {
    }

    static Capture build() {
        Capture c = new Capture("mpls.pcap");
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(16), Ipv4.of(IP_A, IP_B), Udp.of(1000, 2000),
                Raw.pattern(12)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(1048575).tc(7).ttl(255), Ipv4.of(IP_A, IP_B),
                Icmp.echoRequest(3, 1), Raw.pattern(8)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(0).ttl(1), Ipv4.of(IP_A, IP_B), Udp.of(1, 2)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(2).ttl(0), Ipv6.of(IP6_A, IP6_B), Udp.of(1, 2)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(100).tc(3), Mpls.of(200).tc(5), Ipv4.of(IP_A, IP_B),
                Icmp.echoReply(3, 1), Raw.pattern(8)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(3), Mpls.of(17), Mpls.of(18), Ipv6.of(IP6_A, IP6_B),
                Udp.of(3000, 4000), Raw.pattern(20)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(1000), Mpls.of(1001), Mpls.of(1002), Mpls.of(1003),
                Ipv4.of(IP_A, IP_B), Tcp.of(40000, 443).flags(Tcp.SYN).seq(1)));
        // Multicast ethertype
        c.add(Frame.of(Ethernet.of(MCAST_MAC, MAC_A), Mpls.of(500).multicast(), Ipv4.of(IP_A, Addr.ip("239.0.0.5")),
                Udp.of(5000, 5000), Raw.pattern(16)));
        c.add(Frame.of(Ethernet.of(MCAST_MAC, MAC_A), Mpls.of(501).multicast(), Mpls.of(502),
                Ipv4.of(IP_A, Addr.ip("239.0.0.5")), Udp.of(5000, 5000)));
        // Under a VLAN tag
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(10), Mpls.of(16), Mpls.of(17), Ipv4.of(IP_A, IP_B),
                Udp.of(1, 2)));
        // Ethernet pseudowire payload (no control word)
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(300), Mpls.of(301), Ethernet.of(MAC_A, MAC_B),
                Ipv4.of(IP_B, IP_A), Udp.of(9, 9)));
        // Truncated: a label cut in half, a stack that ends without bottom of stack, a cut inner header
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(16), Ipv4.of(IP_A, IP_B)).truncate(16));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(16), Mpls.of(17), Ipv4.of(IP_A, IP_B)).truncate(20));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(16).bos(false), Mpls.of(17).bos(false)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(16).multicast()).truncate(14));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Mpls.of(16), Ipv4.of(IP_A, IP_B), Udp.of(1, 2)).truncate(28));
        return c;
    }
}
