package io.jvswitch.pcap.gen;

import static io.jvswitch.pcap.gen.Hosts.BROADCAST;
import static io.jvswitch.pcap.gen.Hosts.IP6_A;
import static io.jvswitch.pcap.gen.Hosts.IP6_B;
import static io.jvswitch.pcap.gen.Hosts.IP_A;
import static io.jvswitch.pcap.gen.Hosts.IP_B;
import static io.jvswitch.pcap.gen.Hosts.MAC_A;
import static io.jvswitch.pcap.gen.Hosts.MAC_B;
import static io.jvswitch.pcap.gen.Hosts.ZERO_MAC;

/**
 * vlan.pcap: 802.1Q single tags (VID/PCP/DEI values), priority tags (VID 0), 802.1ad + 802.1Q, legacy
 * double 0x8100 and 0x9100 stacks, three tags, and tags followed by truncation.
 */
final class VlanCaptures {
    private VlanCaptures() {
    }

    static Capture build() {
        Capture c = new Capture("vlan.pcap");
        int[][] tags = {{1, 0, 0}, {10, 1, 0}, {100, 2, 0}, {100, 3, 1}, {1000, 4, 0}, {2000, 5, 1},
            {4094, 6, 0}, {4095, 7, 1}, {42, 7, 0}};
        for (int[] t : tags) {
            c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(t[0]).pcp(t[1]).dei(t[2] == 1),
                    Ipv4.of(IP_A, IP_B), Udp.of(4000 + t[0], 9), Raw.pattern(12)));
        }
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Vlan.of(10),
                Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B)).pad(64));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(20).pcp(3), Ipv6.of(IP6_A, IP6_B),
                Icmpv6.echoRequest(7, 1), Raw.pattern(16)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(30), Ipv4.of(IP_A, IP_B),
                Tcp.of(33000, 22).flags(Tcp.SYN).options(Tcp.synOptions(1460, 1))));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(40), Llc.of(0x42, 0x42, 0x03), Raw.pattern(35)));
        // Priority tags: VID 0 carries only PCP/DEI
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(0).pcp(5), Ipv4.of(IP_A, IP_B),
                Icmp.echoRequest(1, 1), Raw.pattern(8)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(0).pcp(0).dei(true), Ipv4.of(IP_A, IP_B),
                Udp.of(5, 6)));
        // Two tags: 802.1ad S-tag + C-tag, legacy 0x8100 + 0x8100, 0x9100 + 0x8100
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.stag(100).pcp(1), Vlan.of(200).pcp(2),
                Ipv4.of(IP_A, IP_B), Udp.of(1111, 2222), Raw.pattern(10)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.stag(4094), Vlan.of(1), Ipv6.of(IP6_A, IP6_B),
                Udp.of(1111, 2222)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(300), Vlan.of(400), Ipv4.of(IP_A, IP_B),
                Udp.of(1111, 2222)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(500).tpid(0x9100), Vlan.of(600), Ipv4.of(IP_A, IP_B),
                Udp.of(1111, 2222)));
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Vlan.stag(7), Vlan.of(8),
                Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B)));
        // Three tags: deeper than the two a flow key holds
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.stag(10), Vlan.of(20), Vlan.of(30), Ipv4.of(IP_A, IP_B),
                Udp.of(1111, 2222), Raw.pattern(8)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.stag(11), Vlan.stag(21), Vlan.of(31).pcp(7),
                Ipv6.of(IP6_A, IP6_B), Udp.of(1111, 2222)));
        // A tag followed by truncation: half a TCI, no inner type, half an inner type, cut inside the payload,
        // a second tag cut short
        Frame tagged = Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(99).pcp(3), Ipv4.of(IP_A, IP_B), Udp.of(7, 7));
        for (int len : new int[] {14, 15, 16, 17, 18, 30}) {
            c.add(tagged.truncate(len));
        }
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.stag(5), Vlan.of(6), Ipv4.of(IP_A, IP_B)).truncate(20));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.stag(5), Vlan.of(6), Ipv4.of(IP_A, IP_B)).truncate(22));
        return c;
    }
}
