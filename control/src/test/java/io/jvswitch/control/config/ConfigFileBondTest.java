package io.jvswitch.control.config;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpMode;
import io.jvswitch.control.model.BondConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.jvswitch.control.config.ConfigFileParseTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bond and LACP settings in the standalone config file (issue 6): the Port row's columns, the same names. */
class ConfigFileBondTest {
    private static final String BOND = """
            {"bridges": [{"name": "br0", "ports": [
              {"name": "bond0", "bond_mode": "balance-tcp", "lacp": "active", "bond_updelay": 100,
               "other_config": {"lacp-time": "fast", "lacp-fallback-ab": "true"},
               "interfaces": [{"name": "eth1", "type": "system", "other_config": {"lacp-port-priority": "10"}},
                              {"name": "eth2", "type": "system"}]}]}]}
            """;

    private static PortConfig bond0(SwitchConfig c) {
        return c.bridges().getFirst().ports().getFirst();
    }

    @Test
    void aBondPortParsesIntoTheModel() throws Exception {
        PortConfig p = bond0(ConfigFile.parse(BOND, "bond.json"));
        assertEquals(new BondConfig(BondMode.BALANCE_TCP, LacpMode.ACTIVE, 100, 0,
                Map.of("lacp-time", "fast", "lacp-fallback-ab", "true")), p.bond());
        assertEquals(Map.of("lacp-port-priority", "10"), p.interfaces().getFirst().otherConfig());
        assertTrue(p.isBond());
    }

    @Test
    void aPortWithoutBondKeysHasTheDefaults() throws Exception {
        PortConfig p = bond0(ConfigFile.parse("{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"p1\"}]}]}",
                "p.json"));
        assertNull(p.bond());
        assertEquals(BondConfig.DEFAULT, p.effectiveBond());
    }

    @Test
    void bondSettingsSurviveWritingAndReading() throws Exception {
        SwitchConfig c = ConfigFile.parse(BOND, "bond.json");
        assertEquals(c, ConfigFile.parse(ConfigFile.toJson(c), "saved.json"));
    }

    @Test
    void badBondSettingsAreErrorsWithTheirLine() {
        String msg = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "b", "bond_mode": "round-robin",
                   "lacp": "sometimes",
                   "other_config": {"bond-colour": "red"},
                   "interfaces": [{"name": "e1"}, {"name": "e2"}]}]}]}
                """).getMessage();
        assertTrue(msg.contains("br.json:2:") && msg.contains("unknown bond_mode \"round-robin\""), msg);
        assertTrue(msg.contains("br.json:3:") && msg.contains("unknown lacp \"sometimes\""), msg);
        assertTrue(msg.contains("br.json:4:") && msg.contains("unknown key \"bond-colour\""), msg);
        String key = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "b", "interfaces": [{"name": "e1", "other_config": {"lacp-port-id": "0"}},
                                               {"name": "e2"}]}]}]}
                """).getMessage();
        assertTrue(key.contains("lacp-port-id must be an integer 1..65535, not \"0\""), key);
    }
}
