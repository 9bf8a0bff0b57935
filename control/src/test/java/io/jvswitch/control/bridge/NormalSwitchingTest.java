package io.jvswitch.control.bridge;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.FailMode;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.flowcache.FlowKey;
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
import static io.jvswitch.control.bridge.SwitchHarness.bridge;
import static io.jvswitch.control.bridge.SwitchHarness.port;
import static io.jvswitch.control.bridge.SwitchHarness.sw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Learning, flooding, no hairpin, reserved MACs, and the megaflows NORMAL installs (one bridge, 4 trunks). */
class NormalSwitchingTest {
    private SwitchHarness h;

    @BeforeEach
    void setUp() {
        h = new SwitchHarness();
        h.apply(sw(bridge("br0", port("p1"), port("p2"), port("p3"), port("p4"))));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void unknownUnicastFloodsToEveryOtherPortThenLearnedDestinationGoesToOnePort() {
        byte[] f = eth(mac(2), mac(1), -1);
        h.send("p1", f);
        Map<String, List<byte[]>> out = h.txAll();
        assertEquals(Set.of("p2", "p3", "p4"), out.keySet(), "flood, never back to p1");
        assertArrayEquals(f, out.get("p2").get(0));

        h.send("p2", eth(mac(1), mac(2), -1));
        assertEquals(Set.of("p1"), h.txAll().keySet(), "mac(1) was learned on p1");

        h.revalidate();
        h.send("p1", f, f, f);
        Map<String, List<byte[]>> again = h.txAll();
        assertEquals(Set.of("p2"), again.keySet(), "after learning, only the learned port");
        assertEquals(3, again.get("p2").size());
    }

    @Test
    void afterLearningTheFloodingMegaflowIsFixedToOutputToOnePort() {
        h.send("p1", eth(mac(2), mac(1), -1));
        Megaflow flood = only(h.installed());
        assertEquals("2,3,4", Actions.toString(flood.actions()));
        h.send("p2", eth(mac(1), mac(2), -1));
        h.revalidate();
        List<Megaflow> flows = h.installed();
        for (Megaflow m : flows) {
            if (FlowKey.inPort(m.maskedKey(), 0) == 1) {
                assertEquals("2", Actions.toString(m.actions()), "the p1→mac(2) flow no longer floods");
            }
        }
        assertTrue(flows.stream().noneMatch(m -> Actions.toString(m.actions()).equals("2,3,4")));
        h.clearTx();
        h.send("p1", eth(mac(2), mac(1), -1));
        assertEquals(Set.of("p2"), h.txAll().keySet());
    }

    @Test
    void broadcastAndMulticastAlwaysFloodEvenWhenTheSourceIsKnown() {
        h.send("p2", eth(mac(9), mac(3), -1));
        h.clearTx();
        h.send("p1", eth(BROADCAST, mac(1), -1));
        assertEquals(Set.of("p2", "p3", "p4"), h.txAll().keySet());
        h.send("p1", eth(0x01005e000001L, mac(1), -1));
        assertEquals(Set.of("p2", "p3", "p4"), h.txAll().keySet());
    }

    @Test
    void noHairpinWhenTheDestinationIsLearnedOnTheInputPort() {
        h.send("p1", eth(BROADCAST, mac(1), -1));
        h.send("p1", eth(BROADCAST, mac(2), -1));
        h.clearTx();
        h.send("p1", eth(mac(2), mac(1), -1));
        assertEquals(Map.of(), h.txAll());
        Megaflow drop = h.installed().stream()
                .filter(m -> FlowKey.ethDst(m.maskedKey(), 0) == mac(2)).findFirst().orElseThrow();
        assertEquals("drop", Actions.toString(drop.actions()));
    }

    @Test
    void reservedDestinationsAreDropped() {
        for (int low = 0; low <= 0xf; low++) {
            h.send("p1", eth(0x0180c2000000L | low, mac(1), -1));
        }
        assertEquals(Map.of(), h.txAll());
        h.send("p1", eth(0x0180c2000010L, mac(1), -1));
        assertEquals(3, h.txAll().size(), "01:80:c2:00:00:10 is not reserved");
    }

    @Test
    void megaflowMatchesOnlyWhatTheDecisionUsed() {
        h.send("p1", L2Frames.eth(mac(2), mac(1), L2Frames.tci(7, 5), 0x0800));
        Megaflow m = only(h.installed());
        long[] w = m.mask().words();
        assertEquals(-1L, w[FlowKey.W_IN_PORT]);
        assertEquals(0xffffffffffff0000L, w[FlowKey.W_ETH_DST], "dst MAC, not eth_type (tagged frame)");
        assertEquals(0xffffffffffff0000L, w[FlowKey.W_ETH_SRC]);
        assertEquals(0x1fffL << 32, w[FlowKey.W_VLAN], "VID and presence, not PCP/TPID/inner tag");
        for (int i = FlowKey.W_MPLS_NW; i < FlowKey.KEY_WORDS; i++) {
            assertEquals(0, w[i], "word " + i);
        }
        // Another IP flow with another PCP hits the same megaflow: no new upcall.
        long before = h.bridges.bridgeUpcallHandler().upcalls();
        h.send("p1", L2Frames.eth(mac(2), mac(1), L2Frames.tci(7, 1), 0x86dd));
        assertEquals(before, h.bridges.bridgeUpcallHandler().upcalls());
    }

    @Test
    void secureBridgeWithoutFlowsDropsEverything() {
        h.apply(sw(new BridgeConfig("br0", FailMode.SECURE, 300, 8192,
                List.of(port("p1"), port("p2"), port("p3"), port("p4")))));
        h.send("p1", eth(BROADCAST, mac(1), -1));
        assertEquals(Map.of(), h.txAll());
        assertTrue(h.bridges.macTable("br0").isEmpty(), "nothing learned either");
    }

    @Test
    void fdbShowListsLearnedMacsInLruOrderWithAges() {
        h.send("p3", eth(BROADCAST, mac(1), -1));
        h.advance(1);
        h.send("p1", eth(BROADCAST, mac(2), -1));
        h.send("p4", eth(BROADCAST, mac(3), L2Frames.tci(10, 0)));
        h.advance(1.5);
        assertEquals(" port  VLAN  MAC                Age\n"
                + "    3     0  50:54:00:00:00:01    2\n"
                + "    1     0  50:54:00:00:00:02    1\n"
                + "    4    10  50:54:00:00:00:03    1\n", h.fdb("br0"));
    }

    @Test
    void idleMegaflowsExpireAndLeaveTheRegistry() {
        h.send("p1", eth(mac(2), mac(1), -1));
        assertEquals(1, h.bridges.flows().size());
        h.advance(11);
        h.revalidate();
        assertEquals(0, h.bridges.flows().size());
        assertTrue(h.installed().isEmpty());
    }

    /** Translation level; SwitchRuntimeTest floods through 1024 real ports. */
    @Test
    void aBridgeWith1024PortsFloodsToAllOthers() {
        PortConfig[] ports = new PortConfig[1024];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = port("q" + i);
        }
        Bridges b = new Bridges(h.clock);
        b.reconfigure(sw(bridge("br0", ports)), name -> 1 + Integer.parseInt(name.substring(1)));
        long[] key = new long[FlowKey.KEY_WORDS];
        FlowKey.setInPort(key, 0, 8);
        FlowKey.setEth(key, 0, BROADCAST, mac(1), 0x0800);
        int[] flood = NormalXlate.translate(b.topology(), key, 0, true, 0).actions();
        assertEquals(1023, flood.length / 2);
        FlowKey.setInPort(key, 0, 1001);
        FlowKey.setEth(key, 0, mac(1), mac(2), 0x0800);
        assertEquals("8", Actions.toString(NormalXlate.translate(b.topology(), key, 0, true, 0).actions()));
    }

    static Megaflow only(List<Megaflow> flows) {
        assertEquals(1, flows.size(), flows.toString());
        return flows.get(0);
    }
}
