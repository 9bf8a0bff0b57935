package io.jvswitch.dataplane.parse;

/** Ethertypes and IP protocol numbers the parser dispatches on (IEEE 802, IANA). */
final class EtherTypes {
    static final int MIN = 0x0600;          // smaller values are an 802.3 length field
    static final int IPV4 = 0x0800;
    static final int ARP = 0x0806;
    static final int RARP = 0x8035;
    static final int VLAN_8021Q = 0x8100;
    static final int VLAN_8021AD = 0x88a8;
    static final int IPV6 = 0x86dd;
    static final int MPLS = 0x8847;
    static final int MPLS_MCAST = 0x8848;

    static final int IPPROTO_HOPOPTS = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_IGMP = 2;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_ROUTING = 43;
    static final int IPPROTO_FRAGMENT = 44;
    static final int IPPROTO_AH = 51;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IPPROTO_DSTOPTS = 60;
    static final int IPPROTO_SCTP = 132;

    private EtherTypes() {
    }
}
