package io.jvswitch.api;

import io.jvswitch.vport.netns.NetTopology;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An embedded switch's active-backup bond over two veth pairs fails over when the active member's carrier goes,
 * and takes the member back when it returns. Bridge br0: in-memory port {@code vm} and {@code bond0}, whose members
 * are the veths' first ends ({@code afpacket}). Each second end is a port of a bridge of its own, with an in-memory
 * port behind it, so what a member sends shows up there: {@code p1} → {@code s1}, {@code p2} → {@code s2}. The
 * carrier goes when the second end is set down. Privileged (veth pairs in the root namespace with IPv6 off,
 * removed afterwards).
 */
class BondCarrierSystemTest {
    private static final long VM_MAC = 0x020000000002L;

    @Test
    void activeBackupFailsOverWhenTheActiveMembersCarrierGoesAndTakesItBack() throws Exception {
        NetTopology.requireRoot("BondCarrierSystemTest");
        try (NetTopology t = new NetTopology()) {
            String m1 = t.name("jbm1");
            String p1 = t.name("jbp1");
            String m2 = t.name("jbm2");
            String p2 = t.name("jbp2");
            t.vethPair(m1, p1, 1500);
            t.vethPair(m2, p2, 1500);
            try (VirtualSwitch sw = VirtualSwitch.builder().backoff().build()) {
                sw.addBridge("br0");
                sw.addPort("br0", PortSpec.dummy("vm"));
                sw.addPort("br0", PortSpec.bond("bond0", BondSpec.activeBackup(),
                        BondMember.of(m1, "afpacket"), BondMember.of(m2, "afpacket")));
                sw.addBridge("br1");
                sw.addPort("br1", PortSpec.of(p1, "afpacket"));
                sw.addPort("br1", PortSpec.dummy("s1"));
                sw.addBridge("br2");
                sw.addPort("br2", PortSpec.of(p2, "afpacket"));
                sw.addPort("br2", PortSpec.dummy("s2"));
                assertEquals(java.util.Map.of(), sw.interfaceErrors());
                sw.start();
                assertTrue(sw.awaitApplied(5, TimeUnit.SECONDS));
                BondFrames out = new BondFrames(sw);
                assertEquals(m1, BondFailoverTest.awaitBond(sw, b -> b.activeMember() != null).activeMember());

                byte[] first = BondFrames.broadcast(VM_MAC, 1);
                sw.inject("vm", first);
                out.await("s1", first);
                assertFalse(out.has("s2", first), "the backup member sends nothing");

                NetTopology.run("ip", "link", "set", p1, "down");
                BondState s = BondFailoverTest.awaitBond(sw, b -> !b.member(m1).carrier());
                assertEquals(m2, s.activeMember());
                assertFalse(s.member(m1).enabled());

                byte[] second = BondFrames.broadcast(VM_MAC, 2);
                sw.inject("vm", second);
                out.await("s2", second);

                NetTopology.run("ip", "link", "set", p1, "up");
                s = BondFailoverTest.awaitBond(sw, b -> b.member(m1).carrier() && b.member(m1).enabled());
                assertEquals(m2, s.activeMember(), "the member back does not take the active role back");
                byte[] third = BondFrames.broadcast(VM_MAC, 3);
                sw.inject("vm", third);
                out.await("s2", third);
                assertFalse(out.has("s1", second) || out.has("s1", third), "nothing through the other member");
            }
        }
    }
}
