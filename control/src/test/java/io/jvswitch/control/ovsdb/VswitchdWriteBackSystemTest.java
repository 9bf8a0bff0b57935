package io.jvswitch.control.ovsdb;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.jvswitch.control.ovsdb.SwitchedHosts.port;
import static io.jvswitch.control.ovsdb.VswitchdScenario.BR;
import static io.jvswitch.control.ovsdb.VswitchdScenario.get;
import static io.jvswitch.control.ovsdb.VswitchdScenario.ok;
import static io.jvswitch.control.ovsdb.VswitchdScenario.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the vswitchd writes back to the database (issue 5, point 2), checked the same way against Open vSwitch's
 * own ovs-vswitchd and jvswitch: the interfaces' state columns (admin and link state, MTU, the device's MAC and
 * ifindex), counters that follow the traffic within OVS's statistics interval, the bridge's {@code datapath_id},
 * and the types written at start. Privileged; needs Open vSwitch's tools.
 */
class VswitchdWriteBackSystemTest {
    @ParameterizedTest
    @MethodSource("io.jvswitch.control.ovsdb.VswitchdKind#selected")
    void interfaceStateStatisticsDatapathIdAndTypesAreWrittenBack(VswitchdKind kind) throws Exception {
        run("VswitchdWriteBackSystemTest", kind, 2, (sb, h) -> {
            ok(sb, "add-br", BR, "--", "set", "bridge", BR, "datapath_type=netdev");
            ok(sb, "add-port", BR, port(1));
            ok(sb, "add-port", BR, port(2));
            String dev = port(1);
            assertEquals("up", get(sb, "interface", dev, "admin_state"));
            assertEquals("up", get(sb, "interface", dev, "link_state"));
            assertEquals("1500", get(sb, "interface", dev, "mtu"));
            assertEquals("\"" + sysfs(h, dev, "address") + "\"", get(sb, "interface", dev, "mac_in_use"));
            assertEquals(sysfs(h, dev, "ifindex"), get(sb, "interface", dev, "ifindex"));
            assertTrue(get(sb, "bridge", BR, "datapath_id").matches("\"[0-9a-f]{16}\""),
                    get(sb, "bridge", BR, "datapath_id"));
            String ifaceTypes = get(sb, "Open_vSwitch", ".", "iface_types");
            assertTrue(ifaceTypes.contains("system") && ifaceTypes.contains("internal"), ifaceTypes);
            assertTrue(get(sb, "Open_vSwitch", ".", "datapath_types").contains("netdev"));

            SwitchedHosts.Pings p = h.pings(1, 2, 5);
            assertTrue(p.received() > 0, p.toString());
            long deadline = System.nanoTime() + 15_000_000_000L;   // OVS writes statistics every 5 s
            long rx = 0;
            while (System.nanoTime() < deadline) {
                String v = get(sb, "interface", dev, "statistics:rx_packets");
                rx = v.matches("\\d+") ? Long.parseLong(v) : 0;
                if (rx >= p.received()) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(rx >= p.received(), "statistics:rx_packets of " + dev + " counts the pings: " + rx);
        });
    }

    /** A sysfs attribute of a switch-side device (in the switch's namespace). */
    private static String sysfs(SwitchedHosts h, String dev, String attr) throws IOException,
            InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", h.switchNetns(), "cat",
                "/sys/class/net/" + dev + "/" + attr).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }
}
