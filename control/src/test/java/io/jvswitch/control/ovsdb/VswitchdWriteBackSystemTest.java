package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * {@code Interface.status} as ovs-vswitchd's netdev providers write it: a veth port has its driver's
     * {@code ETHTOOL_GDRVINFO} facts (equal to {@code ethtool -i}), the netdev bridge's internal port the tap's
     * ({@code tun}: OVS's userspace datapath opens internal ports as taps). jvswitch also writes a veth's
     * {@code peer_ifindex} (OVS after 3.7; 3.1 does not) and an {@code afxdp} port's {@code xdp-mode} (OVS 3.3+).
     */
    @ParameterizedTest
    @MethodSource("io.jvswitch.control.ovsdb.VswitchdKind#selected")
    void interfaceStatusHoldsTheDriverInfo(VswitchdKind kind) throws Exception {
        run("VswitchdWriteBackSystemTest", kind, 2, (sb, h) -> {
            ok(sb, "add-br", BR, "--", "set", "bridge", BR, "datapath_type=netdev");
            ok(sb, "add-port", BR, port(1));
            Map<String, String> veth = awaitStatus(sb, port(1));
            System.out.println("VswitchdWriteBackSystemTest [" + kind + "]: status of " + port(1) + " " + veth
                    + ", of " + BR + " " + status(sb, BR));
            assertEquals("veth", veth.get("driver_name"), veth.toString());
            assertEquals(ethtoolInfo(h, port(1)), withoutKeys(veth, "peer_ifindex"), "as ethtool -i says");
            assertEquals(ethtoolInfo(h, BR), awaitStatus(sb, BR), "the internal port: the tap's driver");
            assertEquals("tun", status(sb, BR).get("driver_name"));
            if (kind == VswitchdKind.JVSWITCH) {
                assertEquals(h.hostIfindex(1), veth.get("peer_ifindex"), "peer_ifindex is h1's eth0");
                ok(sb, "add-port", BR, port(2), "--", "set", "interface", port(2), "type=afxdp");
                String mode = awaitStatus(sb, port(2)).get("xdp-mode");
                String link = SwitchedHosts.in(h.switchNetns(), "ip", "-d", "link", "show", port(2));
                assertEquals(link.contains("xdpgeneric") ? "generic" : "native", mode,
                        "xdp-mode is the mode the program is attached in: " + link);
            }
        });
    }

    /** The Interface's {@code status} map, once it is not empty (written with the reconfiguration or 5 s later). */
    private static Map<String, String> awaitStatus(VswitchdSandbox sb, String iface) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        Map<String, String> m = status(sb, iface);
        while (m.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            m = status(sb, iface);
        }
        return m;
    }

    /** {@code ovs-vsctl --data=json get interface IFACE status}, as a map. */
    private static Map<String, String> status(VswitchdSandbox sb, String iface) throws IOException {
        VswitchdSandbox.Result r = sb.vsctl("--data=json", "--format=json", "--columns=status", "list",
                "interface", iface);
        assertEquals(0, r.exit(), "ovs-vsctl list interface " + iface + ": " + r);
        JsonNode pairs = new ObjectMapper().readTree(r.out()).get("data").get(0).get(0).get(1);
        Map<String, String> m = new TreeMap<>();
        pairs.forEach(p -> m.put(p.get(0).asText(), p.get(1).asText()));
        return m;
    }

    /** {@code ethtool -i DEV} in the switch namespace as OVS's status keys. */
    private static Map<String, String> ethtoolInfo(SwitchedHosts h, String dev) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String line : SwitchedHosts.in(h.switchNetns(), "ethtool", "-i", dev).split("\n")) {
            int colon = line.indexOf(':');
            String key = colon < 0 ? "" : switch (line.substring(0, colon)) {
                case "driver" -> "driver_name";
                case "version" -> "driver_version";
                case "firmware-version" -> "firmware_version";
                default -> "";
            };
            if (!key.isEmpty()) {
                m.put(key, line.substring(colon + 1).strip());
            }
        }
        return m;
    }

    private static Map<String, String> withoutKeys(Map<String, String> m, String... keys) {
        Map<String, String> out = new TreeMap<>(m);
        for (String k : keys) {
            out.remove(k);
        }
        return out;
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
