package io.jvswitch.control.config;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.FailMode;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileParseTest {

    static ConfigException rejected(String text) {
        return assertThrows(ConfigException.class, () -> ConfigFile.parse(text, "br.json"));
    }

    @Test
    void theBriefsExampleParsesIntoTheModel() throws Exception {
        String text = """
                { "bridges": [ { "name": "br0", "fail_mode": "secure",
                                 "other_config": { "mac-aging-time": "600", "mac-table-size": "4096" },
                                 "ports": [ { "name": "p1", "tag": 10, "vlan_mode": "native-untagged",
                                              "trunks": [20, 10],
                                              "interfaces": [ { "name": "p1", "type": "dummy",
                                                                "options": {"k": "v"},
                                                                "mtu_request": 9000,
                                                                "mac": "02:00:00:00:00:01" } ] },
                                            { "name": "p2", "type": "pcap", "options": {"rx_pcap": "in.pcap"} }
                                          ] } ] }
                """;
        SwitchConfig c = ConfigFile.parse(text, "br.json");
        BridgeConfig br = c.bridges().getFirst();
        assertEquals("br0", br.name());
        assertEquals(FailMode.SECURE, br.failMode());
        assertEquals(600, br.macAgingTimeSec());
        assertEquals(4096, br.macTableSize());
        PortConfig p1 = br.ports().get(0);
        assertEquals(VlanMode.NATIVE_UNTAGGED, p1.vlanMode());
        assertEquals(10, p1.tag());
        assertEquals(Set.of(10, 20), p1.trunks());
        assertEquals(new InterfaceConfig("p1", "dummy", Map.of("k", "v"), 9000, "02:00:00:00:00:01"),
                p1.interfaces().getFirst());
        PortConfig p2 = br.ports().get(1);
        assertEquals(List.of(new InterfaceConfig("p2", "pcap", Map.of("rx_pcap", "in.pcap"), null, null)),
                p2.interfaces());
    }

    @Test
    void omittedKeysTakeTheDefaults() throws Exception {
        SwitchConfig c = ConfigFile.parse("{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"p1\"}]}]}",
                "d.json");
        BridgeConfig br = c.bridges().getFirst();
        assertEquals(FailMode.STANDALONE, br.failMode());
        assertEquals(300, br.macAgingTimeSec());
        assertEquals(8192, br.macTableSize());
        PortConfig p = br.ports().getFirst();
        assertNull(p.vlanMode());
        assertNull(p.tag());
        assertTrue(p.trunks().isEmpty());
        assertEquals(VlanMode.TRUNK, p.effectiveVlanMode());
        assertEquals(List.of(InterfaceConfig.of("p1", "dummy")), p.interfaces());
    }

    @Test
    void aBridgeWithoutPortsAndAnEmptyFileOfBridgesAreValid() throws Exception {
        assertEquals(SwitchConfig.empty(), ConfigFile.parse("{}", "e.json"));
        assertEquals(SwitchConfig.empty(), ConfigFile.parse("{\"bridges\": []}", "e.json"));
        assertEquals(List.of(), ConfigFile.parse("{\"bridges\": [{\"name\": \"br0\"}]}", "e.json")
                .bridges().getFirst().ports());
    }

    @Test
    void portLevelShorthandEqualsTheSingleInterfaceForm() throws Exception {
        SwitchConfig shorthand = ConfigFile.parse("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "type": "pcap", "options": {"rx_pcap": "a.pcap"}, "mtu_request": 1500,
                   "mac": "02:00:00:00:00:02"}]}]}
                """, "a.json");
        SwitchConfig full = ConfigFile.parse("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "interfaces": [{"name": "p1", "type": "pcap", "options": {"rx_pcap": "a.pcap"},
                   "mtu_request": 1500, "mac": "02:00:00:00:00:02"}]}]}]}
                """, "b.json");
        assertEquals(full, shorthand);
    }

    @Test
    void aPortWithSeveralInterfacesKeepsThemInOrder() throws Exception {
        SwitchConfig c = ConfigFile.parse("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "bond0", "interfaces": [{"name": "eth1"}, {"name": "eth0"}]}]}]}
                """, "bond.json");
        assertEquals(List.of("eth1", "eth0"),
                c.bridges().getFirst().ports().getFirst().interfaces().stream().map(InterfaceConfig::name).toList());
    }

    @Test
    void shorthandNextToInterfacesIsAnError() {
        ConfigException e = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "type": "pcap", "interfaces": [{"name": "p1"}]}]}]}
                """);
        assertEquals("br.json:2:18: bridge \"br0\" port \"p1\": \"type\" at port level is shorthand for a port's "
                + "only interface; with \"interfaces\", put it inside the interface", e.getMessage());
    }

    @Test
    void optionsAcceptNumbersAndBooleansAsText() throws Exception {
        SwitchConfig c = ConfigFile.parse("""
                {"bridges": [{"name": "br0", "ports": [{"name": "p1", "options": {"n_rxq": 2, "x": true}}]}]}
                """, "o.json");
        assertEquals(Map.of("n_rxq", "2", "x", "true"),
                c.bridges().getFirst().ports().getFirst().interfaces().getFirst().options());
    }

    @Test
    void otherConfigAcceptsStringsAndIntegers() throws Exception {
        SwitchConfig c = ConfigFile.parse("""
                {"bridges": [{"name": "br0", "other_config": {"mac-aging-time": 60, "mac-table-size": " 100 "}}]}
                """, "oc.json");
        assertEquals(60, c.bridges().getFirst().macAgingTimeSec());
        assertEquals(100, c.bridges().getFirst().macTableSize());
    }

    @Test
    void commentsAreAllowed() throws Exception {
        SwitchConfig c = ConfigFile.parse("""
                // the lab switch
                {"bridges": [ /* one bridge */ {"name": "br0"}]}
                """, "c.json");
        assertEquals("br0", c.bridges().getFirst().name());
    }

    @Test
    void nullMeansUnset() throws Exception {
        SwitchConfig c = ConfigFile.parse("""
                {"bridges": [{"name": "br0", "fail_mode": null, "ports": [
                  {"name": "p1", "tag": null, "vlan_mode": null, "mac": null, "type": null}]}]}
                """, "n.json");
        PortConfig p = c.bridges().getFirst().ports().getFirst();
        assertNull(p.tag());
        assertNull(p.vlanMode());
        assertEquals(InterfaceConfig.of("p1", "dummy"), p.interfaces().getFirst());
    }
}
