package io.jvswitch.dataplane.parse;

import static io.jvswitch.dataplane.parse.Parsed.ip4;
import static io.jvswitch.dataplane.parse.Parsed.ip6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvswitch.flowcache.FlowKey;

import org.junit.jupiter.api.Test;

/** Layer 3: IPv4 (options, fragments, malformed lengths) and IPv6 (extension headers, fragments). */
class PacketParserL3Test {
    @Test
    void ipv4FillsAddressesProtoTosTtlAndPointsL4PastTheOptions() {
        Parsed p = Parsed.of("ipv4-options-tcp");
        assertEquals(ip4(TestFrames.IP_A), FlowKey.nwSrc(p.k, p.b));
        assertEquals(ip4(TestFrames.IP_B), FlowKey.nwDst(p.k, p.b));
        assertEquals(6, FlowKey.nwProto(p.k, p.b));
        assertEquals(64, FlowKey.nwTtl(p.k, p.b));
        assertEquals(0, FlowKey.nwFrag(p.k, p.b));
        assertEquals(14, p.l3());
        assertEquals(14 + 28, p.l4());
        assertEquals(22, FlowKey.tpSrc(p.k, p.b));
        assertEquals(0xb9, FlowKey.nwTos(Parsed.of("ipv4-tos-ecn").k, 3));
    }

    @Test
    void ipv4FragmentsAreFlaggedAndLaterFragmentsHaveNoTransportFields() {
        assertEquals(0, FlowKey.nwFrag(Parsed.of("ipv4-dont-fragment").k, 3));
        assertEquals(0, FlowKey.nwFrag(Parsed.of("ipv4-reserved-flag-only").k, 3));
        Parsed first = Parsed.of("ipv4-first-fragment");
        assertEquals(FlowKey.FRAG_ANY, FlowKey.nwFrag(first.k, first.b));
        assertEquals(5000, FlowKey.tpSrc(first.k, first.b));
        for (String name : new String[] {"ipv4-later-fragment", "ipv4-last-fragment-tcp"}) {
            Parsed later = Parsed.of(name);
            assertEquals(FlowKey.FRAG_ANY | FlowKey.FRAG_LATER, FlowKey.nwFrag(later.k, later.b), name);
            assertEquals(0L, later.k[later.b + FlowKey.W_L4], name);
            assertEquals(0, FlowKey.tcpFlags(later.k, later.b), name);
            assertEquals(34, later.l4(), name);
        }
    }

    @Test
    void malformedIpv4LengthsLeaveL3EmptyButKeepTheFrame() {
        for (String name : new String[] {"ipv4-bad-ihl-4", "ipv4-ihl-past-end", "ipv4-totlen-below-header",
            "ipv4-totlen-below-ihl", "ipv4-totlen-past-end", "ipv4-short-header", "eth-only-ipv4-type"}) {
            Parsed p = Parsed.of(name);
            assertEquals(0x0800, FlowKey.ethType(p.k, p.b), name);
            assertEquals(14, p.l3(), name);
            assertEquals(0, p.l4(), name);
            assertEquals(0L, p.k[p.b + FlowKey.W_NW_ADDR], name);
            assertEquals(0L, p.k[p.b + FlowKey.W_MPLS_NW], name);
        }
    }

    @Test
    void ipv4TotalLengthBoundsTheTransportHeaderAndPaddingIsIgnored() {
        Parsed cut = Parsed.of("ipv4-totlen-cuts-l4");
        assertEquals(6, FlowKey.nwProto(cut.k, cut.b));
        assertEquals(0L, cut.k[cut.b + FlowKey.W_L4]);
        Parsed padded = Parsed.of("ipv4-padded-udp");
        assertEquals(7, FlowKey.tpSrc(padded.k, padded.b));
        assertEquals(9, FlowKey.tpDst(padded.k, padded.b));
    }

    @Test
    void ipv4VersionNibbleIsNotChecked() {
        Parsed p = Parsed.of("ipv4-version-6-nibble");
        assertEquals(ip4(TestFrames.IP_A), FlowKey.nwSrc(p.k, p.b));
    }

    @Test
    void ipv6FillsAddressesLabelTrafficClassHopLimit() {
        Parsed p = Parsed.of("ipv6-label-tclass");
        assertArrayEquals(ip6(TestFrames.IP6_A), new long[] {p.k[p.b + 7], p.k[p.b + 8]});
        assertArrayEquals(ip6(TestFrames.IP6_B), new long[] {p.k[p.b + 9], p.k[p.b + 10]});
        assertEquals(0xbcdef, FlowKey.ipv6Label(p.k, p.b));
        assertEquals(0xa7, FlowKey.nwTos(p.k, p.b));
        assertEquals(255, FlowKey.nwTtl(p.k, p.b));
        assertEquals(17, FlowKey.nwProto(p.k, p.b));
        assertEquals(54, p.l4());
        assertEquals(6000, FlowKey.tpDst(p.k, p.b));
    }

    @Test
    void ipv6ExtensionHeadersAreSkippedToTheTransportHeader() {
        Parsed hop = Parsed.of("ipv6-hopopts-udp");
        assertEquals(17, FlowKey.nwProto(hop.k, hop.b));
        assertEquals(62, hop.l4());
        Parsed rt = Parsed.of("ipv6-routing-tcp");
        assertEquals(6, FlowKey.nwProto(rt.k, rt.b));
        assertEquals(54 + 24, rt.l4());
        assertEquals(0x011, FlowKey.tcpFlags(rt.k, rt.b));
        Parsed dst = Parsed.of("ipv6-dstopts-sctp");
        assertEquals(2906, FlowKey.tpDst(dst.k, dst.b));
        Parsed ah = Parsed.of("ipv6-ah-udp");
        assertEquals(54 + 24, ah.l4(), "AH length is (len + 2) * 4");
        assertEquals(5000, FlowKey.tpSrc(ah.k, ah.b));
        Parsed chain = Parsed.of("ipv6-chain-hop-dst-rt-ah-frag0-tcp");
        assertEquals(6, FlowKey.nwProto(chain.k, chain.b));
        assertEquals(FlowKey.FRAG_ANY, FlowKey.nwFrag(chain.k, chain.b));
        assertEquals(8080, FlowKey.tpSrc(chain.k, chain.b));
        assertEquals(54 + 8 + 8 + 16 + 12 + 8, chain.l4());
        assertEquals(135, FlowKey.nwProto(Parsed.of("ipv6-unknown-ext-135").k, 3));
    }

    @Test
    void ipv6FragmentHeaderFlagsFirstAndLaterFragments() {
        Parsed first = Parsed.of("ipv6-first-fragment-udp");
        assertEquals(FlowKey.FRAG_ANY, FlowKey.nwFrag(first.k, first.b));
        assertEquals(17, FlowKey.nwProto(first.k, first.b));
        assertEquals(5000, FlowKey.tpSrc(first.k, first.b));
        Parsed later = Parsed.of("ipv6-later-fragment");
        assertEquals(FlowKey.FRAG_ANY | FlowKey.FRAG_LATER, FlowKey.nwFrag(later.k, later.b));
        assertEquals(44, FlowKey.nwProto(later.k, later.b), "a later fragment's protocol is 'fragment'");
        assertEquals(0L, later.k[later.b + FlowKey.W_L4] & 0xffffffffL);
        assertEquals(62, later.l4());
        assertEquals(0, FlowKey.nwFrag(Parsed.of("ipv6-atomic-fragment").k, 3));
        assertEquals(FlowKey.FRAG_ANY, FlowKey.nwFrag(Parsed.of("ipv6-fragment-reserved-bits").k, 3));
    }

    @Test
    void ipv6ExtensionChainRunningOffTheEndKeepsAddressesOnly() {
        for (String name : new String[] {"ipv6-ext-runs-off-end", "ipv6-ext-shorter-than-8",
            "ipv6-ah-runs-off-end"}) {
            Parsed p = Parsed.of(name);
            assertArrayEquals(ip6(TestFrames.IP6_A), new long[] {p.k[p.b + 7], p.k[p.b + 8]}, name);
            assertEquals(0L, p.k[p.b + FlowKey.W_MPLS_NW], name + ": proto, tos, ttl, frag stay zero");
            assertEquals(0L, p.k[p.b + FlowKey.W_L4], name + ": label and ports stay zero");
            assertEquals(0, p.l4(), name);
            assertEquals(14, p.l3(), name);
        }
    }

    @Test
    void malformedIpv6LengthsLeaveL3EmptyAndPaddingIsIgnored() {
        for (String name : new String[] {"ipv6-plen-past-end", "ipv6-short-header"}) {
            Parsed p = Parsed.of(name);
            assertEquals(0x86dd, FlowKey.ethType(p.k, p.b), name);
            for (int w = FlowKey.W_MPLS_NW; w < FlowKey.KEY_WORDS; w++) {
                assertEquals(0L, p.k[p.b + w], name + " word " + w);
            }
        }
        Parsed padded = Parsed.of("ipv6-padded");
        assertEquals(2, FlowKey.tpDst(padded.k, padded.b));
    }

    @Test
    void ipv6BehindAVlanTag() {
        Parsed p = Parsed.of("vlan-ipv6-tcp");
        assertEquals(0xb123, FlowKey.vlanTci(p.k, p.b, 0));
        assertEquals(18, p.l3());
        assertEquals(58, p.l4());
        assertEquals(179, FlowKey.tpSrc(p.k, p.b));
        assertEquals(1, FlowKey.ipv6Label(p.k, p.b));
    }
}
