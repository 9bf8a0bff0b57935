package io.jvswitch.api;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An embedded switch with an active-backup bond of two in-memory members: traffic leaves through the active member
 * only; the embedder disables it (OVS's {@code bond/disable-member}) and traffic moves to the other; the disabled
 * member, whose link is up, comes back after {@code bond_updelay} (of the switch's clock, driven by the test) without
 * taking the active role back; the embedder makes it active again and traffic follows. The bond's state is read
 * through {@link VirtualSwitch#bond}.
 */
class BondFailoverTest {
    // longer than 15 bytes: never the name of a kernel device, so the members' carrier is always up
    private static final String M1 = "bondapi-member-1";
    private static final String M2 = "bondapi-member-2";
    private static final long VM_MAC = 0x020000000001L;
    private static final int UPDELAY_MS = 1000;

    @Test
    void activeBackupSendsOnTheActiveMemberAndFailsOverWhenTheEmbedderDisablesIt() throws Exception {
        AtomicLong now = new AtomicLong(System.nanoTime());
        try (VirtualSwitch sw = VirtualSwitch.builder().backoff().clock(now::get).build()) {
            sw.addBridge("br0");
            sw.addPort("br0", PortSpec.dummy("vm"));
            sw.addPort("br0", PortSpec.bond("bond0", BondSpec.activeBackup().updelayMs(UPDELAY_MS),
                    BondMember.dummy(M1), BondMember.dummy(M2)));
            sw.start();
            assertTrue(sw.awaitApplied(5, TimeUnit.SECONDS));
            BondFrames out = new BondFrames(sw);

            BondState s = sw.bond("bond0");
            assertEquals(BondMode.ACTIVE_BACKUP, s.mode());
            assertEquals(LacpStatus.OFF, s.lacp());
            assertEquals(M1, s.activeMember());
            assertEquals(List.of(new BondState.Member(M1, true, true, true, true, false),
                    new BondState.Member(M2, true, false, true, true, false)), s.members());

            byte[] first = BondFrames.broadcast(VM_MAC, 1);
            sw.inject("vm", first);
            out.await(M1, first);
            assertFalse(out.has(M2, first), "the backup member sends nothing");

            sw.setMemberEnabled("bond0", M1, false);
            s = sw.bond("bond0");
            assertEquals(M2, s.activeMember());
            assertFalse(s.member(M1).enabled());
            assertTrue(s.member(M1).carrier(), "disabled by the embedder, not by its link");
            assertTrue(sw.bondShow("bond0").contains("member " + M1 + ": disabled\n  updelay expires in "),
                    sw.bondShow("bond0"));

            byte[] second = BondFrames.broadcast(VM_MAC, 2);
            sw.inject("vm", second);
            out.await(M2, second);
            assertFalse(out.has(M1, second), "the disabled member sends nothing");

            now.addAndGet(UPDELAY_MS * 1_000_000L);
            s = awaitBond(sw, b -> b.member(M1).enabled());
            assertEquals(M2, s.activeMember(), "a member coming back does not take the active role back");

            sw.setActiveMember("bond0", M1);
            assertEquals(M1, sw.bond("bond0").activeMember());
            byte[] third = BondFrames.broadcast(VM_MAC, 3);
            sw.inject("vm", third);
            out.await(M1, third);
            assertFalse(out.has(M2, third));
        }
    }

    @Test
    void bondCommandsRefuseWhatOvsRefuses() {
        try (VirtualSwitch sw = VirtualSwitch.builder().backoff().build()) {
            sw.addBridge("br0");
            sw.addPort("br0", PortSpec.dummy("vm"));
            sw.addPort("br0", PortSpec.bond("bond0", BondSpec.activeBackup().updelayMs(60_000),
                    BondMember.dummy(M1), BondMember.dummy(M2)));
            assertEquals("no such bond", assertThrows(IllegalArgumentException.class,
                    () -> sw.bond("vm")).getMessage());
            assertEquals("no such bond", assertThrows(IllegalArgumentException.class,
                    () -> sw.setMemberEnabled("vm", M1, false)).getMessage());
            assertEquals("no such member", assertThrows(IllegalArgumentException.class,
                    () -> sw.setMemberEnabled("bond0", "vm", false)).getMessage());
            sw.setMemberEnabled("bond0", M2, false);
            assertEquals("cannot make disabled member active", assertThrows(IllegalArgumentException.class,
                    () -> sw.setActiveMember("bond0", M2)).getMessage());
        }
    }

    /** The bond's state once {@code done} holds (the bonds run every 100 ms; 5 s at most). */
    static BondState awaitBond(VirtualSwitch sw, Predicate<BondState> done) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            BondState s = sw.bond("bond0");
            if (done.test(s)) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                fail("bond state never came: " + s + "\n" + sw.bondShow("bond0"));
            }
            Thread.sleep(20);
        }
    }
}
