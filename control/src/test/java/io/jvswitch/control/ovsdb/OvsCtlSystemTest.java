package io.jvswitch.control.ovsdb;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stock {@code ovs-ctl} drives the vswitchd under test (issue 5, process identity): started with
 * {@code --detach} the way {@code ovs-ctl start} starts it, {@code ovs-ctl status} finds it running (pidfile, live
 * pid, {@code /proc/PID/comm} = {@code ovs-vswitchd}), and {@code ovs-ctl stop} stops it (it reads the version
 * through {@code ovs-appctl version}, sends {@code exit} and waits for the pid to go). Run against Open vSwitch's
 * own ovs-vswitchd too, so the expectations are OVS's. ({@code ovs-ctl start} itself also loads the openvswitch
 * kernel module, which this machine's kernel does not have, so the test starts the daemon with ovs-ctl's command
 * line instead.) Privileged; needs Open vSwitch's tools.
 */
class OvsCtlSystemTest {
    private static final String OVS_CTL = "/usr/share/openvswitch/scripts/ovs-ctl";

    @ParameterizedTest
    @MethodSource("io.jvswitch.control.ovsdb.VswitchdKind#selected")
    void ovsCtlSeesTheDetachedDaemonRunningAndStopsIt(VswitchdKind kind) throws Exception {
        VswitchdSandbox.require("OvsCtlSystemTest");
        try (SwitchedHosts hosts = new SwitchedHosts(1);
             VswitchdSandbox sb = new VswitchdSandbox(kind, hosts.switchNetns())) {
            try {
                VswitchdSandbox.Result pre = sb.vsctl("--no-wait", "set", "Open_vSwitch", ".", "next_cfg=5");
                assertEquals(0, pre.exit(), pre.toString());
                VswitchdSandbox.Result start = sb.startDetached();
                assertEquals(0, start.exit(), "--detach returns 0 once configured: " + start);
                long pid = sb.pidfilePidNumber();
                assertTrue(pid > 0, "the pidfile names the daemon");
                Optional<ProcessHandle> daemon = ProcessHandle.of(pid);
                assertTrue(daemon.isPresent() && daemon.get().isAlive(), "the detached daemon runs on");
                assertEquals("ovs-vswitchd", Files.readString(Path.of("/proc/" + pid + "/comm")).strip());
                assertEquals("5", sb.vsctl("--no-wait", "get", "Open_vSwitch", ".", "cur_cfg").out().strip(),
                        "configured (cur_cfg := next_cfg written) before --detach returned");

                VswitchdSandbox.Result status = sb.run(30, OVS_CTL, "--no-ovsdb-server", "status");
                assertEquals(0, status.exit(), "ovs-ctl status: " + status);
                assertTrue(status.out().contains("ovs-vswitchd is running with pid " + pid), status.toString());

                VswitchdSandbox.Result version = sb.appctl("version");
                assertEquals("ovs-vswitchd (Open vSwitch) 3.1.0\n", version.out());

                VswitchdSandbox.Result stop = sb.run(60, OVS_CTL, "--no-ovsdb-server", "stop");
                assertEquals(0, stop.exit(), "ovs-ctl stop: " + stop);
                assertFalse(daemon.get().isAlive(), "ovs-ctl stop waited for the daemon to exit");
                VswitchdSandbox.Result after = sb.run(30, OVS_CTL, "--no-ovsdb-server", "status");
                assertTrue(after.exit() != 0 && after.out().contains("ovs-vswitchd is not running"),
                        after.toString());
            } catch (Throwable t) {
                System.out.println("==== OvsCtlSystemTest [" + kind + "] failed: " + t + " ====\n" + sb.logs());
                throw t;
            }
        }
    }
}
