package io.jvswitch.control.bridge;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.FailMode;
import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.Megaflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.jvswitch.control.bridge.L2Frames.BROADCAST;
import static io.jvswitch.control.bridge.L2Frames.eth;
import static io.jvswitch.control.bridge.L2Frames.mac;
import static io.jvswitch.control.bridge.SwitchHarness.port;
import static io.jvswitch.control.bridge.SwitchHarness.sw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MAC aging with a virtual clock, refresh from flow usage, table overflow, MAC moves (incl. GARP/RARP). */
class MacAgingAndMoveTest {
    private final SwitchHarness h = new SwitchHarness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void bridge(int agingSec, int size) {
        h.apply(sw(new BridgeConfig("br0", FailMode.STANDALONE, agingSec, size,
                List.of(port("p1"), port("p2"), port("p3")))));
    }

    @Test
    void unusedEntriesAgeOutAndTrafficFloodsAgain() {
        bridge(30, 8192);
        h.send("p2", eth(BROADCAST, mac(2), -1));
        h.clearTx();
        h.send("p1", eth(mac(2), mac(1), -1));
        assertEquals(Set.of("p2"), h.txAll().keySet());
        h.advance(29);
        h.revalidate();
        assertEquals(2, h.bridges.macTable("br0").size());
        h.advance(2);
        h.revalidate();
        assertTrue(h.bridges.macTable("br0").isEmpty(), h.fdb("br0"));
        assertEquals(2, h.bridges.bridge("br0").macTable().stats().expired());
        h.send("p1", eth(mac(2), mac(1), -1));
        assertEquals(Set.of("p2", "p3"), h.txAll().keySet(), "expired destination floods again");
    }

    @Test
    void aFlowInUseKeepsItsSourceMacAliveLikeOvsRevalidators() {
        bridge(30, 8192);
        h.send("p2", eth(BROADCAST, mac(2), -1));
        h.send("p1", eth(mac(2), mac(1), -1));
        h.revalidate();
        for (int i = 0; i < 10; i++) {
            h.advance(10);
            h.send("p1", eth(mac(2), mac(1), -1));   // megaflow hit, no upcall
            h.send("p2", eth(mac(1), mac(2), -1));
            h.revalidate();
        }
        assertEquals(2, h.bridges.macTable("br0").size(), "100 s > aging time, but both MACs are in use");
        h.clearTx();
        h.send("p1", eth(mac(2), mac(1), -1));
        assertEquals(Set.of("p2"), h.txAll().keySet());
    }

    @Test
    void macTableOverflowEvictsTheOldestEntryLikeOvs() {
        bridge(300, 10);
        for (int i = 1; i <= 10; i++) {
            h.send("p1", eth(BROADCAST, mac(i), -1));
            h.advance(1);
        }
        assertEquals(10, h.bridges.macTable("br0").size());
        h.send("p1", eth(BROADCAST, mac(11), -1));
        List<MacEntry> t = h.bridges.macTable("br0");
        assertEquals(10, t.size());
        assertTrue(t.stream().noneMatch(e -> e.mac() == mac(1)), "the least recently used MAC was evicted");
        assertEquals(mac(11), t.get(9).mac());
        assertEquals(1, h.bridges.bridge("br0").macTable().stats().evicted());
        String fdb = h.fdb("br0");
        assertTrue(fdb.startsWith(" port  VLAN  MAC                Age\n    1     0  50:54:00:00:00:02    9\n"), fdb);
    }

    @Test
    void macMoveIsLearnedFromTheNextFrameAndTrafficFollows() {
        bridge(300, 8192);
        h.send("p1", eth(BROADCAST, mac(1), -1));
        h.clearTx();
        h.send("p3", eth(mac(1), mac(3), -1));
        assertEquals(Set.of("p1"), h.txAll().keySet());
        h.revalidate();
        // mac(1) migrates to p2 and announces itself with a gratuitous ARP request.
        h.send("p2", L2Frames.arp(mac(1), -1, 1, 0x0a000001, 0x0a000001));
        h.clearTx();
        h.revalidate();
        h.send("p3", eth(mac(1), mac(3), -1));
        assertEquals(Set.of("p2"), h.txAll().keySet());
        assertEquals(1, h.bridges.bridge("br0").macTable().stats().moved());
        for (Megaflow m : h.installed()) {
            if (FlowKey.ethDst(m.maskedKey(), 0) == mac(1)) {
                assertEquals("2", Actions.toString(m.actions()));
            }
        }
    }

    @Test
    void rarpAndGratuitousArpReplyMoveMacsToo() {
        bridge(300, 8192);
        h.send("p1", eth(BROADCAST, mac(1), -1));
        h.send("p2", L2Frames.rarp(mac(1)));
        assertEquals(2, h.bridges.bridge("br0").macTable().lookup(mac(1), 0, h.clock.nanoTime()));
        h.send("p3", L2Frames.arp(mac(1), -1, 2, 0x0a000001, 0x0a000001));
        assertEquals(3, h.bridges.bridge("br0").macTable().lookup(mac(1), 0, h.clock.nanoTime()));
    }

    @Test
    void aMacMovingBackToAPortWithAnInstalledFlowIsRelearnedFromThatFlowsUse() {
        bridge(300, 8192);
        h.send("p1", eth(mac(9), mac(1), -1));      // flow (in p1, src 1, dst 9) installed
        h.send("p2", eth(mac(9), mac(1), -1));      // moves to p2
        h.revalidate();
        h.send("p1", eth(mac(9), mac(1), -1));      // hits the old megaflow: no upcall
        h.revalidate();                             // the revalidator pushes its stats: moved back
        assertEquals(1, h.bridges.bridge("br0").macTable().lookup(mac(1), 0, h.clock.nanoTime()));
    }
}
