package io.jvswitch.control.ovsdb;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.List;

import static io.jvswitch.control.ovsdb.SwitchedHosts.port;
import static io.jvswitch.control.ovsdb.VswitchdScenario.BR;
import static io.jvswitch.control.ovsdb.VswitchdScenario.get;
import static io.jvswitch.control.ovsdb.VswitchdScenario.ok;
import static io.jvswitch.control.ovsdb.VswitchdScenario.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * OVS's "ofproto-dpif - active bond member survives restart" ({@code tests/ofproto-dpif.at}, OVS 3.5+) on real
 * devices: an active-backup bond of two veths ({@code p1}, {@code p2}, their other ends in host namespaces), the
 * member the vswitchd did not choose by itself made active with {@code ovs-appctl bond/set-active-member},
 * {@code Port.bond_active_slave} then holding that member's MAC; the vswitchd stopped ({@code ovs-appctl exit}) and
 * started again on the same database: {@code bond/show} names the same active member, and the column still holds
 * its MAC.
 *
 * <p>Against Open vSwitch's ovs-vswitchd 3.1 the first half is the reference (the column's format); after the
 * restart 3.1 falls back to its own choice ({@link VswitchdKind#keepsBondActiveMemberAcrossRestart()}), which the
 * test prints. Privileged; needs Open vSwitch's tools.
 */
class BondRestartSystemTest {
    private static final int WAIT_S = 20;

    @ParameterizedTest
    @MethodSource("io.jvswitch.control.ovsdb.VswitchdKind#selected")
    void theActiveMemberSetByAppctlIsStillActiveAfterARestart(VswitchdKind kind) throws Exception {
        String what = "BondRestartSystemTest [" + kind + "]";
        run("BondRestartSystemTest", kind, 2, (sb, h) -> {
            List<String> members = List.of(port(1), port(2));
            ok(sb, "add-br", BR, "--", "set", "bridge", BR, "datapath_type=netdev");
            ok(sb, "add-bond", BR, "bond0", members.get(0), members.get(1), "bond_mode=active-backup");
            BondShow.Bond first = await(sb, "both members enabled with an active one",
                    b -> b.allEnabled() && b.members().size() == 2 && b.activeMember() != null);
            String chosen = first.activeMember();
            String target = chosen.equals(members.get(0)) ? members.get(1) : members.get(0);
            String mac = SwitchedHosts.in(h.switchNetns(), "cat", "/sys/class/net/" + target + "/address").strip();
            System.out.println(what + ": chosen at creation " + chosen + "; setting " + target + " (" + mac + ")");

            VswitchdSandbox.Result set = sb.appctl("bond/set-active-member", "bond0", target);
            assertEquals(0, set.exit(), "bond/set-active-member: " + set);
            await(sb, target + " active", b -> target.equals(b.activeMember()));
            awaitColumn(sb, "\"" + mac + "\"", "bond_active_slave holds " + target + "'s MAC");

            sb.stopVswitchd();
            sb.startVswitchd();
            // Returns once the restarted vswitchd has applied the database (cur_cfg).
            ok(sb, "set", "port", "bond0", "other_config:restarted=1");
            BondShow.Bond after = await(sb, "both members enabled with an active one after the restart",
                    b -> b.allEnabled() && b.members().size() == 2 && b.activeMember() != null);
            System.out.println(what + ": active after the restart " + after.activeMember() + ", bond_active_slave "
                    + get(sb, "port", "bond0", "bond_active_slave"));
            if (kind.keepsBondActiveMemberAcrossRestart()) {
                await(sb, target + " still active after the restart", b -> target.equals(b.activeMember()));
                awaitColumn(sb, "\"" + mac + "\"", "bond_active_slave still holds " + target + "'s MAC");
            }
        });
    }

    private interface Check {
        boolean test(BondShow.Bond b);
    }

    /** Polls {@code bond/show bond0} until {@code done} ({@link #WAIT_S} at most); the last state. */
    private static BondShow.Bond await(VswitchdSandbox sb, String what, Check done) throws Exception {
        long deadline = System.nanoTime() + WAIT_S * 1_000_000_000L;
        String last = null;
        while (System.nanoTime() < deadline) {
            VswitchdSandbox.Result r = sb.appctl("bond/show", "bond0");
            last = r.all();
            if (r.exit() == 0) {
                BondShow.Bond b = BondShow.bond(r.out());
                if (done.test(b)) {
                    return b;
                }
            }
            Thread.sleep(100);
        }
        fail("bond/show bond0: not " + what + " within " + WAIT_S + " s; last:\n" + last);
        return null;
    }

    /** Polls {@code Port bond0 bond_active_slave} (written back asynchronously) until it is {@code want}. */
    private static void awaitColumn(VswitchdSandbox sb, String want, String what) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + WAIT_S * 1_000_000_000L;
        String v = null;
        while (System.nanoTime() < deadline) {
            v = get(sb, "port", "bond0", "bond_active_slave");
            if (want.equals(v)) {
                return;
            }
            Thread.sleep(100);
        }
        assertNotNull(v);
        assertEquals(want, v, what + " within " + WAIT_S + " s");
    }
}
