package io.jvswitch.control.bridge;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.flowcache.Megaflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.jvswitch.control.bridge.L2Frames.BROADCAST;
import static io.jvswitch.control.bridge.L2Frames.eth;
import static io.jvswitch.control.bridge.L2Frames.mac;
import static io.jvswitch.control.bridge.SwitchHarness.bridge;
import static io.jvswitch.control.bridge.SwitchHarness.port;
import static io.jvswitch.control.bridge.SwitchHarness.sw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ports come and go while traffic flows: flows are fixed, MACs flushed, numbers stable. */
class PortAddRemoveTest {
    private final SwitchHarness h = new SwitchHarness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void traffic() {
        h.send("p1", eth(BROADCAST, mac(1), -1));
        h.send("p2", eth(mac(1), mac(2), -1));
        h.send("p1", eth(mac(3), mac(1), -1));
        h.send("p1", eth(mac(2), mac(1), -1));
    }

    @Test
    void aRemovedPortReceivesNothingAndNoInstalledFlowOutputsToIt() {
        h.apply(sw(bridge("br0", port("p1"), port("p2"), port("p3"))));
        h.send("p3", eth(BROADCAST, mac(3), -1));
        traffic();
        int p3 = h.odp.get("p3");
        assertTrue(h.installed().stream().anyMatch(m -> outputsTo(m, p3)));

        h.apply(sw(bridge("br0", port("p1"), port("p2"))));
        for (Megaflow m : h.installed()) {
            assertFalse(outputsTo(m, p3), "flow still outputs to removed p3: " + Actions.toString(m.actions()));
        }
        assertTrue(h.bridges.macTable("br0").stream().noneMatch(e -> e.port() == 3), "p3's MACs are flushed");
        assertEquals(2, h.bridges.macTable("br0").size(), "the other ports keep theirs");
        h.clearTx();
        traffic();
        assertFalse(h.ports.containsKey("p3"));
        assertEquals(Set.of("p1", "p2"), h.txAll().keySet());
        h.send("p1", eth(BROADCAST, mac(1), -1));
        assertEquals(Set.of("p2"), h.txAll().keySet());
    }

    @Test
    void anAddedPortJoinsTheFloodAndOpenFlowNumbersAreNeverReused() {
        h.apply(sw(bridge("br0", port("p1"), port("p2"), port("p3"))));
        traffic();
        h.apply(sw(bridge("br0", port("p1"), port("p3"))));
        h.apply(sw(bridge("br0", port("p1"), port("p3"), port("p4"), port("p2"))));
        h.clearTx();
        h.send("p1", eth(BROADCAST, mac(1), -1));
        assertEquals(Set.of("p2", "p3", "p4"), h.txAll().keySet());
        assertEquals(4, h.bridges.bridge("br0").port("p4").ofport());
        assertEquals(5, h.bridges.bridge("br0").port("p2").ofport(), "p2 re-added gets a new number, as in OVS");
        assertEquals(3, h.bridges.bridge("br0").port("p3").ofport(), "p3 stayed and keeps its number");
    }

    @Test
    void changingAPortsVlanFlushesItsMacsAndFixesFlows() {
        h.apply(sw(bridge("br0", port("p1"), port("p2"), port("p3"))));
        traffic();
        h.clearTx();
        h.apply(sw(bridge("br0", port("p1"), SwitchHarness.access("p2", 10), port("p3"))));
        assertTrue(h.bridges.macTable("br0").stream().noneMatch(e -> e.port() == 2));
        h.send("p1", eth(mac(2), mac(1), -1));
        assertEquals(Set.of("p3"), h.txAll().keySet(), "p2 now carries VLAN 10 only");
    }

    private static boolean outputsTo(Megaflow m, int odp) {
        int[] a = m.actions();
        for (int pc = 0; pc < a.length; pc += Actions.length(a[pc])) {
            if (Actions.opcode(a[pc]) == Actions.OUTPUT && a[pc + 1] == odp) {
                return true;
            }
        }
        return false;
    }
}
