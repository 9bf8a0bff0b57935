package io.jvswitch.bonding.lacp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.bonding.LacpStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OVS's LACP machines on the virtual clock: negotiation, periods, timeouts, passive mode, fallback, carrier. */
class LacpStateMachineTest {
    private static final long SYS_A = 0x0200_0000_0a00L;
    private static final long SYS_B = 0x0200_0000_0b00L;
    private final LacpLab lab = new LacpLab();

    private LacpLab.End[][] pair(boolean activeA, boolean fastA, boolean activeB, boolean fastB) {
        Lacp a = lab.port("A", activeA, fastA, SYS_A, 65534, false);
        Lacp b = lab.port("B", activeB, fastB, SYS_B, 65534, false);
        LacpLab.End[] as = {lab.member(a, "a1", 1), lab.member(a, "a2", 2)};
        LacpLab.End[] bs = {lab.member(b, "b1", 11), lab.member(b, "b2", 12)};
        lab.connect(as[0], bs[0]);
        lab.connect(as[1], bs[1]);
        return new LacpLab.End[][] {as, bs};
    }

    private static void assertUsable(LacpLab.End e) {
        Lacp l = e.lacp();
        assertEquals(LacpStatus.NEGOTIATED, l.status(), e.toString());
        assertEquals(MemberStatus.CURRENT, l.memberStatus(e.member()), e.toString());
        assertTrue(l.isCurrent(e.member()));
        assertTrue(l.isAttached(e.member()), e.toString());
        assertTrue(l.mayEnable(e.member()), e.toString());
    }

    @Test
    void activeActiveNegotiatesOnEveryMember() {
        LacpLab.End[][] p = pair(true, true, true, true);
        lab.advanceTo(100);
        for (LacpLab.End[] side : p) {
            for (LacpLab.End e : side) {
                assertUsable(e);
            }
        }
        LacpInfo actor = p[0][0].lacp().actor("a1");
        assertEquals(0x3f, actor.state());
        assertEquals(actor, p[1][0].lacp().partner("b1"));
        assertEquals(1, actor.key()); // key member a1 (first registered), key 0 => its port id
    }

    @Test
    void activePassiveNegotiates() {
        LacpLab.End[][] p = pair(true, false, false, false);
        lab.advanceTo(100);
        assertUsable(p[0][0]);
        assertUsable(p[1][1]);
        assertEquals(0, p[1][0].lacp().actor("b1").state() & LacpStateBits.ACT);
    }

    @Test
    void passivePassiveNeverSendsAndNeverNegotiates() {
        LacpLab.End[][] p = pair(false, true, false, false);
        lab.advanceTo(200_000);
        for (LacpLab.End[] side : p) {
            for (LacpLab.End e : side) {
                assertEquals(0, lab.sentCount(e));
                assertEquals(LacpStatus.CONFIGURED, e.lacp().status());
                assertFalse(e.lacp().isCurrent(e.member()));
                assertFalse(e.lacp().mayEnable(e.member()));
                assertEquals(Long.MAX_VALUE, e.lacp().nextWakeMs(lab.now));
            }
        }
    }

    /** Intervals between a member's periodic PDUs once negotiation settled. */
    private List<Long> intervals(LacpLab.End e, long fromMs) {
        List<Long> at = lab.sentAt.get(e).stream().filter(t -> t >= fromMs).toList();
        ArrayList<Long> d = new ArrayList<>();
        for (int i = 1; i < at.size(); i++) {
            d.add(at.get(i) - at.get(i - 1));
        }
        return d;
    }

    @Test
    void eachSideTransmitsAtThePeriodThePartnerAsksFor() {
        LacpLab.End[][] p = pair(true, true, true, false); // A fast, B slow
        lab.advanceTo(200_000);
        List<Long> fromA = intervals(p[0][0], 10_000);
        List<Long> fromB = intervals(p[1][0], 10_000);
        assertTrue(fromA.size() >= 5 && fromA.stream().allMatch(d -> d == 30_000), "A sends slow: " + fromA);
        assertTrue(fromB.size() >= 150 && fromB.stream().allMatch(d -> d == 1000), "B sends fast: " + fromB);
        assertUsable(p[0][0]);
        assertUsable(p[1][0]);
    }

    @Test
    void fastTimeoutExpiresAfterThreeSecondsThenDefaultsAfterThreeMore() {
        LacpLab.End[][] p = pair(true, true, true, true);
        lab.advanceTo(10_000);
        Lacp a = p[0][0].lacp();
        long last = lab.sentAt.get(p[1][0]).getLast() + 1; // last PDU a1 received
        lab.deaf.add(p[0][0]);
        lab.advanceTo(last + 3000 - 1);
        assertEquals(MemberStatus.CURRENT, a.memberStatus("a1"));
        lab.advanceTo(last + 3000);
        assertEquals(MemberStatus.EXPIRED, a.memberStatus("a1"));
        assertFalse(a.mayEnable("a1"));
        assertTrue(a.isCurrent("a1"));
        lab.advanceTo(last + 6000 - 1);
        assertEquals(MemberStatus.EXPIRED, a.memberStatus("a1"));
        lab.advanceTo(last + 6000);
        assertEquals(MemberStatus.DEFAULTED, a.memberStatus("a1"));
        assertFalse(a.isCurrent("a1"));
        assertFalse(a.isAttached("a1"));
        assertUsable(p[0][1]);
        assertEquals(1, a.stats("a1").linkExpired());
        assertEquals(1, a.stats("a1").linkDefaulted());
    }

    @Test
    void slowTimeoutExpiresAfterNinetySecondsThenDefaultsAfterThree() {
        LacpLab.End[][] p = pair(true, false, true, false);
        lab.advanceTo(100_000);
        Lacp a = p[0][0].lacp();
        long last = lab.sentAt.get(p[1][0]).getLast() + 1;
        lab.deaf.add(p[0][0]);
        lab.advanceTo(last + 90_000 - 1);
        assertEquals(MemberStatus.CURRENT, a.memberStatus("a1"));
        lab.advanceTo(last + 90_000);
        assertEquals(MemberStatus.EXPIRED, a.memberStatus("a1"));
        lab.advanceTo(last + 93_000);
        assertEquals(MemberStatus.DEFAULTED, a.memberStatus("a1"));
    }

    @Test
    void slowMemberThatLostItsPartnerRejoinsWithinOneSlowPeriodOfItsReturn() {
        LacpLab.End[][] p = pair(true, false, true, false);
        lab.advanceTo(100_000);
        lab.deaf.add(p[0][0]);
        long last = lab.sentAt.get(p[1][0]).getLast() + 1;
        lab.advanceTo(last + 90_000);
        Lacp a = p[0][0].lacp();
        assertEquals(MemberStatus.EXPIRED, a.memberStatus("a1"));
        assertFalse(a.mayEnable("a1"));
        lab.deaf.clear();
        // OVS's actor TIME bit follows only lacp-time: an expired member does not ask its partner for fast PDUs.
        // Its own PDUs echo the partner without SYNC (or zeroed once defaulted), so the partner answers at once.
        lab.advanceTo(last + 90_000 + 30_000 + 2);
        assertUsable(p[0][0]);
    }

    @Test
    void partnerlessActiveBondDefaultsAndOnlyFallbackAbLetsMembersEnable() {
        for (boolean fallback : new boolean[] {false, true}) {
            LacpLab l = new LacpLab();
            Lacp a = l.port("A", true, true, SYS_A, 65534, fallback);
            l.member(a, "a1", 1);
            l.member(a, "a2", 2);
            l.advanceTo(2000);
            assertEquals(MemberStatus.EXPIRED, a.memberStatus("a1"));
            assertFalse(a.mayEnable("a1"));
            l.advanceTo(4000);
            assertEquals(MemberStatus.DEFAULTED, a.memberStatus("a1"));
            assertEquals(LacpStatus.CONFIGURED, a.status());
            assertEquals(fallback, a.mayEnable("a1"));
            assertEquals(fallback, a.mayEnable("a2"));
            assertEquals(fallback, a.isAttached("a1"));
        }
    }

    @Test
    void memberFacingAnotherSystemIsDetached() {
        Lacp a = lab.port("A", true, true, SYS_A, 65534, false);
        Lacp b = lab.port("B", true, true, SYS_B, 65534, false);
        Lacp c = lab.port("C", true, true, 0x0200_0000_0c00L, 65534, false);
        LacpLab.End a1 = lab.member(a, "a1", 1);
        LacpLab.End a2 = lab.member(a, "a2", 2);
        lab.connect(a1, lab.member(b, "b1", 11));
        lab.connect(a2, lab.member(c, "c1", 21));
        lab.advanceTo(10_000);
        assertEquals(LacpStatus.NEGOTIATED, a.status());
        assertTrue(a.isAttached("a1") ^ a.isAttached("a2"), "exactly one attached");
        assertTrue(a.mayEnable("a1") ^ a.mayEnable("a2"));
        assertTrue(a.isCurrent("a1") && a.isCurrent("a2"));
    }

    @Test
    void memberFacingAnotherKeyOfTheSameSystemIsDetached() {
        Lacp a = lab.port("A", true, true, SYS_A, 65534, false);
        Lacp b = lab.port("B", true, true, SYS_B, 65534, false);
        Lacp b2 = lab.port("B2", true, true, SYS_B, 65534, false);
        LacpLab.End a1 = lab.member(a, "a1", 1);
        LacpLab.End a2 = lab.member(a, "a2", 2);
        lab.connect(a1, lab.member(b, "b1", 11));
        lab.connect(a2, lab.member(b2, "x1", 31));
        lab.advanceTo(10_000);
        assertEquals(11, a.partner("a1").key());
        assertEquals(31, a.partner("a2").key());
        assertTrue(a.isAttached("a1") ^ a.isAttached("a2"), "exactly one attached");
    }

    @Test
    void loopedBackMembersNeverAttach() {
        Lacp a = lab.port("A", true, true, SYS_A, 65534, false);
        LacpLab.End a1 = lab.member(a, "a1", 1);
        LacpLab.End a2 = lab.member(a, "a2", 2);
        lab.connect(a1, a2);
        lab.advanceTo(20_000);
        assertEquals(MemberStatus.CURRENT, a.memberStatus("a1"));
        assertEquals(SYS_A, a.partner("a1").sysId());
        assertFalse(a.isAttached("a1") || a.isAttached("a2"));
        assertFalse(a.mayEnable("a1") || a.mayEnable("a2"));
        assertEquals(LacpStatus.CONFIGURED, a.status());
    }

    @Test
    void carrierDownDropsPdusExpiresAndStopsTransmitting() {
        LacpLab.End[][] p = pair(true, true, true, true);
        lab.advanceTo(5000);
        Lacp a = p[0][0].lacp();
        a.setCarrier("a1", false, lab.now);
        assertEquals(MemberStatus.EXPIRED, a.memberStatus("a1"));
        byte[] pdu = lab.sent.get(p[1][0]).getLast();
        long rx = a.stats("a1").rxPdus();
        int sentBefore = lab.sentCount(p[0][0]);
        for (int i = 0; i < 7; i++) {
            lab.advanceTo(lab.now + 500);
            assertFalse(a.receive("a1", pdu, 0, pdu.length, lab.now));
        }
        assertTrue(a.stats("a1").rxPdus() >= rx + 7); // ours and the peer's periodic PDUs, all dropped
        assertEquals(MemberStatus.DEFAULTED, a.memberStatus("a1"));
        assertEquals(sentBefore, lab.sentCount(p[0][0]));
        assertEquals(1, a.stats("a1").carrierChanged());
        assertEquals(0, a.stats("a1").linkExpired());
        assertEquals(1, a.stats("a1").linkDefaulted());
        a.setCarrier("a1", true, lab.now);
        lab.advanceTo(lab.now + 2000);
        assertUsable(p[0][0]);
        assertEquals(2, a.stats("a1").carrierChanged());
    }

    @Test
    void drivingOnlyAtNextWakeGivesTheSameNegotiationAndTimers() {
        Lacp a = new Lacp(new LacpSettings("A", true, true, SYS_A, 65534, false));
        Lacp b = new Lacp(new LacpSettings("B", true, true, SYS_B, 65534, false));
        a.registerMember(LacpMemberSettings.of("a1", 1, 0x11), 0);
        b.registerMember(LacpMemberSettings.of("b1", 2, 0x22), 0);
        a.setCarrier("a1", true, 0);
        b.setCarrier("b1", true, 0);
        long now = 0;
        ArrayDeque<byte[]> toA = new ArrayDeque<>();
        ArrayDeque<byte[]> toB = new ArrayDeque<>();
        int wakes = 0;
        while (now < 60_000) {
            a.run(now, (m, f) -> toB.add(f));
            b.run(now, (m, f) -> toA.add(f));
            while (!toA.isEmpty() || !toB.isEmpty()) {
                for (byte[] f = toA.poll(); f != null; f = toA.poll()) {
                    a.receive("a1", f, 0, f.length, now);
                }
                for (byte[] f = toB.poll(); f != null; f = toB.poll()) {
                    b.receive("b1", f, 0, f.length, now);
                }
                a.run(now, (m, f) -> toB.add(f));
                b.run(now, (m, f) -> toA.add(f));
            }
            long next = Math.min(a.nextWakeMs(now), b.nextWakeMs(now));
            assertTrue(next > now, "woken again at once");
            now = next;
            wakes++;
        }
        assertTrue(a.mayEnable("a1") && b.mayEnable("b1"));
        assertTrue(wakes <= 130, "wakes " + wakes); // about one per second per side, not one per millisecond
        assertEquals(a.stats("a1").txPdus(), b.stats("b1").rxPdus());
    }

    @Test
    void keyMemberAndDefaultsFollowOvs() {
        assertEquals(65534, LacpSettings.defaultSystemPriority(2));
        assertEquals(65535, LacpSettings.defaultSystemPriority(1));
        Lacp a = new Lacp(new LacpSettings("A", true, false, SYS_A, 65535, false));
        assertEquals(-1, a.aggregationKey());
        assertTrue(LacpText.show(a).contains("  aggregation key: none\n"));
        a.registerMember(LacpMemberSettings.of("x", 7, 1), 0);
        assertEquals(0, a.actor("x").state() & LacpStateBits.AGG); // one member: individual
        a.registerMember(new LacpMemberSettings("y", 8, 65535, 42, 2), 0);
        assertEquals(7, a.actor("y").key());
        assertEquals(LacpStateBits.AGG, a.actor("y").state() & LacpStateBits.AGG);
        a.unregisterMember("x");
        assertEquals(42, a.actor("y").key());
        assertEquals(List.of("y"), a.members());
    }
}
