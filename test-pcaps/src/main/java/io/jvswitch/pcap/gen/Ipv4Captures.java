package io.jvswitch.pcap.gen;

import static io.jvswitch.pcap.gen.Hosts.IP_A;
import static io.jvswitch.pcap.gen.Hosts.IP_B;
import static io.jvswitch.pcap.gen.Hosts.MAC_A;
import static io.jvswitch.pcap.gen.Hosts.MAC_B;

/**
 * ipv4.pcap: every combination of the nine TCP flags, UDP, ICMP echo and errors, IGMP, SCTP, GRE, IP-in-IP
 * and other protocols, options (IHL &gt; 5), fragments, bad IHL and total length, TTL and DSCP/ECN extremes,
 * and frames cut inside the IPv4 header and inside the L4 header.
 */
final class Ipv4Captures {
    private static final byte[] IGMP_GROUP = Addr.ip("239.1.2.3");
    private static final byte[] IGMP_MAC = Addr.mac("01:00:5e:01:02:03");

    private Ipv4Captures() {
    }

    private static Frame ip(Ipv4 ip, Layer... rest) {
        Frame f = Frame.of(Ethernet.of(MAC_B, MAC_A), ip);
        for (Layer l : rest) {
            f.add(l);
        }
        return f;
    }

    private static Ipv4 ab() {
        return Ipv4.of(IP_A, IP_B);
    }

    static Capture build() {
        Capture c = new Capture("ipv4.pcap");
        tcp(c);
        udpIcmp(c);
        otherProtocols(c);
        headerFields(c);
        fragments(c);
        malformed(c);
        return c;
    }

    private static void tcp(Capture c) {
        // All 512 combinations of FIN SYN RST PSH ACK URG ECE CWR NS
        for (int flags = 0; flags < 512; flags++) {
            c.add(ip(ab().id(flags), Tcp.of(40000, 80).seq(1000 + flags).ack((flags & Tcp.ACK) != 0 ? 77 : 0)
                    .flags(flags).urgent((flags & Tcp.URG) != 0 ? 1 : 0)));
        }
        // The named ones with realistic options and data
        c.add(ip(ab().flags(Ipv4.FLAG_DF), Tcp.of(40001, 80).seq(100).flags(Tcp.SYN)
                .options(Tcp.synOptions(1460, 11111)).window(64240)));
        c.add(ip(Ipv4.of(IP_B, IP_A).flags(Ipv4.FLAG_DF), Tcp.of(80, 40001).seq(900).ack(101)
                .flags(Tcp.SYN | Tcp.ACK).options(Tcp.synOptions(1460, 22222)).window(65160)));
        c.add(ip(ab().flags(Ipv4.FLAG_DF), Tcp.of(40001, 80).seq(101).ack(901).flags(Tcp.ACK | Tcp.PSH),
                Raw.text("GET / HTTP/1.1\r\nHost: b\r\n\r\n")));
        c.add(ip(ab(), Tcp.of(40001, 80).seq(127).ack(901).flags(Tcp.FIN | Tcp.ACK)));
        c.add(ip(Ipv4.of(IP_B, IP_A), Tcp.of(80, 40001).seq(901).flags(Tcp.RST)));
        c.add(ip(ab(), Tcp.of(40002, 80).seq(1).flags(Tcp.SYN | Tcp.ECE | Tcp.CWR)));
        c.add(ip(ab(), Tcp.of(40003, 23).seq(1).ack(1).flags(Tcp.URG | Tcp.ACK | Tcp.PSH).urgent(1),
                Raw.of(0xff, 0xf4)));
        c.add(ip(ab(), Tcp.of(0, 0).flags(Tcp.SYN)));
        c.add(ip(ab(), Tcp.of(65535, 65535).flags(Tcp.ACK)));
    }

    private static void udpIcmp(Capture c) {
        c.add(ip(ab(), Udp.of(53000, 53), Raw.pattern(30)));
        c.add(ip(ab(), Udp.of(0, 0)));
        c.add(ip(ab(), Udp.of(68, 67), Raw.pattern(240)));
        c.add(ip(ab(), Udp.of(1000, 2000).length(200), Raw.pattern(8)));
        c.add(ip(ab(), Udp.of(1000, 2000).length(4)));
        c.add(ip(ab(), Icmp.echoRequest(0x1234, 1), Raw.pattern(56)));
        c.add(ip(Ipv4.of(IP_B, IP_A), Icmp.echoReply(0x1234, 1), Raw.pattern(56)));
        c.add(ip(Ipv4.of(IP_B, IP_A), Icmp.unreachable(3), Ipv4.of(IP_A, IP_B), Udp.of(53000, 9)));
        c.add(ip(Ipv4.of(IP_B, IP_A), Icmp.unreachable(1), Ipv4.of(IP_A, IP_B), Tcp.of(40000, 80)).truncate(70));
        c.add(ip(Ipv4.of(IP_B, IP_A), Icmp.of(Icmp.UNREACHABLE, 4, 1400), Ipv4.of(IP_A, IP_B).flags(Ipv4.FLAG_DF),
                Udp.of(53000, 9)));
        c.add(ip(Ipv4.of(IP_B, IP_A), Icmp.of(Icmp.TIME_EXCEEDED, 0, 0), Ipv4.of(IP_A, IP_B).ttl(1),
                Udp.of(33434, 33435)));
        c.add(ip(ab(), Icmp.of(13, 0, 0), Raw.pattern(12)));
        c.add(ip(ab(), Icmp.of(255, 255, -1)));
    }

    private static void otherProtocols(Capture c) {
        byte[] routerAlert = {(byte) 0x94, 4, 0, 0};
        c.add(Frame.of(Ethernet.of(IGMP_MAC, MAC_A), Ipv4.of(IP_A, IGMP_GROUP).ttl(1).options(routerAlert),
                Igmp.of(Igmp.V2_REPORT, 0, IGMP_GROUP)));
        c.add(Frame.of(Ethernet.of(Addr.mac("01:00:5e:00:00:01"), MAC_B),
                Ipv4.of(IP_B, Addr.ip("224.0.0.1")).ttl(1).options(routerAlert),
                Igmp.of(Igmp.QUERY, 100, new byte[4])));
        c.add(Frame.of(Ethernet.of(Addr.mac("01:00:5e:00:00:02"), MAC_A),
                Ipv4.of(IP_A, Addr.ip("224.0.0.2")).ttl(1).options(routerAlert), Igmp.of(Igmp.LEAVE, 0, IGMP_GROUP)));
        c.add(ip(ab(), Sctp.of(5000, 38412, 0), Sctp.initChunk(0x01020304)));
        c.add(ip(ab(), Gre.of(), Ethernet.of(Hosts.MAC_D, Hosts.MAC_C), Ipv4.of(Hosts.IP_C, Hosts.IP_D),
                Udp.of(1, 2)));
        c.add(ip(ab(), Gre.of(), Ipv4.of(Hosts.IP_C, Hosts.IP_D), Icmp.echoRequest(1, 1)));
        c.add(ip(ab(), Ipv4.of(Hosts.IP_C, Hosts.IP_D), Udp.of(3, 4)));
        c.add(ip(ab(), Ipv6.of(Hosts.IP6_A, Hosts.IP6_B), Udp.of(3, 4)));
        c.add(ip(ab().proto(50), Raw.of(0, 0, 0, 1, 0, 0, 0, 1), Raw.pattern(32)));
        c.add(ip(ab().proto(103), Raw.pattern(20)));
        c.add(ip(ab().proto(253), Raw.pattern(16)));
        c.add(ip(ab().proto(255)));
        c.add(ip(ab().proto(0), Raw.pattern(8)));
    }

    private static void headerFields(Capture c) {
        // Options: Record Route (IHL 15, the maximum), NOP + Timestamp, a lone End of List, Security
        byte[] rr = new byte[39];
        rr[0] = 7;
        rr[1] = 39;
        rr[2] = 4;
        c.add(ip(ab().options(rr), Icmp.echoRequest(2, 1)));
        c.add(ip(ab().options(1, 68, 12, 5, 0, 0, 0, 0, 0, 0, 0, 0), Udp.of(1, 2)));
        c.add(ip(ab().options(0), Tcp.of(1, 2).flags(Tcp.SYN)));
        c.add(ip(ab().options((byte) 0x82, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0), Udp.of(1, 2)));
        // TTL extremes
        for (int ttl : new int[] {0, 1, 255}) {
            c.add(ip(ab().ttl(ttl), Udp.of(7000, 7000 + ttl)));
        }
        // DSCP and ECN: default, EF+ECT(0), AF41+ECT(1), CS6, CE alone, all ones
        int[][] tos = {{0, 0}, {46, 2}, {34, 1}, {48, 0}, {0, 3}, {63, 3}, {10, 0}};
        for (int[] t : tos) {
            c.add(ip(ab().dscpEcn(t[0], t[1]), Udp.of(8000, 8000 + t[0]), Raw.pattern(4)));
        }
    }

    private static void fragments(Capture c) {
        // A 3000-byte UDP datagram as first / middle / last fragments (offsets 0, 185, 370 units), sized small
        c.add(ip(ab().id(0x4242).flags(Ipv4.FLAG_MF), Udp.of(6000, 6001).length(3008), Raw.pattern(1472)));
        c.add(ip(ab().id(0x4242).flags(Ipv4.FLAG_MF).fragmentOffset(185).proto(Udp.PROTO), Raw.pattern(1480)));
        c.add(ip(ab().id(0x4242).fragmentOffset(370).proto(Udp.PROTO), Raw.pattern(48)));
        // A TCP first fragment, a later fragment that looks like a TCP header, DF set, reserved bit set
        c.add(ip(ab().id(7).flags(Ipv4.FLAG_MF), Tcp.of(1, 2).flags(Tcp.SYN)));
        c.add(ip(ab().id(7).fragmentOffset(3).proto(Tcp.PROTO), Raw.pattern(20)));
        c.add(ip(ab().flags(Ipv4.FLAG_DF), Udp.of(9, 9)));
        c.add(ip(ab().flags(0x8000), Udp.of(9, 9)));
        c.add(ip(ab().id(8).fragmentOffset(8191).proto(Udp.PROTO), Raw.pattern(8)));
    }

    private static void malformed(Capture c) {
        // IHL below 5
        for (int ihl = 0; ihl < 5; ihl++) {
            c.add(ip(ab().ihl(ihl), Udp.of(1, 2)));
        }
        // IHL larger than the frame
        c.add(ip(ab().ihl(15), Udp.of(1, 2)));
        // Total length below IHL*4, zero, and beyond the frame
        c.add(ip(ab().totalLength(19), Udp.of(1, 2)));
        c.add(ip(ab().totalLength(0), Udp.of(1, 2)));
        c.add(ip(ab().options(1, 1, 1, 1).totalLength(22), Udp.of(1, 2)));
        c.add(ip(ab().totalLength(1500), Udp.of(1, 2)));
        c.add(ip(ab().totalLength(65535), Tcp.of(1, 2).flags(Tcp.ACK)));
        // Total length shorter than the frame (Ethernet padding after the datagram)
        c.add(ip(ab(), Udp.of(1, 2)).pad(60));
        // Not version 4 under ethertype 0x0800
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A).type(Ethernet.TYPE_IPV4),
                Raw.of(0x65, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2)));
        // Cut inside the IPv4 header (including inside options)
        for (int len : new int[] {15, 24, 33}) {
            c.add(ip(ab(), Udp.of(1, 2)).truncate(len));
        }
        c.add(ip(ab().options(rrOption()), Udp.of(1, 2)).truncate(40));
        // Cut inside the L4 header: TCP, UDP, ICMP, and a TCP header whose data offset runs past the frame
        c.add(ip(ab(), Tcp.of(40000, 80).flags(Tcp.SYN)).truncate(34 + 13));
        c.add(ip(ab(), Tcp.of(40000, 80).flags(Tcp.SYN)).truncate(34 + 2));
        c.add(ip(ab(), Tcp.of(40000, 80).flags(Tcp.SYN).options(Tcp.synOptions(1460, 1))).truncate(34 + 24));
        c.add(ip(ab(), Udp.of(53000, 53)).truncate(34 + 4));
        c.add(ip(ab(), Icmp.echoRequest(1, 1)).truncate(34 + 1));
        c.add(ip(ab(), Icmp.echoRequest(1, 1)).truncate(34 + 3));
        c.add(ip(ab(), Sctp.of(1, 2, 3)).truncate(34 + 6));
        c.add(ip(ab(), Igmp.of(Igmp.V2_REPORT, 0, IGMP_GROUP)).truncate(34 + 2));
    }

    private static byte[] rrOption() {
        byte[] rr = new byte[11];
        rr[0] = 7;
        rr[1] = 11;
        rr[2] = 4;
        return rr;
    }
}
