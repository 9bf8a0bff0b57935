package io.jvswitch.bonding.bond;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.bonding.BondMode;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Member liveness, delays and the active member on a virtual clock (OVS bond_run semantics). */
class BondLivenessTest {
    private static final long MAC1 = 0x0200_0000_0001L;
    private static final long MAC2 = 0x0200_0000_0002L;
    private static final long MAC3 = 0x0200_0000_0003L;

    private static BondSettings ab(int up, int down, String primary, long activeMac) {
        return new BondSettings("bond0", BondMode.ACTIVE_BACKUP, up, down, 0, 10_000, primary, false, false, false,
                activeMac, false, 0);
    }

    private static Bond bond(BondSettings s, boolean... carrier) {
        Bond b = new Bond(s, 0);
        long[] macs = {MAC1, MAC2, MAC3};
        for (int i = 0; i < carrier.length; i++) {
            b.addMember(new MemberConfig("p" + (i + 1), macs[i]), carrier[i]);
        }
        return b;
    }

    private static int[] all(int v) {
        int[] t = new int[256];
        Arrays.fill(t, v);
        return t;
    }

    @Test
    void activeBackupFailsOverAndFailsBackOnlyToThePrimary() {
        Bond b = bond(ab(0, 0, null, 0), true, true);
        BondRun r = b.run(0);
        assertEquals("p1", b.activeMember());
        assertTrue(r.activeMemberChanged());
        assertEquals(MAC1, r.activeMemberMac());
        assertTrue(r.sendLearningPackets());
        assertArrayEquals(all(0), b.bucketTable());

        long v = b.tableVersion();
        b.setCarrier("p1", false);
        r = b.run(10);
        assertEquals("p2", b.activeMember());
        assertEquals(List.of("p1"), r.disabled());
        assertTrue(r.activeMemberChanged());
        assertEquals(MAC2, r.activeMemberMac());
        assertTrue(r.tableChanged());
        assertTrue(b.tableVersion() != v);
        assertArrayEquals(all(1), b.bucketTable());
        assertTrue(r.log().contains("bond bond0: active member is now p2"));

        b.setCarrier("p1", true);
        r = b.run(20);
        assertEquals(List.of("p1"), r.enabled());
        assertEquals("p2", b.activeMember(), "no preemption without a primary");
        assertFalse(r.activeMemberChanged());
    }

    @Test
    void primaryPreemptsWhenItComesBack() {
        Bond b = bond(ab(0, 0, "p2", 0), true, true);
        b.run(0);
        assertEquals("p2", b.activeMember());
        b.setCarrier("p2", false);
        b.run(1);
        assertEquals("p1", b.activeMember());
        b.setCarrier("p2", true);
        BondRun r = b.run(2);
        assertEquals("p2", b.activeMember());
        assertTrue(r.activeMemberChanged());
    }

    @Test
    void rememberedActiveMemberMacIsChosenAtStart() {
        Bond b = bond(ab(0, 0, null, MAC2), true, true);
        BondRun r = b.run(0);
        assertEquals("p2", b.activeMember());
        assertEquals(MAC2, r.activeMemberMac());
        // An enabled primary still wins over the remembered MAC.
        Bond c = bond(ab(0, 0, "p3", MAC2), true, true, true);
        c.run(0);
        assertEquals("p3", c.activeMember());
    }

    @Test
    void updelayAndDowndelay() {
        Bond b = bond(ab(300, 200, null, 0), true, false);
        b.run(0);
        assertEquals("p1", b.activeMember());
        b.setCarrier("p2", true);
        b.run(1000);
        assertEquals(1300, b.nextWakeMs());
        assertFalse(b.members().get(1).enabled());
        assertTrue(b.run(1299).enabled().isEmpty());
        assertEquals(List.of("p2"), b.run(1300).enabled());
        assertEquals(Long.MAX_VALUE, b.nextWakeMs());

        b.setCarrier("p1", false);
        b.run(2000);
        assertTrue(b.members().get(0).enabled(), "still enabled during the downdelay");
        assertEquals("p1", b.activeMember());
        BondRun r = b.run(2200);
        assertEquals(List.of("p1"), r.disabled());
        assertEquals("p2", b.activeMember());

        // A flap shorter than the delay cancels it ("will not be disabled").
        b.setCarrier("p2", false);
        b.run(3000);
        b.setCarrier("p2", true);
        r = b.run(3100);
        assertTrue(r.log().contains("member p2: will not be disabled"));
        assertEquals(Long.MAX_VALUE, b.nextWakeMs());
        assertTrue(b.members().get(1).enabled());
    }

    @Test
    void updelayIsSkippedWhenNoMemberIsEnabled() {
        Bond b = bond(ab(5000, 0, null, 0), false, false);
        assertNull(b.run(0).activeMember());
        b.setCarrier("p2", true);
        b.setCarrier("p1", true);
        BondRun r = b.run(100);
        // Both armed at 5100; the first (member order) with the earliest expiry is taken at once.
        assertEquals("p1", b.activeMember());
        String skip = "bond bond0: active member is now p1, skipping remaining 5000 ms updelay"
                + " (since no member was enabled)";
        assertTrue(r.log().contains(skip), r.log().toString());
        assertTrue(b.members().get(0).enabled());
        assertFalse(b.members().get(1).enabled());
        assertEquals(List.of("p2"), b.run(5100).enabled());
    }

    @Test
    void allMembersDownDropsEverything() {
        Bond b = bond(ab(0, 0, null, 0), true, true);
        b.run(0);
        b.setCarrier("p1", false);
        b.setCarrier("p2", false);
        BondRun r = b.run(1);
        assertNull(b.activeMember());
        assertTrue(r.activeMemberChanged());
        assertEquals(0, r.activeMemberMac());
        assertTrue(r.log().contains("bond bond0: all members disabled"));
        assertArrayEquals(all(-1), b.bucketTable());
    }

    @Test
    void adminDisableAndEnableFollowOvs() {
        Bond b = bond(ab(1000, 0, null, 0), true, true);
        b.run(0);
        assertEquals("disabled", b.setMemberEnabled("p1", false).text());
        assertFalse(b.members().get(0).enabled());
        BondRun r = b.run(10);
        // The link is up, so (as in OVS) the next run arms the updelay; meanwhile p2 takes over.
        assertEquals("p2", b.activeMember());
        assertEquals(1010, b.nextWakeMs());
        assertEquals(List.of("p1"), b.run(1010).enabled());
        assertEquals("enabled", b.setMemberEnabled("p1", true).text());
        assertTrue(b.setMemberEnabled("p9", true).error());
        assertEquals("no such member", b.setMemberEnabled("p9", false).text());
        assertFalse(r.enabled().contains("p1"));
    }

    @Test
    void setActiveMember() {
        Bond b = bond(ab(0, 0, null, 0), true, true, false);
        b.run(0);
        assertEquals("done", b.setActiveMember("p2").text());
        assertEquals("no change", b.setActiveMember("p2").text());
        assertEquals("cannot make disabled member active", b.setActiveMember("p3").text());
        assertEquals("no such member", b.setActiveMember("p7").text());
        assertArrayEquals(all(1), b.bucketTable());
        BondRun r = b.run(1);
        assertTrue(r.activeMemberChanged());
        assertEquals(MAC2, r.activeMemberMac());
        assertTrue(r.sendLearningPackets());
        assertEquals("p2", b.activeMember(), "kept: p2 is enabled and there is no primary");
    }

    @Test
    void removingTheActiveMemberChoosesAnother() {
        Bond b = bond(ab(0, 0, null, 0), true, true);
        b.run(0);
        assertTrue(b.removeMember("p1"));
        assertEquals("p2", b.activeMember());
        assertEquals(List.of("p2"), b.memberNames());
        assertArrayEquals(all(0), b.bucketTable());
    }
}
