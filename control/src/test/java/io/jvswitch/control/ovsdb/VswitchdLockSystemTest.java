package io.jvswitch.control.ovsdb;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.jvswitch.control.ovsdb.SwitchedHosts.port;
import static io.jvswitch.control.ovsdb.VswitchdDropInSystemTest.ALL;
import static io.jvswitch.control.ovsdb.VswitchdDropInSystemTest.ONLY_H1_H2;
import static io.jvswitch.control.ovsdb.VswitchdScenario.BR;
import static io.jvswitch.control.ovsdb.VswitchdScenario.interfaces;
import static io.jvswitch.control.ovsdb.VswitchdScenario.ok;
import static io.jvswitch.control.ovsdb.VswitchdScenario.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code ovs_vswitchd} lock is respected (issue 5, resilience): while a vswitchd — Open vSwitch's own or
 * jvswitch — runs, a second jvswitch started on the same database takes nothing (no bridge, no port, the
 * database untouched, the first keeps forwarding) and says why; when the first dies (SIGKILL), the second takes
 * the lock and the whole configuration from the database, with the same OpenFlow port numbers, and forwards — the
 * switch-over from OVS to jvswitch on a running host (ovs-vswitchd's "switch over to another ovs-vswitchd
 * process" test). Privileged; needs Open vSwitch's tools.
 */
class VswitchdLockSystemTest {
    @ParameterizedTest
    @MethodSource("io.jvswitch.control.ovsdb.VswitchdKind#selected")
    void aSecondVswitchdWaitsForTheLockThenTakesOverTheConfiguration(VswitchdKind first) throws Exception {
        run("VswitchdLockSystemTest", first, 3, (sb, h) -> {
            ok(sb, "add-br", BR, "--", "set", "bridge", BR, "datapath_type=netdev");
            for (int p = 1; p <= 3; p++) {
                ok(sb, "add-port", BR, port(p));
            }
            assertEquals(ALL, h.matrix());
            String rowsBefore = interfaces(sb).toString();

            sb.startSecondJvswitch("second");
            Path log = sb.dir().resolve("second.log");
            awaitLine(log, "another ovs-vswitchd process is running", 60);
            VswitchdSandbox.Result dpif = sb.run(20, VswitchdSandbox.tool("ovs-appctl"), "-t",
                    sb.dir().resolve("second.ctl").toString(), "dpif/show");
            assertEquals(0, dpif.exit(), dpif.toString());
            assertEquals("netdev@ovs-netdev: hit:0 missed:0\n", dpif.out(), "the waiting one opened nothing");
            assertEquals(ALL, h.matrix(), "the first keeps forwarding");
            assertEquals(rowsBefore, interfaces(sb).toString(), "the database is the first one's");

            sb.killVswitchd();
            // Returns once a vswitchd holding the lock has applied it (cur_cfg): the second one.
            ok(sb, "set", "port", port(3), "tag=10");
            assertEquals(ONLY_H1_H2, h.matrix(), "the second vswitchd forwards, VLANs as configured");
            assertEquals(rowsBefore, interfaces(sb).toString(), "same interfaces and OpenFlow port numbers");
        });
    }

    private static void awaitLine(Path log, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("no \"" + text + "\" in " + log + " within " + seconds + " s");
    }
}
