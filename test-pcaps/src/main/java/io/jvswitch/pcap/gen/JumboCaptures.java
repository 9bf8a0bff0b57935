package io.jvswitch.pcap.gen;

import static io.jvswitch.pcap.gen.Hosts.IP6_A;
import static io.jvswitch.pcap.gen.Hosts.IP6_B;
import static io.jvswitch.pcap.gen.Hosts.IP_A;
import static io.jvswitch.pcap.gen.Hosts.IP_B;
import static io.jvswitch.pcap.gen.Hosts.MAC_A;
import static io.jvswitch.pcap.gen.Hosts.MAC_B;

/**
 * jumbo.pcap: frames of a 9000-byte MTU (9014 bytes untagged, 9018 tagged) and a standard 1514-byte frame;
 * larger than the default 2048-byte frame pool slot, so ports must count and skip them.
 */
final class JumboCaptures {
    private JumboCaptures() {
    }

    static Capture build() {
        Capture c = new Capture("jumbo.pcap");
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Ipv4.of(IP_A, IP_B).flags(Ipv4.FLAG_DF), Udp.of(9000, 9000),
                Raw.pattern(9000 - 28)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Vlan.of(100), Ipv4.of(IP_A, IP_B).flags(Ipv4.FLAG_DF),
                Tcp.of(40000, 5001).seq(1).ack(1).flags(Tcp.ACK | Tcp.PSH), Raw.pattern(9000 - 40)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Ipv6.of(IP6_A, IP6_B), Udp.of(9000, 9000),
                Raw.pattern(9000 - 48)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Ipv4.of(IP_A, IP_B).flags(Ipv4.FLAG_DF),
                Tcp.of(40000, 5001).seq(8961).ack(1).flags(Tcp.ACK), Raw.pattern(1500 - 40)));
        return c;
    }
}
