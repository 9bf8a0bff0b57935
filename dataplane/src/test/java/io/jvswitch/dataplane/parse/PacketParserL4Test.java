package io.jvswitch.dataplane.parse;

import static io.jvswitch.dataplane.parse.Parsed.ip6;
import static io.jvswitch.dataplane.parse.Parsed.mac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvswitch.flowcache.FlowKey;

import org.junit.jupiter.api.Test;

/** Layer 4: ports, TCP flags, ICMP/IGMP type and code, ICMPv6 and neighbour discovery. */
class PacketParserL4Test {
    private static final long MAC_X = mac("aa:bb:cc:dd:ee:ff");
    private static final long MAC_Y = mac("02:11:22:33:44:55");

    @Test
    void tcpPortsAndTwelveFlagBits() {
        Parsed syn = Parsed.of("ipv4-tcp-syn");
        assertEquals(43210, FlowKey.tpSrc(syn.k, syn.b));
        assertEquals(80, FlowKey.tpDst(syn.k, syn.b));
        assertEquals(0x002, FlowKey.tcpFlags(syn.k, syn.b));
        assertEquals(0xfff, FlowKey.tcpFlags(Parsed.of("ipv4-tcp-all-flags").k, 3));
        assertEquals(65535, FlowKey.tpDst(Parsed.of("ipv4-tcp-all-flags").k, 3));
        assertEquals(0x012, FlowKey.tcpFlags(Parsed.of("ipv4-tcp-options").k, 3));
    }

    @Test
    void tcpWithBadDataOffsetOrShortHeaderHasNoTransportFields() {
        for (String name : new String[] {"ipv4-tcp-offset-below-5", "ipv4-tcp-offset-past-end", "ipv4-tcp-short"}) {
            Parsed p = Parsed.of(name);
            assertEquals(6, FlowKey.nwProto(p.k, p.b), name);
            assertEquals(0L, p.k[p.b + FlowKey.W_L4], name);
            assertEquals(0L, p.k[p.b + FlowKey.W_ARP_SHA], name);
            assertEquals(34, p.l4(), name);
        }
    }

    @Test
    void udpSctpPortsAndTheirShortHeaders() {
        Parsed udp = Parsed.of("ipv4-udp");
        assertEquals(68, FlowKey.tpSrc(udp.k, udp.b));
        assertEquals(67, FlowKey.tpDst(udp.k, udp.b));
        Parsed sctp = Parsed.of("ipv4-sctp");
        assertEquals(36412, FlowKey.tpSrc(sctp.k, sctp.b));
        assertEquals(0L, Parsed.of("ipv4-udp-short").k[3 + FlowKey.W_L4]);
        assertEquals(0L, Parsed.of("ipv4-sctp-short").k[3 + FlowKey.W_L4]);
        assertEquals(0L, Parsed.of("ipv6-udp-short").k[3 + FlowKey.W_L4]);
        assertEquals(547, FlowKey.tpDst(Parsed.of("ipv6-udp").k, 3));
        assertEquals(0x018, FlowKey.tcpFlags(Parsed.of("ipv6-tcp").k, 3));
    }

    @Test
    void icmpAndIgmpTypeAndCodeGoToTheTransportPorts() {
        Parsed un = Parsed.of("ipv4-icmp-unreachable");
        assertEquals(3, FlowKey.tpSrc(un.k, un.b));
        assertEquals(13, FlowKey.tpDst(un.k, un.b));
        assertEquals(0L, Parsed.of("ipv4-icmp-short").k[3 + FlowKey.W_L4]);
        Parsed igmp = Parsed.of("ipv4-igmp-query");
        assertEquals(2, FlowKey.nwProto(igmp.k, igmp.b));
        assertEquals(0x11, FlowKey.tpSrc(igmp.k, igmp.b));
        assertEquals(100, FlowKey.tpDst(igmp.k, igmp.b));
        Parsed v6icmp = Parsed.of("ipv6-icmp4-proto");
        assertEquals(8, FlowKey.tpSrc(v6icmp.k, v6icmp.b), "protocol 1 is ICMP whatever the IP version");
    }

    @Test
    void icmpv6OtherThanNeighbourDiscoveryHasTypeAndCodeOnly() {
        Parsed echo = Parsed.of("ipv6-icmp6-echo");
        assertEquals(128, FlowKey.tpSrc(echo.k, echo.b));
        assertEquals(0, FlowKey.ndReserved(echo.k, echo.b));
        Parsed rs = Parsed.of("ipv6-icmp6-router-solicit");
        assertEquals(133, FlowKey.tpSrc(rs.k, rs.b));
        assertEquals(0L, FlowKey.arpSha(rs.k, rs.b));
        Parsed code1 = Parsed.of("nd-ns-code-1");
        assertEquals(1, FlowKey.tpDst(code1.k, code1.b));
        assertEquals(0L, code1.k[code1.b + FlowKey.W_ND_TARGET]);
        assertEquals(0L, FlowKey.arpSha(code1.k, code1.b));
        assertEquals(0L, Parsed.of("ipv6-icmp6-short").k[3 + FlowKey.W_L4]);
    }

    @Test
    void neighbourSolicitationTakesTargetSourceLinkAddressAndOptionType() {
        Parsed p = Parsed.of("nd-ns-sll");
        assertEquals(135, FlowKey.tpSrc(p.k, p.b));
        assertArrayEquals(ip6("fe80::1"), new long[] {p.k[p.b + 14], p.k[p.b + 15]});
        assertEquals(MAC_X, FlowKey.arpSha(p.k, p.b));
        assertEquals(0L, FlowKey.arpTha(p.k, p.b));
        assertEquals(1, FlowKey.ndOptionsType(p.k, p.b));
        assertEquals(0, FlowKey.ndReserved(p.k, p.b));
    }

    @Test
    void neighbourAdvertisementTakesReservedFlagsAndTargetLinkAddress() {
        Parsed p = Parsed.of("nd-na-tll-flags");
        assertEquals(0xe0000000, FlowKey.ndReserved(p.k, p.b));
        assertEquals(MAC_Y, FlowKey.arpTha(p.k, p.b));
        assertEquals(2, FlowKey.ndOptionsType(p.k, p.b));
        Parsed both = Parsed.of("nd-na-tll-then-sll");
        assertEquals(MAC_X, FlowKey.arpSha(both.k, both.b));
        assertEquals(MAC_Y, FlowKey.arpTha(both.k, both.b));
        assertEquals(2, FlowKey.ndOptionsType(both.k, both.b), "the first option's type is kept");
    }

    @Test
    void neighbourDiscoveryWithoutTargetHasOnlyReservedWord() {
        for (String name : new String[] {"nd-ns-no-target", "nd-ns-truncated-target"}) {
            Parsed p = Parsed.of(name);
            assertEquals(135, FlowKey.tpSrc(p.k, p.b), name);
            assertEquals(0L, p.k[p.b + FlowKey.W_ND_TARGET] | p.k[p.b + FlowKey.W_ND_TARGET + 1], name);
            assertEquals(0L, p.k[p.b + FlowKey.W_ARP_SHA] | p.k[p.b + FlowKey.W_ARP_THA], name);
        }
        assertEquals(0x12345678, FlowKey.ndReserved(Parsed.of("nd-ns-no-target").k, 3));
    }

    @Test
    void aRepeatedLinkAddressOptionDropsTargetAndAddressesButKeepsTheOptionType() {
        Parsed p = Parsed.of("nd-ns-duplicate-sll");
        assertEquals(0L, p.k[p.b + FlowKey.W_ND_TARGET] | p.k[p.b + FlowKey.W_ND_TARGET + 1]);
        assertEquals(0L, FlowKey.arpSha(p.k, p.b));
        assertEquals(1, FlowKey.ndOptionsType(p.k, p.b));
        assertEquals(135, FlowKey.tpSrc(p.k, p.b));
    }

    @Test
    void badOrUnknownOptionsStopOrAreSkipped() {
        Parsed zero = Parsed.of("nd-ns-zero-length-option");
        assertEquals(0L, FlowKey.arpSha(zero.k, zero.b), "a zero-length option ends option parsing");
        assertArrayEquals(ip6("fe80::1"), new long[] {zero.k[zero.b + 14], zero.k[zero.b + 15]});
        assertEquals(0L, FlowKey.arpSha(Parsed.of("nd-ns-option-too-long").k, 3));
        Parsed big = Parsed.of("nd-ns-16-byte-sll-ignored");
        assertEquals(0L, FlowKey.arpSha(big.k, big.b));
        assertEquals(MAC_Y, FlowKey.arpTha(big.k, big.b));
        assertEquals(2, FlowKey.ndOptionsType(big.k, big.b));
        Parsed unknown = Parsed.of("nd-ns-unknown-option-first");
        assertEquals(MAC_X, FlowKey.arpSha(unknown.k, unknown.b));
        assertEquals(1, FlowKey.ndOptionsType(unknown.k, unknown.b));
        assertEquals(MAC_X, FlowKey.arpSha(Parsed.of("nd-ns-short-trailing-bytes").k, 3));
    }

    @Test
    void neighbourDiscoveryBehindExtensionHeadersAndInIpv4() {
        Parsed frag = Parsed.of("nd-ns-after-first-fragment");
        assertEquals(MAC_X, FlowKey.arpSha(frag.k, frag.b));
        assertEquals(FlowKey.FRAG_ANY, FlowKey.nwFrag(frag.k, frag.b));
        Parsed hop = Parsed.of("nd-na-via-hopopts");
        assertEquals(MAC_Y, FlowKey.arpTha(hop.k, hop.b));
        assertEquals(0x20000000, FlowKey.ndReserved(hop.k, hop.b));
        Parsed v4 = Parsed.of("ipv4-carrying-icmpv6-ns");
        assertEquals(MAC_X, FlowKey.arpSha(v4.k, v4.b), "protocol 58 is parsed as ICMPv6 under IPv4 too");
    }
}
