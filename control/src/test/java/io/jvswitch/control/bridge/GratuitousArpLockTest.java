package io.jvswitch.control.bridge;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpMode;
import io.jvswitch.bonding.LacpStatus;
import io.jvswitch.bonding.bond.BondSettings;
import io.jvswitch.bonding.bond.MemberStatus;
import io.jvswitch.control.model.BondConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.Megaflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jvswitch.control.bridge.L2Frames.BROADCAST;
import static io.jvswitch.control.bridge.L2Frames.arp;
import static io.jvswitch.control.bridge.L2Frames.eth;
import static io.jvswitch.control.bridge.L2Frames.mac;
import static io.jvswitch.control.bridge.SwitchHarness.bridge;
import static io.jvswitch.control.bridge.SwitchHarness.port;
import static io.jvswitch.control.bridge.SwitchHarness.sw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OVS's gratuitous-ARP lock and balance-slb's "drop if moved" through the whole switch (translation, a real PMD
 * with its megaflows, the revalidator) on a virtual clock. Bridge br0: ports {@code a} and {@code c}, and bond
 * {@code bond0} of members {@code m1} (active) and {@code m2}. MAC {@code M} is the VM that announces itself.
 */
class GratuitousArpLockTest {
    private static final long M = mac(7);
    private static final int IP = 0x0a000007;
    private static final long MASK_NW_PROTO = 0xffL << 24;

    private final SwitchHarness h = new SwitchHarness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    /** br0 with the bond in {@code mode}; m1 active, both members enabled. */
    private void switchWithBond(BondMode mode) {
        PortConfig bond = new PortConfig("bond0", null, null, Set.of(),
                List.of(InterfaceConfig.of("m1", "dummy"), InterfaceConfig.of("m2", "dummy")),
                new BondConfig(mode, LacpMode.OFF, 0, 0, Map.of()));
        h.apply(sw(bridge("br0", port("a"), port("c"), bond)));
        BridgePort b = bondPort();
        MemberStatus m1 = new MemberStatus("m1", mac(0x101), 0, true, true, true, true, false, Long.MAX_VALUE);
        MemberStatus m2 = new MemberStatus("m2", mac(0x102), 1, true, true, true, false, false, Long.MAX_VALUE);
        Map<Integer, MemberStatus> members = Map.of(h.odp.get("m1"), m1, h.odp.get("m2"), m2);
        h.bridges.bondStates().publish(Map.of(b.bondId(),
                new BondStates.Snapshot(BondSettings.defaults("bond0", mode), LacpStatus.OFF, members)));
        h.bridges.invalidateFlows();
        h.revalidate();
    }

    private BridgePort bondPort() {
        return h.bridges.topology().bridges().get("br0").ports().stream().filter(BridgePort::isBond)
                .findFirst().orElseThrow();
    }

    private int ofport(String name) {
        return h.bridges.topology().bridges().get("br0").ports().stream().filter(p -> p.name().equals(name))
                .findFirst().orElseThrow().ofport();
    }

    private MacLearningTable macs() {
        return h.bridges.bridge("br0").macTable();
    }

    /** The port M is learned on, -1 when unknown. */
    private int whereIsM() {
        return macs().lookup(M, 0, h.clock.nanoTime());
    }

    private boolean mLocked() {
        return macs().isGratArpLocked(M, 0, h.clock.nanoTime());
    }

    private static byte[] gratRequest() {
        return arp(M, -1, 1, IP, IP);
    }

    @Test
    void aGratuitousArpOnAPortLocksAndItsReflectionOnTheSlbBondIsDroppedUntilTheLockEnds() {
        switchWithBond(BondMode.BALANCE_SLB);
        h.send("a", gratRequest());
        assertEquals(ofport("a"), whereIsM());
        assertTrue(mLocked());
        h.clearTx();

        h.advance(1);
        h.send("m1", gratRequest());                    // the announcement reflected back through the bond
        assertEquals(Map.of(), h.txAll(), "dropped while locked");
        h.revalidate();
        assertEquals(ofport("a"), whereIsM(), "not relearned while locked");

        h.advance(3.9);                                 // 4.9 s after the lock: still locked, the drop flow holds
        h.revalidate();
        h.send("m1", gratRequest());
        assertEquals(Map.of(), h.txAll());
        h.revalidate();
        assertEquals(ofport("a"), whereIsM());

        h.advance(0.2);                                 // 5.1 s: the revalidator's pass sees the lock end
        long upcalls = h.bridges.bridgeUpcallHandler().upcalls();
        h.revalidate();
        assertFalse(mLocked());
        h.send("m1", gratRequest());
        assertEquals(Set.of("a", "c"), h.txAll().keySet(), "the installed drop flow was re-translated");
        assertEquals(upcalls, h.bridges.bridgeUpcallHandler().upcalls(), "same megaflow, new actions");
        h.revalidate();                                 // its use is learned: the VM is now behind the bond
        assertEquals(bondPort().ofport(), whereIsM());
    }

    @Test
    void aBroadcastArpReplyIsGratuitousToo() {
        switchWithBond(BondMode.BALANCE_SLB);
        h.send("a", arp(M, -1, 2, IP, 0x0a000001));
        assertTrue(mLocked());
        h.clearTx();
        h.send("m1", arp(M, -1, 2, IP, 0x0a000001));
        assertEquals(Map.of(), h.txAll());
        assertEquals(ofport("a"), whereIsM());
    }

    @Test
    void slbDropsOtherFramesFromAMacLearnedElsewhereButLetsAnUnlockedGratuitousArpMoveIt() {
        switchWithBond(BondMode.BALANCE_SLB);
        h.send("a", eth(BROADCAST, M, -1));             // learned on a, no lock
        assertFalse(mLocked());
        h.clearTx();
        h.send("m1", eth(BROADCAST, M, -1));
        h.send("m1", eth(mac(1), M, -1));
        h.send("m1", arp(M, -1, 1, IP, 0x0a000001));     // an ordinary ARP request
        assertEquals(Map.of(), h.txAll(), "drop if moved");
        h.revalidate();
        assertEquals(ofport("a"), whereIsM());

        h.send("m1", gratRequest());                    // a VM that migrated behind the bond
        assertEquals(Set.of("a", "c"), h.txAll().keySet());
        assertEquals(bondPort().ofport(), whereIsM());
    }

    @Test
    void aCachedVerdictForAnOrdinaryArpIsNeverAppliedToAGratuitousOne() {
        switchWithBond(BondMode.BALANCE_SLB);
        h.send("a", eth(BROADCAST, M, -1));
        h.clearTx();
        h.send("m1", arp(M, -1, 1, IP, 0x0a000001));     // dropped: flow installed
        Megaflow drop = h.installed().stream().filter(f -> FlowKey.inPort(f.maskedKey(), 0) == h.odp.get("m1"))
                .findFirst().orElseThrow();
        long[] w = drop.mask().words();
        assertEquals(0xffffL, w[FlowKey.W_ETH_DST] & 0xffff, "eth_type");
        assertEquals(MASK_NW_PROTO, w[FlowKey.W_MPLS_NW] & MASK_NW_PROTO, "ARP opcode");
        assertEquals(-1L, w[FlowKey.W_NW_ADDR], "sender and target addresses of a request");

        h.send("m1", gratRequest());                    // must not hit the drop flow
        assertEquals(Set.of("a", "c"), h.txAll().keySet());
        assertEquals(bondPort().ofport(), whereIsM());
    }

    @Test
    void aGratuitousArpLearnedOnTheBondDoesNotLock() {
        switchWithBond(BondMode.BALANCE_SLB);
        h.send("m1", gratRequest());
        assertEquals(bondPort().ofport(), whereIsM());
        assertFalse(mLocked());
        h.advance(1);
        h.send("a", eth(BROADCAST, M, -1));             // the VM moves to a (no announcement: no lock)
        assertEquals(ofport("a"), whereIsM());
        h.revalidate();
        h.clearTx();
        h.advance(1);
        h.send("m1", gratRequest());                    // 2 s after the bond's own gratuitous ARP: passes
        assertEquals(Set.of("a", "c"), h.txAll().keySet());
        h.revalidate();                                 // (it hit the flow from the first one: learned from its use)
        assertEquals(bondPort().ofport(), whereIsM());
    }

    @Test
    void activeBackupAdmitsTheReflectionButTheLockStillKeepsTheMacWhereItWas() {
        // OVS: the admissibility check that reads the lock is balance-slb's; the learning lock is for any bond.
        switchWithBond(BondMode.ACTIVE_BACKUP);
        h.send("a", gratRequest());
        assertTrue(mLocked());
        h.clearTx();
        h.advance(1);
        h.send("m1", gratRequest());
        assertEquals(Set.of("a", "c"), h.txAll().keySet(), "no drop if moved on active-backup");
        h.revalidate();
        assertEquals(ofport("a"), whereIsM(), "not relearned while locked");

        h.send("m1", eth(BROADCAST, M, -1));            // not a gratuitous ARP: learned at once
        assertEquals(Set.of("a", "c"), h.txAll().keySet());
        assertEquals(bondPort().ofport(), whereIsM());
    }

    @Test
    void aFlowStillInUseOnTheBondDoesNotPullAMigratedMacBack() {
        switchWithBond(BondMode.BALANCE_SLB);
        h.send("c", eth(BROADCAST, mac(3), -1));
        h.send("a", gratRequest());                     // the VM on port a (this flow stays installed)
        h.revalidate();
        h.advance(6);
        h.send("m1", gratRequest());                    // it migrated behind the bond (lock over): relearned
        h.send("m1", eth(mac(3), M, -1));               // and talks to mac(3): flow on the bond
        assertEquals(bondPort().ofport(), whereIsM());
        h.revalidate();
        h.advance(1);
        h.send("m1", eth(mac(3), M, -1));               // the bond flow is used once more...
        h.advance(0.5);
        long upcalls = h.bridges.bridgeUpcallHandler().upcalls();
        h.send("a", gratRequest());                     // ...before the VM announces itself on a again
        assertEquals(upcalls, h.bridges.bridgeUpcallHandler().upcalls(), "the old flow of a: learned by its use");
        h.revalidate();
        assertEquals(ofport("a"), whereIsM(), "the bond flow's older use does not pull the VM back");
        assertTrue(mLocked());
        h.clearTx();
        h.send("m1", eth(mac(3), M, -1));
        assertEquals(Map.of(), h.txAll(), "the bond flow now drops (drop if moved)");
    }

    @Test
    void aReflectionHittingAStaleBondFlowIsRevalidatedBeforeItsUseIsLearned() {
        switchWithBond(BondMode.BALANCE_SLB);
        h.send("m1", eth(BROADCAST, M, -1));            // M behind the bond: broadcast flow on the bond
        h.revalidate();
        h.advance(1);
        h.send("a", eth(BROADCAST, M, -1));             // M moves to a
        assertEquals(ofport("a"), whereIsM());
        h.advance(0.5);
        h.send("m1", eth(BROADCAST, M, -1));            // its broadcast reflected back hits the stale bond flow
        h.revalidate();                                 // revalidated first (now "drop if moved"): nothing learned
        assertEquals(ofport("a"), whereIsM(), "as OVS: stats go through the flow's new translation");
        h.clearTx();
        h.send("m1", eth(BROADCAST, M, -1));
        assertEquals(Map.of(), h.txAll());
    }
}
