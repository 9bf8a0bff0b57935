package io.jvswitch.pcap.gen;

/** The fixed hosts of the generated captures (locally administered MACs, documentation/private addresses). */
final class Hosts {
    static final byte[] MAC_A = Addr.mac("02:00:00:00:00:0a");
    static final byte[] MAC_B = Addr.mac("02:00:00:00:00:0b");
    static final byte[] MAC_C = Addr.mac("02:00:00:00:00:0c");
    static final byte[] MAC_D = Addr.mac("02:00:00:00:00:0d");
    static final byte[] BROADCAST = Addr.mac("ff:ff:ff:ff:ff:ff");
    static final byte[] ZERO_MAC = new byte[6];

    static final byte[] IP_A = Addr.ip("10.0.0.1");
    static final byte[] IP_B = Addr.ip("10.0.0.2");
    static final byte[] IP_C = Addr.ip("10.0.0.3");
    static final byte[] IP_D = Addr.ip("10.0.0.254");
    static final byte[] IP_ZERO = Addr.ip("0.0.0.0");

    static final byte[] IP6_A = Addr.ip("2001:db8::a");
    static final byte[] IP6_B = Addr.ip("2001:db8::b");
    static final byte[] LL_A = Addr.ip("fe80::a");
    static final byte[] LL_B = Addr.ip("fe80::b");
    static final byte[] LL_D = Addr.ip("fe80::d");
    static final byte[] IP6_UNSPEC = Addr.ip("::");
    static final byte[] ALL_NODES = Addr.ip("ff02::1");
    static final byte[] ALL_ROUTERS = Addr.ip("ff02::2");

    private Hosts() {
    }
}
