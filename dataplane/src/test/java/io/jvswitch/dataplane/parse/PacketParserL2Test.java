package io.jvswitch.dataplane.parse;

import static io.jvswitch.dataplane.parse.Parsed.ip4;
import static io.jvswitch.dataplane.parse.Parsed.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.flowcache.FlowKey;

import org.junit.jupiter.api.Test;

/** Layer 2: Ethernet, 802.3/LLC/SNAP, VLAN tags, MPLS, ARP/RARP and runt frames. */
class PacketParserL2Test {
    @Test
    void framesShorterThanAnEthernetHeaderAreRuntsWithAClearedKey() {
        byte[] f = TestFrames.get("ipv4-tcp-syn");
        for (int len = 0; len < 14; len++) {
            Parsed p = Parsed.prefix(f, len);
            assertEquals(-(DropReason.RUNT_FRAME.ordinal() + 1), p.result, "len " + len);
            for (int w = 0; w < FlowKey.KEY_WORDS; w++) {
                assertEquals(0L, p.k[p.b + w], "word " + w + " at len " + len);
            }
        }
    }

    @Test
    void ethernetOnlyFrameKeepsAddressesAndTypeAndPointsL3PastTheHeader() {
        Parsed p = Parsed.of("eth-only-ipv4-type");
        assertEquals(mac(TestFrames.DST), FlowKey.ethDst(p.k, p.b));
        assertEquals(mac(TestFrames.SRC), FlowKey.ethSrc(p.k, p.b));
        assertEquals(0x0800, FlowKey.ethType(p.k, p.b));
        assertEquals(14, p.l3());
        assertEquals(0, p.l4());
        assertEquals(0, FlowKey.nwSrc(p.k, p.b));
        assertEquals(0, FlowKey.inPort(p.k, p.b), "in_port is the caller's");
    }

    @Test
    void unknownEthertypeHasOnlyL2Fields() {
        Parsed p = Parsed.of("eth-lldp");
        assertEquals(0x88cc, FlowKey.ethType(p.k, p.b));
        assertEquals(mac("01:80:c2:00:00:0e"), FlowKey.ethDst(p.k, p.b));
        assertEquals(0L, p.k[p.b + FlowKey.W_MPLS_NW]);
    }

    @Test
    void plainLlcIsTypeNoneAndSnapCarriesItsEthertype() {
        assertEquals(FlowKey.ETH_TYPE_NONE, FlowKey.ethType(Parsed.of("llc-stp").k, 3));
        assertEquals(14, Parsed.of("llc-stp").l3());
        assertEquals(FlowKey.ETH_TYPE_NONE, FlowKey.ethType(Parsed.of("llc-short").k, 3));
        assertEquals(FlowKey.ETH_TYPE_NONE, FlowKey.ethType(Parsed.of("snap-small-type").k, 3));
        assertEquals(22, Parsed.of("snap-small-type").l3(), "a complete SNAP header is pulled");
        assertEquals(FlowKey.ETH_TYPE_NONE, FlowKey.ethType(Parsed.of("snap-nonzero-oui").k, 3));
        assertEquals(FlowKey.ETH_TYPE_NONE, FlowKey.ethType(Parsed.of("snap-bad-control").k, 3));
        Parsed snap = Parsed.of("snap-ipv4-udp");
        assertEquals(0x0800, FlowKey.ethType(snap.k, snap.b));
        assertEquals(22, snap.l3());
        assertEquals(42, snap.l4());
        assertEquals(53, FlowKey.tpDst(snap.k, snap.b));
    }

    @Test
    void oneVlanTagIsStoredWithTpidAndTheCfiPresentBit() {
        Parsed p = Parsed.of("vlan-ipv4-udp");
        assertEquals(0x8100, FlowKey.vlanTpid(p.k, p.b, 0));
        assertEquals(0x200a | FlowKey.VLAN_CFI, FlowKey.vlanTci(p.k, p.b, 0));
        assertEquals(0, FlowKey.vlan(p.k, p.b, 1));
        assertEquals(0x0800, FlowKey.ethType(p.k, p.b));
        assertEquals(18, p.l3());
        assertEquals(38, p.l4());
        assertEquals(0x1000, FlowKey.vlanTci(Parsed.of("vlan-vid0").k, 3, 0));
        assertEquals(0xffff, FlowKey.vlanTci(Parsed.of("vlan-pcp7-dei-vid4095").k, 3, 0));
    }

    @Test
    void twoTagsAreParsedOuterFirstAndAThirdIsLeftAsTheEthertype() {
        Parsed q = Parsed.of("qinq-88a8-8100-ipv4-udp");
        assertEquals(0x88a8, FlowKey.vlanTpid(q.k, q.b, 0));
        assertEquals(0x7064, FlowKey.vlanTci(q.k, q.b, 0));
        assertEquals(0x8100, FlowKey.vlanTpid(q.k, q.b, 1));
        assertEquals(0x100a, FlowKey.vlanTci(q.k, q.b, 1));
        assertEquals(0x0800, FlowKey.ethType(q.k, q.b));
        assertEquals(22, q.l3());
        Parsed three = Parsed.of("vlan-three-tags");
        assertEquals(0x8100, FlowKey.ethType(three.k, three.b));
        assertEquals(0x1002, FlowKey.vlanTci(three.k, three.b, 1));
        assertEquals(22, three.l3());
        assertEquals(0, three.l4());
    }

    @Test
    void aTagWithoutRoomForTheFollowingTypeIsNotParsed() {
        Parsed p = Parsed.of("vlan-truncated-tag");
        assertEquals(0x8100, FlowKey.ethType(p.k, p.b));
        assertEquals(0, FlowKey.vlan(p.k, p.b, 0));
        assertEquals(14, p.l3());
    }

    @Test
    void mplsKeepsThreeLabelStackEntriesAndPointsL3PastTheWholeStack() {
        Parsed one = Parsed.of("mpls-one-label");
        assertEquals(TestFramesL2.mpls(100, 5, true, 64), FlowKey.mplsLse(one.k, one.b, 0));
        assertEquals(18, one.l3());
        assertEquals(0, one.l4());
        assertEquals(0, FlowKey.nwProto(one.k, one.b), "nothing is parsed past MPLS");
        Parsed three = Parsed.of("mpls-three-labels");
        assertEquals(TestFramesL2.mpls(16, 0, false, 255), FlowKey.mplsLse(three.k, three.b, 0));
        assertEquals(TestFramesL2.mpls(17, 1, false, 254), FlowKey.mplsLse(three.k, three.b, 1));
        assertEquals(TestFramesL2.mpls(1048575, 7, true, 1), FlowKey.mplsLse(three.k, three.b, 2));
        Parsed five = Parsed.of("mpls-five-labels");
        assertEquals(TestFramesL2.mpls(3, 0, false, 3), FlowKey.mplsLse(five.k, five.b, 2));
        assertEquals(34, five.l3());
        Parsed cut = Parsed.of("mpls-truncated-label");
        assertEquals(0, FlowKey.mplsLse(cut.k, cut.b, 0));
        assertEquals(14, cut.l3());
        assertEquals(0x8848, FlowKey.ethType(Parsed.of("mpls-multicast").k, 3));
    }

    @Test
    void arpFillsAddressesOpcodeAndHardwareAddresses() {
        Parsed p = Parsed.of("arp-reply");
        assertEquals(0x0806, FlowKey.ethType(p.k, p.b));
        assertEquals(ip4(TestFrames.IP_B), FlowKey.nwSrc(p.k, p.b));
        assertEquals(ip4(TestFrames.IP_A), FlowKey.nwDst(p.k, p.b));
        assertEquals(2, FlowKey.nwProto(p.k, p.b));
        assertEquals(mac(TestFrames.DST), FlowKey.arpSha(p.k, p.b));
        assertEquals(mac(TestFrames.SRC), FlowKey.arpTha(p.k, p.b));
        assertEquals(0, p.l4());
        Parsed rarp = Parsed.of("rarp-request");
        assertEquals(0x8035, FlowKey.ethType(rarp.k, rarp.b));
        assertEquals(3, FlowKey.nwProto(rarp.k, rarp.b));
        Parsed vlanArp = Parsed.of("vlan-arp");
        assertEquals(1, FlowKey.nwProto(vlanArp.k, vlanArp.b));
        assertEquals(18, vlanArp.l3());
    }

    @Test
    void arpOpcodeAbove255LeavesTheOpcodeZeroButKeepsAddresses() {
        Parsed p = Parsed.of("arp-op-over-255");
        assertEquals(0, FlowKey.nwProto(p.k, p.b));
        assertEquals(ip4(TestFrames.IP_A), FlowKey.nwSrc(p.k, p.b));
        assertEquals(mac(TestFrames.SRC), FlowKey.arpSha(p.k, p.b));
    }

    @Test
    void arpThatIsNotEthernetIpv4OrIsShortHasNoArpFields() {
        for (String name : new String[] {"arp-bad-hlen", "arp-bad-htype", "arp-bad-ptype", "arp-short"}) {
            Parsed p = Parsed.of(name);
            assertEquals(0x0806, FlowKey.ethType(p.k, p.b), name);
            assertEquals(0L, p.k[p.b + FlowKey.W_NW_ADDR], name);
            assertEquals(0L, p.k[p.b + FlowKey.W_MPLS_NW], name);
            assertEquals(0L, p.k[p.b + FlowKey.W_ARP_SHA], name);
            assertEquals(0L, p.k[p.b + FlowKey.W_ARP_THA], name);
        }
    }
}
