package io.jvswitch.pcap.gen;

import static io.jvswitch.pcap.gen.Hosts.BROADCAST;
import static io.jvswitch.pcap.gen.Hosts.IP_A;
import static io.jvswitch.pcap.gen.Hosts.IP_B;
import static io.jvswitch.pcap.gen.Hosts.IP_C;
import static io.jvswitch.pcap.gen.Hosts.IP_D;
import static io.jvswitch.pcap.gen.Hosts.LL_A;
import static io.jvswitch.pcap.gen.Hosts.LL_B;
import static io.jvswitch.pcap.gen.Hosts.MAC_A;
import static io.jvswitch.pcap.gen.Hosts.MAC_B;
import static io.jvswitch.pcap.gen.Hosts.MAC_C;
import static io.jvswitch.pcap.gen.Hosts.MAC_D;
import static io.jvswitch.pcap.gen.Hosts.ZERO_MAC;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * mixed.pcap: a small, realistic exchange among four hosts on one segment (A, B, C and D, the DNS server),
 * for demos and end-to-end tests: ARP, ICMP echo, DNS over UDP, a whole TCP connection (handshake, request,
 * response, teardown), IPv6 neighbor discovery and echo, a UDP media stream, and traffic tagged VLAN 10
 * between C and D.
 */
final class MixedCaptures {
    private static final int VLAN = 10;

    private MixedCaptures() {
    }

    static Capture build() {
        Capture c = new Capture("mixed.pcap");
        arpAndPing(c);
        dns(c);
        tcpConnection(c);
        ipv6(c);
        vlanTraffic(c);
        udpStream(c);
        return c;
    }

    private static Frame eth(byte[] dst, byte[] src, Layer... rest) {
        Frame f = Frame.of(Ethernet.of(dst, src));
        for (Layer l : rest) {
            f.add(l);
        }
        return f;
    }

    private static void arpAndPing(Capture c) {
        c.add(eth(BROADCAST, MAC_A, Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B)).pad(60));
        c.gapMicros(120).add(eth(MAC_A, MAC_B, Arp.of(Arp.OP_REPLY, MAC_B, IP_B, MAC_A, IP_A)).pad(60));
        for (int seq = 1; seq <= 4; seq++) {
            c.gapMicros(seq == 1 ? 50 : 999_000);
            c.add(eth(MAC_B, MAC_A, Ipv4.of(IP_A, IP_B).id(0x1000 + seq).flags(Ipv4.FLAG_DF),
                    Icmp.echoRequest(0x0b0b, seq), Raw.pattern(56)));
            c.gapMicros(80).add(eth(MAC_A, MAC_B, Ipv4.of(IP_B, IP_A).id(0x2000 + seq),
                    Icmp.echoReply(0x0b0b, seq), Raw.pattern(56)));
        }
    }

    private static void dns(Capture c) {
        c.add(eth(BROADCAST, MAC_A, Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_D)).pad(60));
        c.add(eth(MAC_A, MAC_D, Arp.of(Arp.OP_REPLY, MAC_D, IP_D, MAC_A, IP_A)).pad(60));
        String[] names = {"c.example", "b.example", "www.example"};
        byte[][] answers = {IP_C, IP_B, Addr.ip("192.0.2.80")};
        for (int i = 0; i < names.length; i++) {
            int id = 0x5a00 + i;
            c.gapMicros(2_000).add(eth(MAC_D, MAC_A, Ipv4.of(IP_A, IP_D).id(0x3000 + i), Udp.of(41000 + i, 53),
                    Raw.of(dnsQuery(id, names[i]))));
            c.gapMicros(300).add(eth(MAC_A, MAC_D, Ipv4.of(IP_D, IP_A).id(0x4000 + i), Udp.of(53, 41000 + i),
                    Raw.of(dnsAnswer(id, names[i], answers[i]))));
        }
    }

    private static void tcpConnection(Capture c) {
        c.add(eth(BROADCAST, MAC_A, Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_C)).pad(60));
        c.add(eth(MAC_A, MAC_C, Arp.of(Arp.OP_REPLY, MAC_C, IP_C, MAC_A, IP_A)).pad(60));
        long a = 0x10000000L;
        long b = 0x70000000L;
        c.add(toC(Tcp.of(45678, 80).seq(a).flags(Tcp.SYN).window(64240).options(Tcp.synOptions(1460, 1000))));
        c.gapMicros(150).add(fromC(Tcp.of(80, 45678).seq(b).ack(a + 1).flags(Tcp.SYN | Tcp.ACK).window(65160)
                .options(Tcp.synOptions(1460, 2000))));
        c.add(toC(Tcp.of(45678, 80).seq(a + 1).ack(b + 1).flags(Tcp.ACK).window(502)));
        byte[] get = "GET /index.html HTTP/1.1\r\nHost: c.example\r\nUser-Agent: jvswitch-gen\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        c.add(toC(Tcp.of(45678, 80).seq(a + 1).ack(b + 1).flags(Tcp.ACK | Tcp.PSH).window(502), Raw.of(get)));
        a += 1 + get.length;
        long sent = b + 1;
        c.gapMicros(200).add(fromC(Tcp.of(80, 45678).seq(sent).ack(a).flags(Tcp.ACK).window(509)));
        for (int seg = 0; seg < 6; seg++) {
            int len = seg < 5 ? 1000 : 321;
            int flags = Tcp.ACK | (seg == 5 ? Tcp.PSH : 0);
            c.gapMicros(40).add(fromC(Tcp.of(80, 45678).seq(sent).ack(a).flags(flags).window(509),
                    Raw.pattern(len)));
            sent += len;
            if (seg % 2 == 1) {
                c.add(toC(Tcp.of(45678, 80).seq(a).ack(sent).flags(Tcp.ACK).window(501)));
            }
        }
        c.gapMicros(5_000).add(toC(Tcp.of(45678, 80).seq(a).ack(sent).flags(Tcp.FIN | Tcp.ACK).window(501)));
        c.add(fromC(Tcp.of(80, 45678).seq(sent).ack(a + 1).flags(Tcp.FIN | Tcp.ACK).window(509)));
        c.add(toC(Tcp.of(45678, 80).seq(a + 1).ack(sent + 1).flags(Tcp.ACK).window(501)));
    }

    private static Frame toC(Tcp tcp, Layer... data) {
        Frame f = eth(MAC_C, MAC_A, Ipv4.of(IP_A, IP_C).flags(Ipv4.FLAG_DF), tcp);
        for (Layer l : data) {
            f.add(l);
        }
        return f;
    }

    private static Frame fromC(Tcp tcp, Layer... data) {
        Frame f = eth(MAC_A, MAC_C, Ipv4.of(IP_C, IP_A).flags(Ipv4.FLAG_DF), tcp);
        for (Layer l : data) {
            f.add(l);
        }
        return f;
    }

    private static void ipv6(Capture c) {
        byte[] sn = Addr.solicitedNode(LL_B);
        c.gapMicros(10_000).add(eth(Addr.ipv6MulticastMac(sn), MAC_A, Ipv6.of(LL_A, sn).hopLimit(255),
                Icmpv6.neighborSolicit(LL_B, NdOption.sourceLinkAddr(MAC_A))));
        c.add(eth(MAC_A, MAC_B, Ipv6.of(LL_B, LL_A).hopLimit(255),
                Icmpv6.neighborAdvert(Icmpv6.NA_SOLICITED | Icmpv6.NA_OVERRIDE, LL_B, NdOption.targetLinkAddr(MAC_B))));
        for (int seq = 1; seq <= 3; seq++) {
            c.gapMicros(500_000).add(eth(MAC_B, MAC_A, Ipv6.of(LL_A, LL_B).flowLabel(0x3a3a3),
                    Icmpv6.echoRequest(0x66, seq), Raw.pattern(56)));
            c.gapMicros(60).add(eth(MAC_A, MAC_B, Ipv6.of(LL_B, LL_A).flowLabel(0x4b4b4),
                    Icmpv6.echoReply(0x66, seq), Raw.pattern(56)));
        }
    }

    private static void vlanTraffic(Capture c) {
        byte[] ipC = Addr.ip("192.168.10.3");
        byte[] ipD = Addr.ip("192.168.10.254");
        c.add(eth(BROADCAST, MAC_C, Vlan.of(VLAN), Arp.of(Arp.OP_REQUEST, MAC_C, ipC, ZERO_MAC, ipD)).pad(64));
        c.add(eth(MAC_C, MAC_D, Vlan.of(VLAN), Arp.of(Arp.OP_REPLY, MAC_D, ipD, MAC_C, ipC)).pad(64));
        for (int seq = 1; seq <= 3; seq++) {
            c.gapMicros(300_000).add(eth(MAC_D, MAC_C, Vlan.of(VLAN), Ipv4.of(ipC, ipD).id(seq),
                    Icmp.echoRequest(0x0c0c, seq), Raw.pattern(32)));
            c.add(eth(MAC_C, MAC_D, Vlan.of(VLAN), Ipv4.of(ipD, ipC).id(0x100 + seq),
                    Icmp.echoReply(0x0c0c, seq), Raw.pattern(32)));
        }
        for (int i = 0; i < 10; i++) {
            String line = "<134>jan 1 00:00:0" + (i % 10) + " c app[42]: event " + i;
            c.gapMicros(20_000).add(eth(MAC_D, MAC_C, Vlan.of(VLAN).pcp(3), Ipv4.of(ipC, ipD).id(0x200 + i),
                    Udp.of(514, 514), Raw.text(line)));
        }
    }

    private static void udpStream(Capture c) {
        for (int i = 0; i < 120; i++) {
            byte[] rtp = new byte[172];
            rtp[0] = (byte) 0x80;
            rtp[1] = 0;
            rtp[2] = (byte) (i >>> 8);
            rtp[3] = (byte) i;
            rtp[7] = (byte) (i * 160);
            rtp[6] = (byte) ((i * 160) >>> 8);
            rtp[11] = 0x2a;
            c.gapMicros(19_000).add(eth(MAC_B, MAC_A, Ipv4.of(IP_A, IP_B).id(0x6000 + i).dscpEcn(46, 0),
                    Udp.of(16384, 16386), Raw.of(rtp)));
            if (i % 20 == 19) {
                c.add(eth(MAC_A, MAC_B, Ipv4.of(IP_B, IP_A).id(0x7000 + i).dscpEcn(46, 0), Udp.of(16387, 16385),
                        Raw.pattern(52)));
            }
        }
    }

    /** A DNS query (RFC 1035 4.1) for an A record of {@code name}, recursion desired. */
    private static byte[] dnsQuery(int id, String name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeShorts(b, id, 0x0100, 1, 0, 0, 0);
        writeName(b, name);
        writeShorts(b, 1, 1);
        return b.toByteArray();
    }

    /** The answer to {@link #dnsQuery}: the question echoed and one A record with a 300 s TTL. */
    private static byte[] dnsAnswer(int id, String name, byte[] address) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeShorts(b, id, 0x8180, 1, 1, 0, 0);
        writeName(b, name);
        writeShorts(b, 1, 1, 0xc00c, 1, 1, 0, 300, 4);
        b.writeBytes(address);
        return b.toByteArray();
    }

    private static void writeName(ByteArrayOutputStream b, String name) {
        for (String label : name.split("\\.")) {
            b.write(label.length());
            b.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        b.write(0);
    }

    private static void writeShorts(ByteArrayOutputStream b, int... values) {
        for (int v : values) {
            b.write(v >>> 8);
            b.write(v);
        }
    }
}
