package io.jvswitch.bonding.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpStatus;

import org.junit.jupiter.api.Test;

/** The receive admissibility table (ovs-surface.md §2), row by row. */
class AdmissibilityTest {
    private static final long UNICAST = 0x0200_0000_00aaL;
    private static final long BROADCAST = 0xffff_ffff_ffffL;
    private static final RxFacts UC = new RxFacts(UNICAST, false, false, false);
    private static final RxFacts BC = new RxFacts(BROADCAST, false, false, false);

    private static Bond bond(BondMode mode, boolean fallback, boolean allMembersActive, TestLacp lacp) {
        Bond b = new Bond(new BondSettings("bond0", mode, 0, 0, 0, 10_000, null, allMembersActive, fallback,
                lacp != null, 0, false, 0), 0);
        b.addMember(new MemberConfig("p1", 1), true);
        b.addMember(new MemberConfig("p2", 2), true);
        b.addMember(new MemberConfig("p3", 3), false);
        if (lacp != null) {
            b.setLacp(lacp);
        }
        b.run(0);
        return b;
    }

    @Test
    void lacpNegotiatedAcceptsOnEnabledOrMayEnableMembersWithoutMulticastFilter() {
        TestLacp lacp = new TestLacp(LacpStatus.NEGOTIATED, "p1", "p2");
        Bond b = bond(BondMode.BALANCE_TCP, false, false, lacp);
        assertEquals(Admission.ACCEPT, Admissibility.check(b, "p2", BC), "broadcast on a non-active member");
        assertEquals(Admission.DROP_REFUSED, Admissibility.check(b, "p3", UC), "disabled, may not enable");
        lacp.mayEnable.remove("p2");
        assertEquals(Admission.ACCEPT, Admissibility.check(b, "p2", UC), "still enabled until the next run");
        b.run(1);
        assertEquals(Admission.DROP_REFUSED, Admissibility.check(b, "p2", UC));
    }

    @Test
    void lacpConfiguredNotNegotiatedDropsUnlessFallback() {
        Bond b = bond(BondMode.BALANCE_SLB, false, false, new TestLacp(LacpStatus.CONFIGURED, "p1", "p2"));
        assertEquals(Admission.DROP_REFUSED, Admissibility.check(b, "p1", UC));
        Bond f = bond(BondMode.BALANCE_TCP, true, false, new TestLacp(LacpStatus.CONFIGURED, "p1", "p2"));
        assertEquals("p1", f.activeMember());
        assertEquals(Admission.ACCEPT, Admissibility.check(f, "p1", BC), "fallback: active-backup rules");
        assertEquals(Admission.DROP_REFUSED, Admissibility.check(f, "p2", UC));
    }

    @Test
    void balanceTcpWithoutLacpDropsEverything() {
        Bond b = bond(BondMode.BALANCE_TCP, false, false, null);
        assertEquals(Admission.DROP_REFUSED, Admissibility.check(b, "p1", UC));
        assertEquals("bonding refused admissibility, dropping", Admission.DROP_REFUSED.reason());
    }

    @Test
    void multicastOnlyOnTheActiveMemberUnlessSlbAllMembersActive() {
        Bond slb = bond(BondMode.BALANCE_SLB, false, false, null);
        assertEquals("p1", slb.activeMember());
        assertEquals(Admission.ACCEPT, Admissibility.check(slb, "p1", BC));
        assertEquals(Admission.DROP_REFUSED, Admissibility.check(slb, "p2", BC));
        assertEquals(Admission.DROP_REFUSED, Admissibility.check(slb, "p2", new RxFacts(0x0100_5e00_0001L,
                false, false, false)), "IPv4 multicast");
        assertEquals(Admission.ACCEPT, Admissibility.check(slb, "p2", UC));
        Bond all = bond(BondMode.BALANCE_SLB, false, true, null);
        assertEquals(Admission.ACCEPT, Admissibility.check(all, "p2", BC));
        Bond ab = bond(BondMode.ACTIVE_BACKUP, false, true, null);
        assertEquals(Admission.DROP_REFUSED, Admissibility.check(ab, "p2", BC), "all-members-active is SLB only");
    }

    @Test
    void activeBackupDropsEverythingOnBackupMembers() {
        Bond b = bond(BondMode.ACTIVE_BACKUP, false, false, null);
        assertEquals(Admission.ACCEPT, Admissibility.check(b, "p1", UC));
        assertEquals(Admission.DROP_REFUSED, Admissibility.check(b, "p2", UC));
        assertEquals(Admission.DROP_REFUSED, Admissibility.check(b, "nope", UC));
    }

    @Test
    void slbDropsIfMovedExceptUnlockedGratuitousArp() {
        Bond b = bond(BondMode.BALANCE_SLB, false, false, null);
        RxFacts moved = new RxFacts(UNICAST, true, false, false);
        assertEquals(Admission.DROP_LOOPED_BACK, Admissibility.check(b, "p2", moved));
        assertEquals("SLB bond thinks this packet looped back, dropping", Admission.DROP_LOOPED_BACK.reason());
        RxFacts garp = new RxFacts(BROADCAST, true, true, false);
        assertEquals(Admission.ACCEPT, Admissibility.check(b, "p1", garp), "host moved: gratuitous ARP passes");
        RxFacts locked = new RxFacts(BROADCAST, true, true, true);
        assertEquals(Admission.DROP_LOOPED_BACK, Admissibility.check(b, "p1", locked), "within the 5 s lock");
        assertEquals(Admission.ACCEPT, Admissibility.check(b, "p2", UC), "not learned elsewhere");
    }

    @Test
    void gratuitousArpRecognition() {
        assertTrue(RxFacts.isGratuitousArp(0x0806, BROADCAST, 2, 1, 2), "broadcast reply");
        assertTrue(RxFacts.isGratuitousArp(0x0806, BROADCAST, 1, 5, 5), "request spa == tpa");
        assertFalse(RxFacts.isGratuitousArp(0x0806, BROADCAST, 1, 5, 6));
        assertFalse(RxFacts.isGratuitousArp(0x0806, UNICAST, 2, 5, 5), "not broadcast");
        assertFalse(RxFacts.isGratuitousArp(0x0800, BROADCAST, 2, 5, 5));
    }
}
