package io.jvswitch.control.config;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.FailMode;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigRoundTripTest {

    static SwitchConfig everything() {
        PortConfig local = PortConfig.of("br0", "internal");
        PortConfig trunk = new PortConfig("eth0", VlanMode.TRUNK, null, Set.of(10, 20), List.of(
                new InterfaceConfig("eth0", "system", Map.of(), 9000, null)));
        PortConfig access = PortConfig.of("vm1", "tap").withVlan(null, 10, Set.of());
        PortConfig nativeUntagged = PortConfig.of("vm2", "dummy").withVlan(VlanMode.NATIVE_UNTAGGED, 20, Set.of(30));
        PortConfig bond = new PortConfig("bond0", null, null, Set.of(), List.of(
                InterfaceConfig.of("eth1", "system"),
                new InterfaceConfig("eth2", "system", Map.of("b", "2", "a", "1"), null, "02:00:00:00:00:02")));
        PortConfig pcap = new PortConfig("cap", null, null, Set.of(), List.of(
                new InterfaceConfig("cap", "pcap", Map.of("rx_pcap", "in.pcap", "tx_pcap", "out.pcap"), null,
                        "02:00:00:00:00:03")));
        PortConfig renamed = new PortConfig("p-named", null, null, Set.of(),
                List.of(InterfaceConfig.of("i0", "dummy")));
        PortConfig patch0 = PortConfig.of("to-br1", "patch");
        patch0 = new PortConfig("to-br1", null, null, Set.of(),
                List.of(patch0.interfaces().getFirst().withOptions(Map.of("peer", "to-br0"))));
        PortConfig patch1 = new PortConfig("to-br0", null, null, Set.of(),
                List.of(InterfaceConfig.of("to-br0", "patch").withOptions(Map.of("peer", "to-br1"))));
        return new SwitchConfig(List.of(
                new BridgeConfig("br0", FailMode.STANDALONE, 300, 8192,
                        List.of(local, trunk, access, nativeUntagged, bond, pcap, renamed, patch0)),
                new BridgeConfig("br1", FailMode.SECURE, 60, 100_000, List.of(patch1))));
    }

    @Test
    void aConfigSurvivesWritingAndReading() throws Exception {
        SwitchConfig c = everything();
        assertEquals(List.of(), ConfigValidator.validate(c));
        String json = ConfigFile.toJson(c);
        assertEquals(c, ConfigFile.parse(json, "saved.json"));
        assertEquals(json, ConfigFile.toJson(ConfigFile.parse(json, "saved.json")));
    }

    @Test
    void theWriterUsesShorthandAndLeavesDefaultsOut() {
        SwitchConfig c = new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(PortConfig.of("p1", "dummy")))));
        assertEquals("""
                {
                  "bridges": [
                    {
                      "name": "br0",
                      "ports": [
                        {
                          "name": "p1",
                          "type": "dummy"
                        }
                      ]
                    }
                  ]
                }
                """, ConfigFile.toJson(c));
    }

    @Test
    void otherConfigIsWrittenAsStringsLikeOvs() {
        String json = ConfigFile.toJson(new SwitchConfig(List.of(
                new BridgeConfig("br0", FailMode.SECURE, 60, 8192, List.of()))));
        assertTrue(json.contains("\"fail_mode\": \"secure\""), json);
        assertTrue(json.contains("\"mac-aging-time\": \"60\""), json);
        assertTrue(!json.contains("mac-table-size"), json);
    }

    @Test
    void saveReplacesTheFileAndLoadReadsItBack(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("switch.json");
        Files.writeString(f, "old");
        ConfigFile.save(everything(), f);
        assertEquals(everything(), ConfigFile.load(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }
}
