package io.jvswitch.flowcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Formatter details the {@code parse-pcap} oracle (control module) cannot reach: in_port values other than
 * ANY, metadata, tags without the present bit, and the IPv6 text rules. Every frame the parser produces is
 * checked against the real {@code ovs-ofctl} there.
 */
class OvsFlowFormatTest {
    private static final long MAC_A = 0x0a0000000001L;
    private static final long MAC_B = 0x0a0000000002L;

    private static long[] tcpKey() {
        long[] k = new long[FlowKey.KEY_WORDS];
        FlowKey.setEth(k, 0, MAC_A, MAC_B, 0x0800);
        FlowKey.setNwAddrs(k, 0, 0xc0a80001, 0x0a010203);
        FlowKey.setNw(k, 0, 6, 0x2e, 64, 0);
        FlowKey.setTp(k, 0, 1234, 80);
        FlowKey.setTcpFlags(k, 0, 0x012);
        return k;
    }

    @Test
    void zeroInPortIsLeftOutAndOthersPrintAsOpenFlowPorts() {
        long[] k = tcpKey();
        assertEquals("tcp,vlan_tci=0x0000,dl_src=0a:00:00:00:00:02,dl_dst=0a:00:00:00:00:01,nw_src=192.168.0.1,"
                + "nw_dst=10.1.2.3,nw_tos=44,nw_ecn=2,nw_ttl=64,nw_frag=no,tp_src=1234,tp_dst=80,tcp_flags=syn|ack",
                OvsFlowFormat.toString(k, 0));
        FlowKey.setInPort(k, 0, 7);
        assertStartsWith("tcp,in_port=7,", k);
        FlowKey.setInPort(k, 0, 0xfffe);
        assertStartsWith("tcp,in_port=LOCAL,", k);
        FlowKey.setInPort(k, 0, OvsFlowFormat.OFPP_ANY);
        assertStartsWith("tcp,in_port=ANY,", k);
        FlowKey.setInPort(k, 0, 0xfff7);
        assertStartsWith("tcp,in_port=UNSET,", k);
        FlowKey.setInPort(k, 0, 0x10000);
        assertStartsWith("tcp,in_port=65536,", k);
    }

    @Test
    void nonZeroRecircIdAndDpHashComeFirstAndShowThePacketType() {
        long[] k = tcpKey();
        FlowKey.setRecircId(k, 0, 0x1f);
        FlowKey.setDpHash(k, 0, 0xabc);
        assertStartsWith("recirc_id=0x1f,dp_hash=0xabc,eth,tcp,vlan_tci=0x0000,", k);
        FlowKey.setRecircId(k, 0, 0);
        assertStartsWith("dp_hash=0xabc,tcp,", k);
    }

    @Test
    void aTagWithoutThePresentBitPrintsAsRawTci() {
        long[] k = new long[FlowKey.KEY_WORDS];
        FlowKey.setEth(k, 0, MAC_A, MAC_B, 0x1234);
        FlowKey.setVlan(k, 0, 0, 0x8100, 0x0064);
        assertEquals("vlan_tci=0x0064,vlan_tci1=0x0000,dl_src=0a:00:00:00:00:02,dl_dst=0a:00:00:00:00:01,"
                + "dl_type=0x1234", OvsFlowFormat.toString(k, 0));
    }

    @Test
    void formatAppendsWithoutTouchingWhatIsAlreadyInTheBuilder() {
        StringBuilder sb = new StringBuilder("x: ");
        OvsFlowFormat.format(tcpKey(), 0, sb);
        assertEquals("x: tcp,vlan_tci=0x0000", sb.substring(0, 22));
    }

    @Test
    void ipv6TextFollowsInetNtop() {
        assertIpv6("::", 0, 0);
        assertIpv6("::1", 0, 1);
        assertIpv6("::2", 0, 2);
        assertIpv6("1::", 0x0001000000000000L, 0);
        assertIpv6("2001:db8::1", 0x20010db800000000L, 1);
        assertIpv6("::ffff:1.2.3.4", 0, 0x0000ffff01020304L);
        assertIpv6("::ffff:0.0.0.1", 0, 0x0000ffff00000001L);
        assertIpv6("::1.2.3.4", 0, 0x0000000001020304L);
        assertIpv6("1:0:0:1::", 0x0001000000000001L, 0);
        assertIpv6("0:ffff::1", 0x0000ffff00000000L, 1);
        assertIpv6("1:2:3:4:5:6:7:8", 0x0001000200030004L, 0x0005000600070008L);
        assertIpv6("1:0:2::3:0:0", 0x0001000000020000L, 0x0000000300000000L);
        assertIpv6("fe80::200:5eff:fe00:5301", 0xfe80000000000000L, 0x02005efffe005301L);
        assertIpv6("1:0:2:3:4:5:6:7", 0x0001000000020003L, 0x0004000500060007L);
    }

    private static void assertStartsWith(String expected, long[] k) {
        String s = OvsFlowFormat.toString(k, 0);
        assertEquals(expected, s.substring(0, Math.min(s.length(), expected.length())), s);
    }

    private static void assertIpv6(String expected, long hi, long lo) {
        StringBuilder sb = new StringBuilder();
        Ipv6Text.append(sb, hi, lo);
        assertEquals(expected, sb.toString());
    }
}
