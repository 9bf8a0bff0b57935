package io.jvswitch.pcap.gen;

import java.net.InetAddress;

/** Address literals as bytes: MAC {@code "02:00:00:00:00:01"}, IPv4 and IPv6 text forms (no name lookups). */
public final class Addr {
    private Addr() {
    }

    public static byte[] mac(String text) {
        String[] p = text.split(":");
        if (p.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) Integer.parseInt(p[i], 16);
        }
        return b;
    }

    public static byte[] ip(String text) {
        return InetAddress.ofLiteral(text).getAddress();
    }

    /** IPv6 solicited-node multicast address ff02::1:ffXX:XXXX for {@code target}. */
    public static byte[] solicitedNode(byte[] target) {
        byte[] b = ip("ff02::1:ff00:0");
        b[13] = target[13];
        b[14] = target[14];
        b[15] = target[15];
        return b;
    }

    /** Ethernet multicast MAC 33:33:XX:XX:XX:XX for an IPv6 multicast group. */
    public static byte[] ipv6MulticastMac(byte[] group) {
        return new byte[] {0x33, 0x33, group[12], group[13], group[14], group[15]};
    }
}
