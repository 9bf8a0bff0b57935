package io.jvswitch.api;

import io.jvswitch.bonding.LacpMode;
import io.jvswitch.control.config.ConfigException;
import io.jvswitch.control.config.ConfigFile;
import io.jvswitch.control.model.SwitchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bonds through the embedding API (issue 6) are the config file's bonds: the same text and the same calls give
 * equal models, and a bad value is refused with the config file's message (the same validator), leaving the
 * switch's configuration as it was. In-memory members; the switch is not started.
 */
class BondSpecTest {
    private final VirtualSwitch sw = VirtualSwitch.builder().backoff().build();

    @AfterEach
    void tearDown() {
        sw.close();
    }

    @Test
    void everyBondSettingGivesTheModelOfTheSameConfigFile() throws Exception {
        SwitchConfig file = ConfigFile.parse("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "vm1", "vlan_mode": "access", "tag": 10},
                  {"name": "bond0", "vlan_mode": "trunk", "trunks": [10, 20],
                   "bond_mode": "balance-tcp", "lacp": "active", "bond_updelay": 200, "bond_downdelay": 50,
                   "other_config": {"lacp-time": "fast", "lacp-fallback-ab": "true",
                                    "lacp-system-id": "02:00:00:00:00:aa", "lacp-system-priority": "100",
                                    "bond-rebalance-interval": "5000", "bond-primary": "eth2",
                                    "bond-hash-basis": "7", "all-members-active": "false",
                                    "lb-output-action": "true", "bond-detect-mode": "miimon",
                                    "bond-miimon-interval": "100"},
                   "interfaces": [
                     {"name": "eth1", "other_config": {"lacp-port-id": "11", "lacp-port-priority": "10",
                                                       "lacp-aggregation-key": "3"}},
                     {"name": "eth2", "type": "dummy", "options": {"tx": "capture"}}]},
                  {"name": "slb", "bond_mode": "balance-slb",
                   "interfaces": [{"name": "eth3"}, {"name": "eth4"}]},
                  {"name": "ab", "interfaces": [{"name": "eth5"}, {"name": "eth6"}]},
                  {"name": "lacp1", "lacp": "passive", "other_config": {"lacp-time": "slow"},
                   "interfaces": [{"name": "eth7"}]}]}]}
                """, "bond.json");

        sw.addBridge("br0");
        sw.addPort("br0", PortSpec.dummy("vm1").access(10));
        sw.addPort("br0", PortSpec.bond("bond0",
                        BondSpec.balanceTcp().lacp(LacpMode.ACTIVE).updelayMs(200).downdelayMs(50)
                                .lacpTime(BondSpec.LacpTime.FAST).lacpFallbackAb(true)
                                .lacpSystemId("02:00:00:00:00:aa").lacpSystemPriority(100)
                                .rebalanceIntervalMs(5000).primary("eth2").hashBasis(7).allMembersActive(false)
                                .lbOutputAction(true).miimonIntervalMs(100),
                        BondMember.dummy("eth1").lacpPortId(11).lacpPortPriority(10).lacpAggregationKey(3),
                        BondMember.of("eth2", "dummy").option("tx", "capture"))
                .trunks(10, 20));
        sw.addPort("br0", PortSpec.bond("slb", BondSpec.balanceSlb(), BondMember.dummy("eth3"),
                BondMember.dummy("eth4")));
        sw.addPort("br0", PortSpec.bond("ab", BondSpec.activeBackup(), BondMember.dummy("eth5"),
                BondMember.dummy("eth6")));
        sw.addPort("br0", PortSpec.bond("lacp1", BondSpec.activeBackup().lacp(LacpMode.PASSIVE)
                .lacpTime(BondSpec.LacpTime.SLOW), BondMember.dummy("eth7")));

        assertEquals(file, sw.config());
        assertEquals(List.of("ab", "bond0", "slb"), List.of(sw.bond("ab").port(), sw.bond("bond0").port(),
                sw.bond("slb").port()), "the runtime runs each as a bond");
    }

    @Test
    void aBondCanBeModifiedAndRemovedLikeAnyPort() {
        sw.addBridge("br0");
        sw.addPort("br0", PortSpec.bond("bond0", BondSpec.activeBackup(), BondMember.dummy("eth1"),
                BondMember.dummy("eth2")));
        sw.modifyPort("br0", PortSpec.bond("bond0", BondSpec.balanceSlb(), BondMember.dummy("eth1"),
                BondMember.dummy("eth2"), BondMember.dummy("eth3")));
        assertEquals(io.jvswitch.bonding.BondMode.BALANCE_SLB, sw.bond("bond0").mode());
        assertEquals(List.of("eth1", "eth2", "eth3"),
                sw.bond("bond0").members().stream().map(BondState.Member::name).toList());
        sw.removePort("br0", "bond0");
        assertEquals("no such bond", assertThrows(IllegalArgumentException.class, () -> sw.bond("bond0"))
                .getMessage());
    }

    /** The problem the config file reports for {@code port} (its text without file, line and column). */
    private static String fileProblem(String port) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parse(
                "{\"bridges\": [{\"name\": \"br0\", \"ports\": [" + port + "]}]}", "bad.json"));
        assertEquals(1, e.errors().size(), e.getMessage());
        return e.errors().getFirst().problem().toString();
    }

    /** What the API says when {@code port} is added to bridge br0; the configuration must stay as it was. */
    private String apiProblem(PortSpec port) {
        SwitchConfig before = sw.config();
        String msg = assertThrows(IllegalArgumentException.class, () -> sw.addPort("br0", port)).getMessage();
        assertEquals(before, sw.config(), "a refused bond changes nothing");
        return msg;
    }

    @Test
    void badMemberSettingsAreRefusedWithTheConfigFilesMessages() {
        sw.addBridge("br0");
        String portId = fileProblem("""
                {"name": "b", "interfaces": [{"name": "e1", "other_config": {"lacp-port-id": "0"}}, {"name": "e2"}]}
                """);
        assertEquals("bridge \"br0\" port \"b\" interface \"e1\": lacp-port-id must be an integer 1..65535, not \"0\"",
                portId);
        String msg = apiProblem(PortSpec.bond("b", BondSpec.activeBackup(), BondMember.dummy("e1").lacpPortId(0),
                BondMember.dummy("e2")));
        assertTrue(msg.contains(portId), msg);

        String prio = fileProblem("""
                {"name": "b", "interfaces": [{"name": "e1"},
                                             {"name": "e2", "other_config": {"lacp-port-priority": "70000"}}]}
                """);
        msg = apiProblem(PortSpec.bond("b", BondSpec.activeBackup(), BondMember.dummy("e1"),
                BondMember.dummy("e2").lacpPortPriority(70000)));
        assertTrue(msg.contains(prio), msg);

        String key = fileProblem("""
                {"name": "b", "interfaces": [{"name": "e1", "other_config": {"lacp-aggregation-key": "-1"}}]}
                """);
        msg = apiProblem(PortSpec.bond("b", BondSpec.activeBackup().lacp(LacpMode.ACTIVE),
                BondMember.dummy("e1").lacpAggregationKey(-1)));
        assertTrue(msg.contains(key), msg);

        String type = fileProblem("""
                {"name": "b", "interfaces": [{"name": "e1", "type": "bogus"}, {"name": "e2"}]}
                """);
        assertTrue(type.contains("unknown type \"bogus\""), type);
        msg = apiProblem(PortSpec.bond("b", BondSpec.activeBackup(), BondMember.of("e1", "bogus"),
                BondMember.dummy("e2")));
        assertTrue(msg.contains(type), msg);

        String none = fileProblem("{\"name\": \"b\", \"interfaces\": []}");
        msg = apiProblem(PortSpec.bond("b", BondSpec.balanceTcp()));
        assertTrue(msg.contains(none), msg);
    }

    @Test
    void aMemberTakenTwiceIsRefusedWithTheConfigFilesMessage() {
        String twice = fileProblem("""
                {"name": "b", "interfaces": [{"name": "e1"}, {"name": "e1"}]}
                """);
        sw.addBridge("br0");
        String msg = apiProblem(PortSpec.bond("b", BondSpec.activeBackup(), BondMember.dummy("e1"),
                BondMember.dummy("e1")));
        assertTrue(msg.contains(twice), msg);
    }

    @Test
    void optionsOfABondBelongToItsMembers() {
        PortSpec bond = PortSpec.bond("b", BondSpec.activeBackup(), BondMember.dummy("e1"), BondMember.dummy("e2"));
        assertThrows(IllegalStateException.class, () -> bond.option("tx", "sink"));
    }
}
