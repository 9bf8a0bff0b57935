package io.jvswitch.pcap.gen;

import static io.jvswitch.pcap.gen.Hosts.BROADCAST;
import static io.jvswitch.pcap.gen.Hosts.IP6_A;
import static io.jvswitch.pcap.gen.Hosts.IP6_B;
import static io.jvswitch.pcap.gen.Hosts.IP_A;
import static io.jvswitch.pcap.gen.Hosts.IP_B;
import static io.jvswitch.pcap.gen.Hosts.IP_ZERO;
import static io.jvswitch.pcap.gen.Hosts.MAC_A;
import static io.jvswitch.pcap.gen.Hosts.MAC_B;
import static io.jvswitch.pcap.gen.Hosts.ZERO_MAC;

/**
 * arp.pcap: requests and replies (padded and unpadded), gratuitous ARP (request and reply forms), ARP probe,
 * RARP, ARP in a VLAN, truncated ARP, and ARP with other hardware/protocol types and address lengths.
 */
final class ArpCaptures {
    private ArpCaptures() {
    }

    static Capture build() {
        Capture c = new Capture("arp.pcap");
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B)).pad(60));
        c.add(Frame.of(Ethernet.of(MAC_A, MAC_B), Arp.of(Arp.OP_REPLY, MAC_B, IP_B, MAC_A, IP_A)).pad(60));
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B)));
        c.add(Frame.of(Ethernet.of(MAC_A, MAC_B), Arp.of(Arp.OP_REPLY, MAC_B, IP_B, MAC_A, IP_A)));
        // Unicast request (cache refresh)
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B)).pad(60));
        // Gratuitous: request form (target = sender, tha 0) and reply form (tha = sha, to broadcast)
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_A)).pad(60));
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_B), Arp.of(Arp.OP_REPLY, MAC_B, IP_B, MAC_B, IP_B)).pad(60));
        // ARP probe (RFC 5227): sender IP 0.0.0.0
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(Arp.OP_REQUEST, MAC_A, IP_ZERO, ZERO_MAC, IP_A)).pad(60));
        // RARP request and reply (ethertype 0x8035)
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A),
                Arp.of(Arp.OP_RARP_REQUEST, MAC_A, IP_ZERO, MAC_A, IP_ZERO).rarp()).pad(60));
        c.add(Frame.of(Ethernet.of(MAC_A, MAC_B), Arp.of(Arp.OP_RARP_REPLY, MAC_B, IP_B, MAC_A, IP_A).rarp()).pad(60));
        // Unknown opcode
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(0xff, MAC_A, IP_A, ZERO_MAC, IP_B)).pad(60));
        // In a VLAN
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Vlan.of(100).pcp(6),
                Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B)).pad(64));
        // Other hardware and protocol types: IEEE 802 (6), InfiniBand (32, 20-byte addresses),
        // Ethernet with IPv6 protocol addresses, Ethernet with an 8-byte hardware address
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B).htype(6))
                .pad(60));
        byte[] ibA = new byte[20];
        for (int i = 0; i < ibA.length; i++) {
            ibA[i] = (byte) (0x80 + i);
        }
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(Arp.OP_REQUEST, ibA, IP_A, new byte[20], IP_B)
                .htype(32)));
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(Arp.OP_REQUEST, MAC_A, IP6_A, ZERO_MAC, IP6_B)
                .ptype(Ethernet.TYPE_IPV6)));
        byte[] eui64 = Addr.mac("02:00:00:00:00:0a");
        eui64 = Frame.concat(eui64, new byte[] {1, 2});
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(Arp.OP_REQUEST, eui64, IP_A, new byte[8], IP_B))
                .pad(60));
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B)
                .htype(0xffff).ptype(0x1234)).pad(60));
        // Truncated: inside the fixed part, inside the sender addresses, one byte short of complete
        Frame full = Frame.of(Ethernet.of(BROADCAST, MAC_A), Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B));
        for (int len : new int[] {15, 20, 22, 30, 41}) {
            c.add(full.truncate(len));
        }
        return c;
    }
}
