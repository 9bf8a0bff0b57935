package io.jvswitch.control.ovsdb;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpMode;
import io.jvswitch.control.config.ConfigValidator;
import io.jvswitch.control.model.BondConfig;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.FailMode;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.VlanMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.jvswitch.control.ovsdb.Snapshots.uuidOf;
import static io.jvswitch.control.ovsdb.Snapshots.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mapping on real database contents. {@code monitor-fresh-3.1.json} is the reply of ovsdb-server 3.1 to a
 * {@code monitor} of Open_vSwitch/Bridge/Port/Interface (all columns) after, with {@code ovs-vsctl --no-wait}:
 * {@code init; add-br br0 -- set bridge br0 datapath_type=netdev; add-port br0 p1 tag=10;
 * add-port br0 p2 trunks=10,20,30 vlan_mode=native-untagged tag=5;
 * add-port br0 p3 -- set interface p3 type=afpacket ofport_request=7 mtu_request=9000
 * other_config:pmd-rxq-affinity=0:1; set bridge br0 fail_mode=secure other_config:mac-aging-time=600;
 * set open . other_config:pmd-cpu-mask=0x6 other_config:foo=1; add-bond br0 bond0 e1 e2; add-br br1;
 * add-port br1 q1 -- set interface q1 type=internal} (one add-br without --no-wait bumped next_cfg to 1).
 */
class DbConfigMapperTest {
    static final DbSnapshot FRESH = Snapshots.resource("monitor-fresh-3.1.json");

    /** Maps, and checks what every mapping must give: a configuration the validator accepts. */
    static MappedDb map(DbSnapshot db) {
        MappedDb m = DbConfigMapper.map(db);
        assertEquals(List.of(), ConfigValidator.errors(m.config()), "the mapped configuration must validate");
        return m;
    }

    static BridgeConfig bridge(MappedDb m, String name) {
        return m.config().bridges().stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no bridge " + name));
    }

    static PortConfig port(MappedDb m, String name) {
        return m.config().bridges().stream().flatMap(b -> b.ports().stream()).filter(p -> p.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no port " + name));
    }

    static boolean hasPort(MappedDb m, String name) {
        return m.config().bridges().stream().flatMap(b -> b.ports().stream()).anyMatch(p -> p.name().equals(name));
    }

    static String w(MappedDb m) {
        return String.join("\n", m.warnings());
    }

    static String pr(MappedDb m) {
        return m.interfaceProblems().toString();
    }

    @Test
    void bondAndLacpColumnsMapAsOvsReadsThem() {
        DbSnapshot db = with(FRESH, "Port", "bond0", "bond_mode", "'balance-tcp'");
        db = with(db, "Port", "bond0", "lacp", "'active'");
        db = with(db, "Port", "bond0", "bond_updelay", "200");
        db = with(db, "Port", "bond0", "bond_downdelay", "-5");
        db = with(db, "Port", "bond0", "other_config",
                "['map',[['lacp-time','fast'],['lacp-fallback-ab','true'],['unrelated','x']]]");
        db = with(db, "Interface", "e1", "other_config", "['map',[['lacp-port-id','11'],['foo','bar']]]");
        MappedDb m = map(db);
        assertEquals(new BondConfig(BondMode.BALANCE_TCP, LacpMode.ACTIVE, 200, 0,
                Map.of("lacp-time", "fast", "lacp-fallback-ab", "true")), port(m, "bond0").bond(),
                "unrelated other_config keys are not kept; a negative delay reads as 0");
        assertEquals(Map.of("lacp-port-id", "11"), port(m, "bond0").interfaces().getFirst().otherConfig());
        MappedDb unknown = map(with(FRESH, "Port", "bond0", "bond_mode", "'balance-xyz'"));
        assertEquals(BondMode.ACTIVE_BACKUP, port(unknown, "bond0").effectiveBond().mode());
        assertTrue(unknown.warnings().stream().anyMatch(x -> x.contains("unknown bond_mode balance-xyz")),
                w(unknown));
    }

    @Test
    void mapsWhatOvsVsctlWrote() {
        MappedDb m = map(FRESH);
        assertEquals(List.of("br0", "br1"), m.config().bridges().stream().map(BridgeConfig::name).toList());
        BridgeConfig br0 = bridge(m, "br0");
        assertEquals(FailMode.SECURE, br0.failMode());
        assertEquals(600, br0.macAgingTimeSec());
        assertEquals(BridgeConfig.DEFAULT_MAC_TABLE_SIZE, br0.macTableSize());
        assertEquals(List.of("bond0", "br0", "p1", "p2", "p3"), br0.ports().stream().map(PortConfig::name).toList());
        BridgeConfig br1 = bridge(m, "br1");
        assertEquals(FailMode.STANDALONE, br1.failMode());
        assertEquals(BridgeConfig.DEFAULT_MAC_AGING_SEC, br1.macAgingTimeSec());

        PortConfig p1 = port(m, "p1");
        assertEquals(10, p1.tag());
        assertNull(p1.vlanMode());
        assertEquals(VlanMode.ACCESS, p1.effectiveVlanMode());
        assertEquals(List.of(InterfaceConfig.of("p1", "system")), p1.interfaces(), "type \"\" is system");

        PortConfig p2 = port(m, "p2");
        assertEquals(new PortConfig("p2", VlanMode.NATIVE_UNTAGGED, 5, Set.of(10, 20, 30),
                List.of(InterfaceConfig.of("p2", "system"))), p2);

        InterfaceConfig p3 = port(m, "p3").interfaces().getFirst();
        assertEquals(new InterfaceConfig("p3", "afpacket", Map.of(), 9000, null,
                Map.of(InterfaceConfig.PMD_RXQ_AFFINITY, "0:1")), p3);
        assertEquals(Map.of("p3", 7), m.ofportRequests());

        assertEquals(List.of(InterfaceConfig.of("br0", "internal")), port(m, "br0").interfaces());
        assertEquals(List.of(InterfaceConfig.of("q1", "internal")), port(m, "q1").interfaces());
        assertEquals(List.of("e1", "e2"), port(m, "bond0").interfaces().stream().map(InterfaceConfig::name).toList(),
                "a bond stays one port of its interfaces");
        assertEquals(BondConfig.DEFAULT, port(m, "bond0").effectiveBond(), "add-bond's defaults: active-backup, "
                + "LACP off");

        assertEquals(Map.of("pmd-cpu-mask", "0x6"), m.config().otherConfig(), "only the keys jvswitch knows");
        assertEquals(1, m.nextCfg());
        assertEquals(0, m.curCfg());
        assertEquals(UUID.fromString("06396829-c0ff-4986-93b1-640445bbd6ae"), m.bridgeUuids().get("br0"));
        assertEquals(uuidOf(FRESH, "Port", "bond0"), m.portUuids().get("bond0"));
        assertEquals(uuidOf(FRESH, "Interface", "e2"), m.interfaceUuids().get("e2"));
        assertEquals(FRESH.rows("Open_vSwitch").keySet().iterator().next(), m.ovsRow());
        assertEquals(8, m.interfaceUuids().size());
        assertEquals(Map.of(), m.interfaceProblems());
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("br1") && w.contains("\"system\"")),
                "br1 has datapath_type \"\": served by the userspace datapath, with a warning: " + m.warnings());
    }

    @Test
    void noOpenVswitchRowIsAnEmptyConfiguration() {
        MappedDb m = map(DbSnapshot.empty());
        assertNull(m.ovsRow());
        assertTrue(m.config().bridges().isEmpty());
        assertFalse(m.warnings().isEmpty());
    }

    @Test
    void danglingReferencesAreIgnored() {
        UUID missing = UUID.fromString("00000000-0000-0000-0000-00000000dead");
        UUID ovs = FRESH.rows("Open_vSwitch").keySet().iterator().next();
        String br0 = "['uuid','06396829-c0ff-4986-93b1-640445bbd6ae']";
        String gone = "['uuid','" + missing + "']";
        DbSnapshot db = Snapshots.withRow(FRESH, "Open_vSwitch", ovs, "bridges",
                Snapshots.json("['set',[" + br0 + "," + gone + "]]"));
        db = with(db, "Bridge", "br0", "ports", "['set',[['uuid','" + uuidOf(db, "Port", "p1") + "']," + gone + "]]");
        db = with(db, "Port", "p1", "interfaces", "['set',[['uuid','" + uuidOf(db, "Interface", "p1") + "']," + gone
                + "]]");
        MappedDb m = map(db);
        assertEquals(List.of("br0"), m.config().bridges().stream().map(BridgeConfig::name).toList());
        assertEquals(List.of("p1"), bridge(m, "br0").ports().stream().map(PortConfig::name).toList());
        assertEquals(1, port(m, "p1").interfaces().size());
        assertEquals(3, m.warnings().stream().filter(w -> w.contains(missing.toString())).count(), w(m));
    }

    @Test
    void aPortWhoseInterfacesAreAllMissingIsLeftOutWithAWarning() {
        DbSnapshot db = with(FRESH, "Port", "p1", "interfaces", "['uuid','00000000-0000-0000-0000-00000000dead']");
        MappedDb m = map(db);
        assertFalse(hasPort(m, "p1"));
        assertTrue(hasPort(m, "p2"));
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("\"p1\"") && w.contains("no interfaces")),
                w(m));
    }

    @Test
    void aDuplicateInterfaceNameIsAProblemForTheSecondRowOnly() {
        // bridge br9 with a port "x1" whose interface is also named "p1" (another Interface row)
        UUID ovs = FRESH.rows("Open_vSwitch").keySet().iterator().next();
        UUID br9 = UUID.fromString("99999999-0000-4000-8000-000000000001");
        UUID x1 = UUID.fromString("99999999-0000-4000-8000-000000000002");
        UUID dupIface = UUID.fromString("99999999-0000-4000-8000-000000000003");
        DbSnapshot db = Snapshots.plus(FRESH, "Interface", dupIface, "{'name':'p1','type':'','ofport':['set',[]]}");
        db = Snapshots.plus(db, "Port", x1, "{'name':'x1','interfaces':['uuid','" + dupIface + "'],'tag':['set',[]]}");
        db = Snapshots.plus(db, "Bridge", br9, "{'name':'br9','datapath_type':'netdev','ports':['uuid','" + x1
                + "']}");
        db = Snapshots.withRow(db, "Open_vSwitch", ovs, "bridges", Snapshots.json("['set',[['uuid','" + br9
                + "'],['uuid','06396829-c0ff-4986-93b1-640445bbd6ae'],"
                + "['uuid','4eff3ba8-0d44-47f3-9b2e-7e9d5d605431']]]"));
        MappedDb m = map(db);
        UUID p1 = uuidOf(FRESH, "Interface", "p1");
        assertEquals(p1, m.interfaceUuids().get("p1"), "br0 comes first by name: its p1 row is configured");
        assertTrue(hasPort(m, "p1"));
        assertFalse(hasPort(m, "x1"));
        assertEquals("interface \"p1\" is already in bridge \"br0\"", m.rowProblems().get(dupIface));
        assertEquals(Set.of(dupIface), m.rowProblems().keySet());
        assertEquals("interface \"p1\" is already in bridge \"br0\"", m.interfaceProblems().get("p1"));
        assertEquals(List.of(), bridge(m, "br9").ports());
        assertEquals(5, bridge(m, "br0").ports().size(), "the rest is still mapped");
    }

    @Test
    void invalidPortValuesAreProblemsOfTheirInterfacesNeverExceptions() {
        Map<String, String[]> cases = Map.of(
                "tag 5000 out of range 0..4095", new String[] {"tag", "5000"},
                "trunk VLAN 5000 out of range 0..4095", new String[] {"trunks", "['set',[10,5000]]"},
                "unknown vlan_mode \"garbage\"", new String[] {"vlan_mode", "'garbage'"},
                "vlan_mode dot1q-tunnel is not supported", new String[] {"vlan_mode", "'dot1q-tunnel'"},
                "malformed Port row: expected integer, got string \"ten\"", new String[] {"tag", "'ten'"},
                "malformed Port row: optional column holds 2 values: [1, 2]", new String[] {"tag", "['set',[1,2]]"});
        cases.forEach((reason, edit) -> {
            MappedDb m = map(with(FRESH, "Port", "p1", edit[0], edit[1]));
            assertFalse(hasPort(m, "p1"), reason);
            assertEquals(Map.of("p1", "port \"p1\": " + reason), m.interfaceProblems(), reason);
            assertEquals(Map.of(uuidOf(FRESH, "Interface", "p1"), "port \"p1\": " + reason), m.rowProblems());
            assertEquals(uuidOf(FRESH, "Interface", "p1"), m.interfaceUuids().get("p1"));
            assertTrue(hasPort(m, "p2") && hasPort(m, "bond0") && hasPort(m, "q1"), "the others stay: " + reason);
        });
    }

    @Test
    void aBadBondMemberLeavesTheOtherMembers() {
        MappedDb m = map(with(FRESH, "Interface", "e2", "type", "'vxlan'"));
        assertEquals(List.of("e1"), port(m, "bond0").interfaces().stream().map(InterfaceConfig::name).toList());
        assertTrue(m.interfaceProblems().get("e2").startsWith("unknown type \"vxlan\""), pr(m));
    }

    @Test
    void invalidInterfaceValuesAreProblems() {
        for (String mtu : List.of("0", "-5", "10", "70000", "99999999999")) {
            MappedDb m = map(with(FRESH, "Interface", "p3", "mtu_request", mtu));
            assertFalse(hasPort(m, "p3"), mtu);
            assertTrue(m.interfaceProblems().get("p3").contains("mtu_request " + mtu + " out of range 68..65535"),
                    pr(m));
            assertFalse(m.ofportRequests().containsKey("p3"), "no hint for an interface left out");
            assertTrue(hasPort(m, "p1"));
        }
        MappedDb m = map(with(FRESH, "Interface", "p1", "mac", "'01:00:00:00:00:01'"));
        assertEquals("mac \"01:00:00:00:00:01\" is a multicast address", m.interfaceProblems().get("p1"));
        m = map(with(FRESH, "Interface", "p1", "options", "['set',[1]]"));
        assertTrue(m.interfaceProblems().get("p1").startsWith("malformed Interface row: not a map"),
                pr(m));
        m = map(with(FRESH, "Interface", "p1", "type", "'patch'"));
        assertEquals("patch type requires valid 'peer' argument", m.interfaceProblems().get("p1"));
    }

    @Test
    void aPatchPairMapsAndDroppingOneSideDropsTheOther() {
        DbSnapshot db = with(FRESH, "Interface", "p1", "type", "'patch'");
        db = with(db, "Interface", "p1", "options", "['map',[['peer','q1']]]");
        db = with(db, "Interface", "q1", "type", "'patch'");
        db = with(db, "Interface", "q1", "options", "['map',[['peer','p1']]]");
        MappedDb m = map(db);
        assertEquals("patch", port(m, "q1").interfaces().getFirst().type());
        assertEquals(Map.of(), m.interfaceProblems());

        m = map(with(db, "Port", "q1", "tag", "9999"));
        assertFalse(hasPort(m, "q1"));
        assertFalse(hasPort(m, "p1"), "p1's peer is gone: p1 is left out too");
        assertEquals("patch peer \"q1\" does not exist", m.interfaceProblems().get("p1"));
        assertTrue(hasPort(m, "p2"));
    }

    @Test
    void anUnsupportedDatapathTypeLeavesTheBridgeOut() {
        MappedDb m = map(with(FRESH, "Bridge", "br1", "datapath_type", "'dpdk'"));
        assertEquals(List.of("br0"), m.config().bridges().stream().map(BridgeConfig::name).toList());
        String reason = "bridge \"br1\": datapath_type \"dpdk\" is not supported (jvswitch has one datapath: netdev)";
        assertEquals(Map.of("br1", reason, "q1", reason), m.interfaceProblems());
    }

    @Test
    void aBridgeNameOvsRefusesLeavesTheBridgeOut() {
        MappedDb m = map(with(FRESH, "Bridge", "br1", "name", "'../etc'"));
        assertEquals(List.of("br0"), m.config().bridges().stream().map(BridgeConfig::name).toList());
        assertTrue(m.interfaceProblems().get("q1").startsWith("bridge \"../etc\": name"), pr(m));
    }

    @Test
    void macTableSettingsAsOvsReadsThem() {
        String[][] cases = {{"0", "300", "8192"}, {"5", "15", "10"}, {"99999", "3600", "99999"},
            {"-1", "3600", "1000000"}, {"abc", "300", "8192"}, {"1e3", "300", "8192"}};
        for (String[] c : cases) {
            MappedDb m = map(with(FRESH, "Bridge", "br1", "other_config",
                    "['map',[['mac-aging-time','" + c[0] + "'],['mac-table-size','" + c[0] + "']]]"));
            assertEquals(Integer.parseInt(c[1]), bridge(m, "br1").macAgingTimeSec(), c[0]);
            assertEquals(Integer.parseInt(c[2]), bridge(m, "br1").macTableSize(), c[0]);
        }
    }

    @Test
    void failModeAsOvsReadsIt() {
        assertEquals(FailMode.STANDALONE, bridge(map(with(FRESH, "Bridge", "br0", "fail_mode", "'standalone'")),
                "br0").failMode());
        assertEquals(FailMode.STANDALONE, bridge(map(with(FRESH, "Bridge", "br0", "fail_mode", "['set',[]]")),
                "br0").failMode());
    }

    @Test
    void aBadSwitchSettingIsDroppedWithAWarning() {
        UUID ovs = FRESH.rows("Open_vSwitch").keySet().iterator().next();
        DbSnapshot db = Snapshots.withRow(FRESH, "Open_vSwitch", ovs, "other_config",
                Snapshots.json("['map',[['pmd-cpu-mask','xyz'],['pmd-idle','backoff']]]"));
        MappedDb m = map(db);
        assertEquals(Map.of("pmd-idle", "backoff"), m.config().otherConfig());
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("pmd-cpu-mask")), w(m));
        assertEquals(2, m.config().bridges().size());
    }

    @Test
    void ofportHintsFromRequestAndFromTheDatabase() {
        DbSnapshot db = with(FRESH, "Interface", "p1", "ofport", "3");
        db = with(db, "Interface", "p2", "ofport", "-1");
        db = with(db, "Interface", "e1", "ofport_request", "65280");
        db = with(db, "Interface", "e1", "ofport", "65279");
        db = with(db, "Interface", "br0", "ofport", "65534");
        db = with(db, "Interface", "e2", "ofport", "['set',[]]");
        MappedDb m = map(db);
        assertEquals(Map.of("p1", 3, "e1", 65279), m.previousOfports(),
                "valid numbers 1..65279 only: not -1, not the local port's 65534");
        assertEquals(Map.of("p3", 7), m.ofportRequests(), "65280 is not a valid request");
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("ofport_request 65280")), w(m));
    }

    @Test
    void theLocalPortIsInternalWhateverItsType() {
        MappedDb m = map(with(FRESH, "Interface", "br0", "type", "''"));
        assertEquals("internal", port(m, "br0").interfaces().getFirst().type());
    }

    @Test
    void theRowsOvsVswitchdHasWrittenMapTheSame() {
        DbSnapshot after = Snapshots.resource("monitor-after-vswitchd-3.1.json");
        MappedDb m = map(after);
        assertEquals(List.of("br0", "nosuch0", "p1", "p2", "p3", "p4"),
                bridge(m, "br0").ports().stream().map(PortConfig::name).toList());
        assertEquals(Map.of(), m.previousOfports(), "-1 and 65534 are no hints");
        assertEquals(2, m.nextCfg());
        assertEquals(2, m.curCfg());
    }
}
