package io.jvswitch.control.bridge;

import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.VlanMode;
import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.flowcache.Megaflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jvswitch.control.bridge.L2Frames.BROADCAST;
import static io.jvswitch.control.bridge.L2Frames.eth;
import static io.jvswitch.control.bridge.L2Frames.mac;
import static io.jvswitch.control.bridge.L2Frames.tagOf;
import static io.jvswitch.control.bridge.SwitchHarness.access;
import static io.jvswitch.control.bridge.SwitchHarness.bridge;
import static io.jvswitch.control.bridge.SwitchHarness.patch;
import static io.jvswitch.control.bridge.SwitchHarness.port;
import static io.jvswitch.control.bridge.SwitchHarness.sw;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * br0 ⇄ br1 ⇄ br2 joined by patch ports with VLAN translation on the way:
 * <pre>
 * br0: vm1 (access 10), vm2 (access 20), p01 (patch, trunk 10,20)
 * br1: p10 (patch, trunk 10,20), br1 (LOCAL, trunk), p12 (patch, access 10)
 * br2: p21 (patch, access 5), vm3 (access 5), vm4 (trunk)
 * </pre>
 */
class PatchPortChainTest {
    private SwitchHarness h;

    private static PortConfig trunk(PortConfig p, Set<Integer> trunks) {
        return p.withVlan(VlanMode.TRUNK, null, trunks);
    }

    @BeforeEach
    void setUp() {
        h = new SwitchHarness();
        h.apply(sw(
                bridge("br0", access("vm1", 10), access("vm2", 20), trunk(patch("p01", "p10"), Set.of(10, 20))),
                bridge("br1", trunk(patch("p10", "p01"), Set.of(10, 20)), PortConfig.of("br1", "internal"),
                        patch("p12", "p21").withVlan(VlanMode.ACCESS, 10, Set.of())),
                bridge("br2", patch("p21", "p12").withVlan(VlanMode.ACCESS, 5, Set.of()), access("vm3", 5),
                        port("vm4"))));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void broadcastCrossesThreeBridgesInOneMegaflowWithEachBridgesTags() {
        h.send("vm1", eth(BROADCAST, mac(1), -1));
        Map<String, List<byte[]>> out = h.txAll();
        assertEquals(Set.of("br1", "vm3", "vm4"), out.keySet());
        assertEquals(10, tagOf(out.get("br1").get(0)), "br1 LOCAL trunk: VLAN 10 tagged");
        assertEquals(-1, tagOf(out.get("vm3").get(0)), "access port of VLAN 5 in br2");
        assertEquals(5, tagOf(out.get("vm4").get(0)), "trunk in br2 carries br2's VLAN 5");
        Megaflow m = NormalSwitchingTest.only(h.installed());
        // br1 floods in OpenFlow port order: p12 (2) before LOCAL (65534); vm3 untagged first, then tags.
        assertEquals(h.odp.get("vm3") + ",push_vlan(vid=5,pcp=0)," + h.odp.get("vm4") + ",set_vlan_vid(10),"
                + h.odp.get("br1"), Actions.toString(m.actions()));
        assertEquals(1, h.bridges.bridgeUpcallHandler().upcalls());
        assertEquals(1, h.bridges.macTable("br0").get(0).port());
        assertEquals(new MacEntry(1, 10, mac(1), 0, false), h.bridges.macTable("br1").get(0));
        assertEquals(new MacEntry(1, 5, mac(1), 0, false), h.bridges.macTable("br2").get(0));
    }

    @Test
    void unicastReplyFollowsTheLearnedPathBackAndOtherVlansStayOut() {
        h.send("vm1", eth(BROADCAST, mac(1), -1));
        h.clearTx();
        h.send("vm4", eth(mac(1), mac(4), L2Frames.tci(5, 3)));
        Map<String, List<byte[]>> out = h.txAll();
        assertEquals(Set.of("vm1"), out.keySet());
        assertEquals(-1, tagOf(out.get("vm1").get(0)));

        h.send("vm2", eth(BROADCAST, mac(2), -1));
        out = h.txAll();
        assertEquals(Set.of("br1"), out.keySet(), "VLAN 20 does not cross p12 (access 10)");
        assertEquals(20, tagOf(out.get("br1").get(0)));
    }

    @Test
    void aPatchLoopHitsTheRecursionLimitAndDrops() {
        h.apply(sw(
                bridge("br0", port("vm1"), patch("a0", "a1"), patch("b0", "b1")),
                bridge("br1", patch("a1", "a0"), patch("b1", "b0"))));
        h.send("vm1", eth(BROADCAST, mac(1), -1));
        assertEquals(Map.of(), h.txAll());
        assertEquals("drop", Actions.toString(NormalSwitchingTest.only(h.installed()).actions()));
    }
}
