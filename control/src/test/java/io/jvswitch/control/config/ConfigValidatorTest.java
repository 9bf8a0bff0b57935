package io.jvswitch.control.config;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.FailMode;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules, on models built in code (as the embedding API builds them). */
class ConfigValidatorTest {

    private static SwitchConfig sw(BridgeConfig... bridges) {
        return new SwitchConfig(List.of(bridges));
    }

    private static BridgeConfig br(String name, PortConfig... ports) {
        return BridgeConfig.of(name, List.of(ports));
    }

    private static PortConfig port(String name) {
        return PortConfig.of(name, "dummy");
    }

    private static PortConfig port(InterfaceConfig iface) {
        return new PortConfig(iface.name(), null, null, Set.of(), List.of(iface));
    }

    private static PortConfig patch(String name, String peer) {
        return port(InterfaceConfig.of(name, "patch").withOptions(Map.of("peer", peer)));
    }

    private static PortConfig vlan(VlanMode mode, Integer tag, Integer... trunks) {
        return port("p1").withVlan(mode, tag, Set.of(trunks));
    }

    /** The validator's messages, errors plain, warnings prefixed. */
    private static List<String> problems(SwitchConfig c) {
        return ConfigValidator.validate(c).stream().map(ConfigProblem::toString).toList();
    }

    private static List<String> errors(SwitchConfig c) {
        return ConfigValidator.errors(c).stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aTypicalConfigIsValid() {
        SwitchConfig c = sw(br("br0", port(InterfaceConfig.of("br0", "internal")), port("p1"),
                patch("to-br1", "to-br0")), br("br1", patch("to-br0", "to-br1")));
        assertEquals(List.of(), problems(c));
    }

    @Test
    void namesMustBeNonEmptyWithoutSlashOrWhitespace() {
        assertEquals(List.of("bridge \"\": name must not be empty"), errors(sw(br(""))));
        assertEquals(List.of("bridge \"a/b\": name \"a/b\" must not contain '/'"), errors(sw(br("a/b"))));
        assertEquals(List.of("bridge \"br0\" port \"p 1\": name \"p 1\" must not contain whitespace or control "
                + "characters", "bridge \"br0\" port \"p 1\" interface \"p 1\": name \"p 1\" must not contain "
                + "whitespace or control characters"), errors(sw(br("br0", port("p 1")))));
        assertEquals(List.of("bridge \"br0\" port \"..\": name \"..\" is not allowed",
                "bridge \"br0\" port \"..\" interface \"..\": name \"..\" is not allowed"),
                errors(sw(br("br0", port("..")))));
        assertEquals(List.of("bridge \"br0\" port #1: name must not be empty",
                "bridge \"br0\" port #1 interface #1: name must not be empty"),
                errors(sw(br("br0", port((String) null)))));
        assertTrue(errors(sw(br("br0", port("tab\tbed")))).getFirst().contains("whitespace or control"));
    }

    @Test
    void kernelDeviceNamesHaveAtMost15BytesAndNoColon() {
        assertEquals(List.of("bridge \"br-with-a-long-name\": name \"br-with-a-long-name\" is longer than 15 bytes "
                + "(Linux device names are limited by IFNAMSIZ)"), errors(sw(br("br-with-a-long-name"))));
        assertEquals(List.of(), errors(sw(br("br0", port("a-dummy-port-with-a-long-name")))));
        assertEquals(List.of("bridge \"br0\" port \"eth0:1\" interface \"eth0:1\": name \"eth0:1\" must not contain "
                + "':' (not a valid Linux device name)"),
                errors(sw(br("br0", port(InterfaceConfig.of("eth0:1", "system"))))));
        assertEquals(1, errors(sw(br("br0", port(InterfaceConfig.of("tap-with-long-name", "tap"))))).size());
        assertEquals(List.of(), errors(sw(br("br0", port(InterfaceConfig.of("exactly15bytes_", "afxdp"))))));
    }

    @Test
    void bridgeNamesAreUnique() {
        assertEquals(List.of("bridge \"br0\": bridge \"br0\" is defined twice"), errors(sw(br("br0"), br("br0"))));
    }

    @Test
    void portNamesAreUniqueInTheWholeSwitch() {
        assertEquals(List.of("bridge \"br0\" port \"p1\": port \"p1\" is already in bridge \"br0\"",
                "bridge \"br0\" port \"p1\" interface \"p1\": interface \"p1\" is already in bridge \"br0\""),
                errors(sw(br("br0", port("p1"), port("p1")))));
    }

    @Test
    void anInterfaceIsInOneBridgeOnly() {
        PortConfig bond = new PortConfig("bond0", null, null, Set.of(),
                List.of(InterfaceConfig.of("eth0", "system"), InterfaceConfig.of("eth1", "system")));
        assertEquals(List.of("bridge \"br1\" port \"eth0\" interface \"eth0\": interface \"eth0\" is already in "
                + "bridge \"br0\""),
                errors(sw(br("br0", bond), br("br1", port(InterfaceConfig.of("eth0", "system"))))));
    }

    @Test
    void aPortMayNotTakeTheNameOfAnotherPortsInterface() {
        PortConfig bond = new PortConfig("bond0", null, null, Set.of(),
                List.of(InterfaceConfig.of("eth0", "system"), InterfaceConfig.of("eth1", "system")));
        PortConfig odd = new PortConfig("eth1", null, null, Set.of(), List.of(InterfaceConfig.of("eth2", "system")));
        assertEquals(List.of("bridge \"br0\" port \"eth1\": port name \"eth1\" is already used by an interface of "
                + "port \"bond0\" in bridge \"br0\""), errors(sw(br("br0", bond, odd))));
    }

    @Test
    void aBridgeNameBelongsToItsLocalPort() {
        assertEquals(List.of(), errors(sw(br("br0", port(InterfaceConfig.of("br0", "internal"))))));
        assertEquals(List.of("bridge \"br0\" port \"br0\": port \"br0\" is the bridge's local port: it must have "
                + "one interface \"br0\" of type internal"), errors(sw(br("br0", port("br0")))));
        assertEquals(List.of("bridge \"br0\" port \"br1\": port name \"br1\" is already the name of bridge \"br1\"",
                "bridge \"br0\" port \"br1\" interface \"br1\": interface name \"br1\" is already the name of bridge "
                        + "\"br1\""), errors(sw(br("br0", port("br1")), br("br1"))));
    }

    @Test
    void aPortNeedsAnInterface() {
        PortConfig empty = new PortConfig("p1", null, null, Set.of(), List.of());
        assertEquals(List.of("bridge \"br0\" port \"p1\": port has no interfaces"), errors(sw(br("br0", empty))));
    }

    @Test
    void tagAndTrunksAreIn0To4095() {
        assertEquals(List.of("bridge \"br0\" port \"p1\": tag 4096 out of range 0..4095"),
                errors(sw(br("br0", vlan(VlanMode.ACCESS, 4096)))));
        assertEquals(List.of("bridge \"br0\" port \"p1\": tag -1 out of range 0..4095"),
                errors(sw(br("br0", vlan(VlanMode.ACCESS, -1)))));
        assertEquals(List.of("bridge \"br0\" port \"p1\": trunk VLAN 5000 out of range 0..4095"),
                errors(sw(br("br0", vlan(VlanMode.TRUNK, null, 10, 5000)))));
        assertEquals(List.of(), errors(sw(br("br0", vlan(VlanMode.TRUNK, null, 0, 4095)))));
        assertEquals(List.of(), errors(sw(br("br0", vlan(VlanMode.ACCESS, 0)))));
    }

    @Test
    void vlanModeFallbacksAreWarningsLikeOvs() {
        assertEquals(List.of("warning: bridge \"br0\" port \"p1\": ignoring trunks in favor of implicit vlan "
                + "(access port, tag 10)"), problems(sw(br("br0", vlan(null, 10, 20)))));
        assertEquals(List.of("warning: bridge \"br0\" port \"p1\": access port without tag carries VLAN 0 "
                + "(untagged frames)"), problems(sw(br("br0", vlan(VlanMode.ACCESS, null)))));
        assertEquals(List.of("warning: bridge \"br0\" port \"p1\": trunks are ignored on an access port"),
                problems(sw(br("br0", vlan(VlanMode.ACCESS, 10, 20)))));
        assertEquals(List.of("warning: bridge \"br0\" port \"p1\": tag is ignored on a trunk port"),
                problems(sw(br("br0", vlan(VlanMode.TRUNK, 10)))));
        assertEquals(List.of("warning: bridge \"br0\" port \"p1\": native-tagged port without tag: native VLAN is 0"),
                problems(sw(br("br0", vlan(VlanMode.NATIVE_TAGGED, null, 20)))));
        assertEquals(List.of(), problems(sw(br("br0", vlan(VlanMode.NATIVE_UNTAGGED, 10, 20, 30)))));
        assertEquals(List.of(), problems(sw(br("br0", vlan(null, 10)))));
        assertEquals(List.of(), problems(sw(br("br0", vlan(null, null, 10, 20)))));
    }

    @Test
    void typesAreTheOvsNamesJvswitchKnows() {
        for (String t : List.of("dummy", "pcap", "internal", "patch", "system", "afpacket", "afxdp", "tap")) {
            InterfaceConfig i = InterfaceConfig.of("x1", t);
            if (t.equals("patch")) {
                continue;
            }
            assertEquals(List.of(), errors(sw(br("br0", port(i)))), t);
        }
        assertEquals(List.of("bridge \"br0\" port \"v1\" interface \"v1\": unknown type \"vxlan\" (known: dummy, "
                + "pcap, internal, patch, system, afpacket, afxdp, tap)"),
                errors(sw(br("br0", port(InterfaceConfig.of("v1", "vxlan"))))));
    }

    @Test
    void patchPortsFollowOvsAndMustBePaired() {
        String at = "bridge \"br0\" port \"a\" interface \"a\": ";
        assertEquals(List.of(at + "patch type requires valid 'peer' argument"),
                errors(sw(br("br0", port(InterfaceConfig.of("a", "patch"))))));
        assertEquals(List.of(at + "patch peer must not be self"), errors(sw(br("br0", patch("a", "a")))));
        assertEquals(List.of(at + "patch type takes only a 'peer' argument"), errors(sw(br("br0",
                port(InterfaceConfig.of("a", "patch").withOptions(Map.of("peer", "b", "x", "y"))), patch("b", "a")))));
        assertEquals(List.of(at + "patch peer \"b\" does not exist"), errors(sw(br("br0", patch("a", "b")))));
        assertEquals(List.of(at + "patch peer \"b\" is not a patch interface (type dummy)"),
                errors(sw(br("br0", patch("a", "b"), port("b")))));
        assertEquals(List.of(at + "patch peer \"b\" has peer \"c\", not \"a\""),
                errors(sw(br("br0", patch("a", "b"), patch("b", "c"), patch("c", "b")))));
    }

    @Test
    void patchPeersMayShareABridgeAsInOvs() {
        assertEquals(List.of(), problems(sw(br("br0", patch("a", "b"), patch("b", "a")))));
    }

    @Test
    void mtuRequestIsIn68To65535() {
        InterfaceConfig small = new InterfaceConfig("p1", "dummy", Map.of(), 67, null);
        InterfaceConfig big = new InterfaceConfig("p2", "dummy", Map.of(), 65536, null);
        InterfaceConfig ok = new InterfaceConfig("p3", "dummy", Map.of(), 68, null);
        InterfaceConfig jumbo = new InterfaceConfig("p4", "dummy", Map.of(), 65535, null);
        assertEquals(List.of("bridge \"br0\" port \"p1\" interface \"p1\": mtu_request 67 out of range 68..65535",
                "bridge \"br0\" port \"p2\" interface \"p2\": mtu_request 65536 out of range 68..65535"),
                errors(sw(br("br0", port(small), port(big), port(ok), port(jumbo)))));
    }

    @Test
    void macMustBeAUnicastNonZeroEthernetAddress() {
        assertNull(ConfigValidator.macProblem("02:00:00:00:00:01"));
        assertNull(ConfigValidator.macProblem("AA:bb:CC:dd:EE:f0"));
        assertEquals("mac \"2:0:0:0:0:1\" is not an Ethernet address (xx:xx:xx:xx:xx:xx)",
                ConfigValidator.macProblem("2:0:0:0:0:1"));
        assertEquals("mac \"02-00-00-00-00-01\" is not an Ethernet address (xx:xx:xx:xx:xx:xx)",
                ConfigValidator.macProblem("02-00-00-00-00-01"));
        assertEquals("mac \"01:00:5e:00:00:01\" is a multicast address",
                ConfigValidator.macProblem("01:00:5e:00:00:01"));
        assertEquals("mac \"00:00:00:00:00:00\" is the all-zero address",
                ConfigValidator.macProblem("00:00:00:00:00:00"));
        InterfaceConfig bad = new InterfaceConfig("p1", "dummy", Map.of(), null, "zz:00:00:00:00:01");
        assertEquals(List.of("bridge \"br0\" port \"p1\" interface \"p1\": mac \"zz:00:00:00:00:01\" is not an "
                + "Ethernet address (xx:xx:xx:xx:xx:xx)"), errors(sw(br("br0", port(bad)))));
    }

    @Test
    void macTableSettingsAreClampedLikeOvs() {
        BridgeConfig low = new BridgeConfig("br0", FailMode.STANDALONE, 1, 1, List.of());
        BridgeConfig high = new BridgeConfig("br1", FailMode.STANDALONE, 100_000, 5_000_000, List.of());
        BridgeConfig zero = new BridgeConfig("br2", FailMode.STANDALONE, 0, 0, List.of());
        SwitchConfig c = sw(low, high, zero);
        assertEquals(List.of(
                "warning: bridge \"br0\": mac-aging-time 1 is forced to 15 (OVS range 15..3600)",
                "warning: bridge \"br0\": mac-table-size 1 is forced to 10 (OVS range 10..1000000)",
                "warning: bridge \"br1\": mac-aging-time 100000 is forced to 3600 (OVS range 15..3600)",
                "warning: bridge \"br1\": mac-table-size 5000000 is forced to 1000000 (OVS range 10..1000000)"),
                problems(c));
        SwitchConfig n = ConfigValidator.normalize(c);
        assertEquals(List.of(15, 3600, 300), n.bridges().stream().map(BridgeConfig::macAgingTimeSec).toList());
        assertEquals(List.of(10, 1_000_000, 8192), n.bridges().stream().map(BridgeConfig::macTableSize).toList());
        SwitchConfig fine = sw(br("br0"));
        assertSame(fine, ConfigValidator.normalize(fine));
    }

    @Test
    void negativeMacTableSettingsAreErrors() {
        BridgeConfig neg = new BridgeConfig("br0", FailMode.STANDALONE, -1, -5, List.of());
        assertEquals(List.of("bridge \"br0\": mac-aging-time -1 must not be negative",
                "bridge \"br0\": mac-table-size -5 must not be negative"), errors(sw(neg)));
    }

    @Test
    void requireValidThrowsWithEveryErrorOrReturnsTheNormalizedConfig() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigValidator.requireValid(sw(br("br0", vlan(VlanMode.ACCESS, 5000)), br("br0"))));
        assertEquals(2, e.errors().size());
        assertTrue(e.getMessage().contains("tag 5000 out of range 0..4095"), e.getMessage());
        BridgeConfig low = new BridgeConfig("br0", FailMode.SECURE, 1, 8192, List.of());
        assertEquals(15, ConfigValidator.requireValid(sw(low)).bridges().getFirst().macAgingTimeSec());
    }

    @Test
    void aThousandPortsOnABridgeAreFine() {
        List<PortConfig> ports = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            ports.add(port("p" + i).withVlan(null, i % 4095, Set.of()));
        }
        assertEquals(List.of(), problems(sw(BridgeConfig.of("br0", ports))));
    }
}
