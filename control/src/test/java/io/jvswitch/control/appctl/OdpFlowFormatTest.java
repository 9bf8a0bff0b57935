package io.jvswitch.control.appctl;

import io.jvswitch.flowcache.FlowKey;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The datapath-flow text of tagged and IPv6 keys, and vlog/set's OVS error texts. */
class OdpFlowFormatTest {
    private static long[] key() {
        return new long[FlowKey.KEY_WORDS];
    }

    @Test
    void taggedFlowPrintsVlanAndEncapAsOvs() {
        long[] k = key();
        long[] m = key();
        FlowKey.setInPort(k, 0, 2);
        FlowKey.setInPort(m, 0, -1);
        FlowKey.setEth(k, 0, 0xffffffffffffL, 0x505400000003L, 0x0800);
        FlowKey.setEth(m, 0, 0xffffffffffffL, 0xffffffffffffL, 0xffff);
        FlowKey.setVlan(k, 0, 0, 0x8100, FlowKey.VLAN_CFI | 10);
        FlowKey.setVlan(m, 0, 0, 0xffff, 0xffff);
        assertEquals("recirc_id(0),in_port(2),packet_type(ns=0,id=0),eth(src=50:54:00:00:00:03,"
                + "dst=ff:ff:ff:ff:ff:ff),eth_type(0x8100),vlan(vid=10,pcp=0),encap(eth_type(0x0800))",
                OdpFlowFormat.toString(k, m, false));
    }

    @Test
    void ipv6AddressesAreCompressedAsInetNtop() {
        assertEquals("fe80::1", OdpFlowFormat.ip6(0xfe80_0000_0000_0000L, 1));
        assertEquals("2001:db8::1:0:0:1", OdpFlowFormat.ip6(0x2001_0db8_0000_0000L, 0x0001_0000_0000_0001L));
        assertEquals("::", OdpFlowFormat.ip6(0, 0));
        assertEquals("1:0:2:0:3:0:4:0", OdpFlowFormat.ip6(0x0001_0000_0002_0000L, 0x0003_0000_0004_0000L));
    }

    @Test
    void vlogSetRejectsSpecsWithOvsWords() {
        Vlog v = new Vlog();
        assertEquals("cannot specify multiple levels",
                assertThrows(IllegalArgumentException.class, () -> v.set("info:dbg")).getMessage());
        assertEquals("cannot specify multiple destinations",
                assertThrows(IllegalArgumentException.class, () -> v.set("console:file")).getMessage());
        assertEquals("invalid facility",
                assertThrows(IllegalArgumentException.class, () -> v.set("FACILITY:nope")).getMessage());
        v.set("bridge:syslog:err", "unixctl:emer");
        assertEquals(Vlog.VlogLevel.ERR, v.level("bridge", Vlog.Destination.SYSLOG));
        assertEquals(Vlog.VlogLevel.EMER, v.level("unixctl", Vlog.Destination.FILE));
        v.set("info");
    }
}
