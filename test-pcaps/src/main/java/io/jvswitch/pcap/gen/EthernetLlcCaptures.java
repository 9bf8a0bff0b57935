package io.jvswitch.pcap.gen;

import static io.jvswitch.pcap.gen.Hosts.BROADCAST;
import static io.jvswitch.pcap.gen.Hosts.IP_A;
import static io.jvswitch.pcap.gen.Hosts.IP_B;
import static io.jvswitch.pcap.gen.Hosts.MAC_A;
import static io.jvswitch.pcap.gen.Hosts.MAC_B;
import static io.jvswitch.pcap.gen.Hosts.ZERO_MAC;

import java.util.Arrays;

/** ethernet-llc.pcap: Ethernet II, IEEE 802.3 with LLC and with SNAP, runts and minimal 14-byte frames. */
final class EthernetLlcCaptures {
    private static final byte[] STP_DST = Addr.mac("01:80:c2:00:00:00");
    private static final byte[] CDP_DST = Addr.mac("01:00:0c:cc:cc:cc");

    private EthernetLlcCaptures() {
    }

    static Capture build() {
        Capture c = new Capture("ethernet-llc.pcap");
        // Ethernet II
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Ipv4.of(IP_A, IP_B), Udp.of(1024, 7), Raw.pattern(18)));
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A).type(0x88b5), Raw.text("local experimental ethertype")));
        c.add(Frame.of(Ethernet.of(MAC_A, MAC_A).type(0x9000), Raw.pattern(46)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A).type(0x0600), Raw.pattern(46)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A).type(0xffff), Raw.pattern(46)));
        c.add(Frame.of(Ethernet.of(MAC_B, ZERO_MAC).type(0x88cc), Raw.pattern(46)));
        // IEEE 802.3 + LLC: a spanning-tree configuration BPDU, NetBIOS, an XID, an empty LLC payload
        c.add(Frame.of(Ethernet.of(STP_DST, MAC_A), Llc.of(0x42, 0x42, 0x03), Raw.of(stpBpdu())).pad(60));
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_B), Llc.of(0xf0, 0xf0, 0x03), Raw.pattern(40)));
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Llc.of(0x00, 0x01, 0xaf), Raw.of(0x81, 0x01, 0x00)).pad(60));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Llc.of(0xe0, 0xe0, 0x03)));
        // 802.3 length at the 1500 boundary, and a length larger than the frame
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Llc.of(0xe0, 0xe0, 0x03), Raw.pattern(1497)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A).type(0x05dc), Llc.of(0xe0, 0xe0, 0x03), Raw.pattern(20)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A).type(0x05ff), Raw.pattern(46)));
        // 802.3 + SNAP: RFC 1042 IPv4 and ARP, Cisco CDP (OUI 00-00-0c, type 0x2000)
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Snap.rfc1042(), Ipv4.of(IP_A, IP_B), Udp.of(5000, 5001),
                Raw.pattern(10)));
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A), Snap.rfc1042(),
                Arp.of(Arp.OP_REQUEST, MAC_A, IP_A, ZERO_MAC, IP_B)).pad(60));
        c.add(Frame.of(Ethernet.of(CDP_DST, MAC_A), Snap.of(0x00000c).type(0x2000), Raw.pattern(40)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Snap.rfc1042()));
        // LLC and SNAP cut short
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Llc.of(0x42, 0x42, 0x03), Raw.of(stpBpdu())).truncate(16));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A), Snap.rfc1042(), Ipv4.of(IP_A, IP_B)).truncate(20));
        // Minimal 14-byte frames: header only
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A).type(Ethernet.TYPE_IPV4)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A).type(Ethernet.TYPE_IPV6)));
        c.add(Frame.of(Ethernet.of(BROADCAST, MAC_A).type(Ethernet.TYPE_ARP)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A).type(0x88b5)));
        c.add(Frame.of(Ethernet.of(MAC_B, MAC_A).type(0x0000)));
        // Runts: shorter than an Ethernet header
        byte[] full = Frame.of(Ethernet.of(MAC_B, MAC_A), Ipv4.of(IP_A, IP_B), Udp.of(1, 2)).bytes();
        for (int len : new int[] {1, 6, 12, 13}) {
            c.add(Arrays.copyOf(full, len));
        }
        return c;
    }

    /** A 35-byte IEEE 802.1D configuration BPDU: root and bridge 8000.02:00:00:00:00:0a, port 0x8001. */
    private static byte[] stpBpdu() {
        return new byte[] {0, 0, 0, 0, 0, (byte) 0x80, 0, 2, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0,
            (byte) 0x80, 0, 2, 0, 0, 0, 0, 0x0a, (byte) 0x80, 1, 0, 0, 0x14, 0, 2, 0, 0x0f, 0};
    }
}
