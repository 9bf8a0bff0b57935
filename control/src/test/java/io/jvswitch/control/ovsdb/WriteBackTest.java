package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jvswitch.control.ovsdb.SwitchStatus.InterfaceStatus;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.jvswitch.control.ovsdb.DbConfigMapperTest.FRESH;
import static io.jvswitch.control.ovsdb.OvsdbDatumTest.assertJson;
import static io.jvswitch.control.ovsdb.Snapshots.uuidOf;
import static io.jvswitch.control.ovsdb.Snapshots.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write-back transactions, on the captured database contents ({@link DbConfigMapperTest} says how they were
 * made; {@code monitor-after-vswitchd-3.1.json} is the database after Open vSwitch 3.1's own ovs-vswitchd ran on it
 * with a netdev bridge: the local port up with its counters, every other interface failed with OVS's error).
 */
class WriteBackTest {
    static final DbSnapshot AFTER = Snapshots.resource("monitor-after-vswitchd-3.1.json");

    private static final Map<String, Long> ZERO_STATS = Map.of("rx_packets", 0L, "tx_packets", 0L, "rx_bytes", 0L,
            "tx_bytes", 0L, "rx_dropped", 0L, "tx_dropped", 0L, "rx_errors", 0L, "tx_errors", 0L);

    static InterfaceStatus up(int ofport, Map<String, Long> stats) {
        return new InterfaceStatus(ofport, null, "up", "up", null, 1500, "aa:55:aa:55:00:" + String.format("%02x",
                ofport % 256), 0, stats);
    }

    /** Every configured interface up, numbered in name order from 1 (the local ports 65534, as OVS numbers them). */
    static SwitchStatus allUp(MappedDb m) {
        Map<String, InterfaceStatus> ifaces = new HashMap<>();
        int n = 1;
        for (String name : new TreeSet<>(m.interfaceUuids().keySet())) {
            if (m.interfaceProblems().containsKey(name)) {
                continue;
            }
            boolean local = m.bridgeUuids().containsKey(name);
            ifaces.put(name, up(local ? 65534 : n++, ZERO_STATS));
        }
        return new SwitchStatus(ifaces, Map.of("br0", "0000aa55aa550010", "br1", "0000aa55aa550011"));
    }

    static JsonNode opFor(ArrayNode ops, String table, UUID uuid) {
        for (JsonNode op : ops) {
            if (op.get("table").asText().equals(table)
                    && op.get("where").get(0).get(2).get(1).asText().equals(uuid.toString())) {
                return op;
            }
        }
        return null;
    }

    @Test
    void theFirstReconfigurationWritesOfportsStateDatapathIdsAndCurCfg() {
        MappedDb m = DbConfigMapper.map(FRESH);
        SwitchStatus st = allUp(m);
        ArrayNode ops = WriteBack.reconfigureOps(FRESH, m, st, true);
        assertEquals(8 + 2 + 1, ops.size(), ops.toPrettyString());
        UUID p1 = uuidOf(FRESH, "Interface", "p1");
        assertJson("{'op':'update','table':'Interface','where':[['_uuid','==',['uuid','" + p1 + "']]],"
                + "'row':{'ofport':3,'admin_state':'up','link_state':'up','mtu':1500,"
                + "'mac_in_use':'aa:55:aa:55:00:03','ifindex':0,'statistics':['map',[['rx_bytes',0],['rx_dropped',0],"
                + "['rx_errors',0],['rx_packets',0],['tx_bytes',0],['tx_dropped',0],['tx_errors',0],"
                + "['tx_packets',0]]]}}", opFor(ops, "Interface", p1));
        assertJson("{'op':'update','table':'Bridge','where':[['_uuid','==',['uuid','" + m.bridgeUuids().get("br0")
                + "']]],'row':{'datapath_id':'0000aa55aa550010','datapath_version':'<built-in>'}}",
                opFor(ops, "Bridge", m.bridgeUuids().get("br0")));
        assertJson("{'op':'update','table':'Open_vSwitch','where':[['_uuid','==',['uuid','" + m.ovsRow()
                + "']]],'row':{'cur_cfg':1}}", ops.get(ops.size() - 1));
        assertEquals(65534, opFor(ops, "Interface", uuidOf(FRESH, "Interface", "br0")).get("row").get("ofport")
                .asInt());
    }

    @Test
    void writingBackTheSameStateAgainWritesNothingAndChangesNoConfiguration() {
        MappedDb m = DbConfigMapper.map(FRESH);
        SwitchStatus st = allUp(m);
        DbSnapshot written = Snapshots.apply(FRESH, WriteBack.reconfigureOps(FRESH, m, st, true));
        MappedDb again = DbConfigMapper.map(written);
        assertEquals(m.config(), again.config(), "the write-back must not look like a new configuration");
        assertEquals(1, again.curCfg());
        assertEquals(0, WriteBack.reconfigureOps(written, again, st, true).size());
        assertEquals(0, WriteBack.statisticsOps(written, again, st).size());
        assertEquals(3, again.previousOfports().get("p1"), "after a restart p1 would keep its number");
    }

    @Test
    void onlyTheColumnsThatChangedAreWritten() {
        MappedDb m = DbConfigMapper.map(FRESH);
        SwitchStatus st = allUp(m);
        DbSnapshot written = Snapshots.apply(FRESH, WriteBack.reconfigureOps(FRESH, m, st, true));
        Map<String, InterfaceStatus> ifaces = new HashMap<>(st.interfaces());
        InterfaceStatus p1 = ifaces.get("p1");
        ifaces.put("p1", new InterfaceStatus(p1.ofport(), null, "up", "down", 10_000_000_000L, p1.mtu(),
                p1.macInUse(), p1.ifindex(), p1.statistics()));
        ArrayNode ops = WriteBack.reconfigureOps(written, m, new SwitchStatus(ifaces, st.datapathIds()), true);
        assertJson("[{'op':'update','table':'Interface','where':[['_uuid','==',['uuid','"
                + uuidOf(FRESH, "Interface", "p1") + "']]],'row':{'link_state':'down','link_speed':10000000000}}]",
                ops);
    }

    @Test
    void theStatusMapIsWrittenWhenKnownAndOnlyWhenItChanged() {
        MappedDb m = DbConfigMapper.map(FRESH);
        SwitchStatus st = allUp(m);
        DbSnapshot written = Snapshots.apply(FRESH, WriteBack.reconfigureOps(FRESH, m, st, true));
        UUID p1 = uuidOf(FRESH, "Interface", "p1");
        Map<String, String> veth = Map.of("driver_name", "veth", "driver_version", "1.0", "firmware_version", "",
                "peer_ifindex", "7");
        Map<String, InterfaceStatus> ifaces = new HashMap<>(st.interfaces());
        ifaces.put("p1", ifaces.get("p1").withStatus(veth));
        SwitchStatus withStatus = new SwitchStatus(ifaces, st.datapathIds());

        ArrayNode ops = WriteBack.reconfigureOps(written, m, withStatus, true);
        assertJson("[{'op':'update','table':'Interface','where':[['_uuid','==',['uuid','" + p1 + "']]],"
                + "'row':{'status':['map',[['driver_name','veth'],['driver_version','1.0'],"
                + "['firmware_version',''],['peer_ifindex','7']]]}}]", ops);
        assertEquals(ops.toString(), WriteBack.statisticsOps(written, m, withStatus).toString(),
                "the periodic transaction writes a changed status too");

        DbSnapshot again = Snapshots.apply(written, ops);
        assertEquals(0, WriteBack.reconfigureOps(again, m, withStatus, true).size(), "unchanged: nothing written");
        assertEquals(0, WriteBack.statisticsOps(again, m, withStatus).size(), "unchanged: nothing written");
        assertEquals(0, WriteBack.reconfigureOps(again, m, st, true).size(), "unknown (null): left as it is");

        Map<String, InterfaceStatus> moved = new HashMap<>(ifaces);
        Map<String, String> otherPeer = new HashMap<>(veth);
        otherPeer.put("peer_ifindex", "9");
        moved.put("p1", ifaces.get("p1").withStatus(otherPeer));
        assertJson("[{'op':'update','table':'Interface','where':[['_uuid','==',['uuid','" + p1 + "']]],"
                + "'row':{'status':['map',[['driver_name','veth'],['driver_version','1.0'],"
                + "['firmware_version',''],['peer_ifindex','9']]]}}]",
                WriteBack.statisticsOps(again, m, new SwitchStatus(moved, st.datapathIds())));

        moved.put("p1", ifaces.get("p1").withStatus(Map.of()));
        assertJson("[{'op':'update','table':'Interface','where':[['_uuid','==',['uuid','" + p1 + "']]],"
                + "'row':{'status':['map',[]]}}]",
                WriteBack.reconfigureOps(again, m, new SwitchStatus(moved, st.datapathIds()), false));

        SwitchStatus failed = new SwitchStatus(Map.of("p1", InterfaceStatus.failed("gone")), Map.of());
        assertEquals("['map',[]]".replace('\'', '"'), opFor(WriteBack.reconfigureOps(again, m, failed, false),
                "Interface", p1).get("row").get("status").toString(), "a failed interface's status is cleared");
    }

    @Test
    void anErrorOvsWroteIsClearedWithTheEmptySet() {
        MappedDb m = DbConfigMapper.map(AFTER);
        UUID p1 = uuidOf(AFTER, "Interface", "p1");
        SwitchStatus st = new SwitchStatus(Map.of("p1", up(3, Map.of())), Map.of());
        ArrayNode ops = WriteBack.reconfigureOps(AFTER, m, st, false);
        assertJson("[{'op':'update','table':'Interface','where':[['_uuid','==',['uuid','" + p1 + "']]],"
                + "'row':{'ofport':3,'error':['set',[]],'admin_state':'up','link_state':'up','mtu':1500,"
                + "'mac_in_use':'aa:55:aa:55:00:03','ifindex':0}}]", ops);
    }

    @Test
    void aFailedInterfaceGetsMinusOneItsErrorAndItsStatusCleared() {
        MappedDb m = DbConfigMapper.map(AFTER);
        UUID br0 = uuidOf(AFTER, "Interface", "br0");
        SwitchStatus st = new SwitchStatus(Map.of("br0", InterfaceStatus.failed("could not open network device br0"
                + " (Operation not permitted)")), Map.of());
        ArrayNode ops = WriteBack.reconfigureOps(AFTER, m, st, false);
        assertJson("[{'op':'update','table':'Interface','where':[['_uuid','==',['uuid','" + br0 + "']]],"
                + "'row':{'ofport':-1,'error':'could not open network device br0 (Operation not permitted)',"
                + "'admin_state':['set',[]],'link_state':['set',[]],'link_speed':['set',[]],'mtu':['set',[]],"
                + "'mac_in_use':['set',[]],'ifindex':['set',[]],'duplex':['set',[]],'link_resets':['set',[]],"
                + "'statistics':['map',[]],'status':['map',[]]}}]", ops);
    }

    @Test
    void mappingProblemsAreWrittenAsFailures() {
        DbSnapshot db = with(FRESH, "Port", "p1", "tag", "5000");
        MappedDb m = DbConfigMapper.map(db);
        SwitchStatus st = allUp(m);
        assertFalse(st.interfaces().containsKey("p1"));
        ArrayNode ops = WriteBack.reconfigureOps(db, m, st, true);
        JsonNode row = opFor(ops, "Interface", uuidOf(db, "Interface", "p1")).get("row");
        assertJson("{'ofport':-1,'error':'port \\\"p1\\\": tag 5000 out of range 0..4095'}", row);
        assertEquals(7 + 1 + 2 + 1, ops.size(), "7 interfaces up, p1 failed, 2 bridges, cur_cfg");
    }

    @Test
    void ofTwoRowsWithOneNameTheConfiguredOneGetsTheStatusTheOtherTheError() {
        UUID ovs = FRESH.rows("Open_vSwitch").keySet().iterator().next();
        UUID br9 = UUID.fromString("99999999-0000-4000-8000-000000000001");
        UUID x1 = UUID.fromString("99999999-0000-4000-8000-000000000002");
        UUID dup = UUID.fromString("99999999-0000-4000-8000-000000000003");
        DbSnapshot db = Snapshots.plus(FRESH, "Interface", dup, "{'name':'p1','type':''}");
        db = Snapshots.plus(db, "Port", x1, "{'name':'x1','interfaces':['uuid','" + dup + "']}");
        db = Snapshots.plus(db, "Bridge", br9, "{'name':'br9','datapath_type':'netdev','ports':['uuid','" + x1
                + "']}");
        db = Snapshots.withRow(db, "Open_vSwitch", ovs, "bridges", Snapshots.json("['set',[['uuid','" + br9
                + "'],['uuid','06396829-c0ff-4986-93b1-640445bbd6ae']]]"));
        MappedDb m = DbConfigMapper.map(db);
        SwitchStatus st = new SwitchStatus(Map.of("p1", up(1, Map.of())), Map.of());
        ArrayNode ops = WriteBack.reconfigureOps(db, m, st, false);
        assertEquals(1, opFor(ops, "Interface", uuidOf(FRESH, "Interface", "p1")).get("row").get("ofport").asInt());
        assertJson("{'ofport':-1,'error':'interface \\\"p1\\\" is already in bridge \\\"br0\\\"'}",
                opFor(ops, "Interface", dup).get("row"));
        assertEquals(2, ops.size());
    }

    @Test
    void curCfgOnlyWhenAskedAndDifferent() {
        MappedDb m = DbConfigMapper.map(FRESH);
        SwitchStatus none = new SwitchStatus(Map.of(), Map.of());
        assertJson("[{'op':'update','table':'Open_vSwitch','where':[['_uuid','==',['uuid','" + m.ovsRow()
                + "']]],'row':{'cur_cfg':1}}]", WriteBack.reconfigureOps(FRESH, m, none, true));
        assertEquals(0, WriteBack.reconfigureOps(FRESH, m, none, false).size());
        MappedDb after = DbConfigMapper.map(AFTER);
        assertEquals(after.nextCfg(), after.curCfg());
        assertEquals(0, WriteBack.reconfigureOps(AFTER, after, none, true).size(), "cur_cfg already equal");
    }

    @Test
    void theStateOvsVswitchdWroteReadsAsUnchanged() {
        // the status jvswitch would report for what OVS 3.1 wrote: encodings and comparisons agree with the server's
        MappedDb m = DbConfigMapper.map(AFTER);
        Map<String, Long> stats = new LinkedHashMap<>();
        for (String k : List.of("collisions", "rx_bytes", "rx_crc_err", "rx_dropped", "rx_errors", "rx_frame_err",
                "rx_missed_errors", "rx_multicast_packets", "rx_over_err", "rx_packets", "tx_bytes", "tx_dropped",
                "tx_errors", "tx_packets")) {
            stats.put(k, 0L);
        }
        Map<String, InterfaceStatus> ifaces = new HashMap<>();
        ifaces.put("br0", new InterfaceStatus(65534, null, "down", "down", 10_000_000_000L, 1500,
                "f2:af:bb:79:34:48", 3, stats));
        for (String p : List.of("p1", "p2", "p3", "p4")) {
            ifaces.put(p, InterfaceStatus.failed("could not open network device " + p
                    + " (Address family not supported by protocol)"));
        }
        ifaces.put("nosuch0", InterfaceStatus.failed("could not open network device nosuch0 (No such device)"));
        SwitchStatus st = new SwitchStatus(ifaces, Map.of("br0", "0000f2afbb793448"));
        assertEquals(0, WriteBack.reconfigureOps(AFTER, m, st, true).size(),
                WriteBack.reconfigureOps(AFTER, m, st, true).toPrettyString());
        assertEquals(0, WriteBack.statisticsOps(AFTER, m, st).size());
    }

    @Test
    void statisticsOpsWriteOnlyCountersAndLinkState() {
        MappedDb m = DbConfigMapper.map(FRESH);
        SwitchStatus st = allUp(m);
        DbSnapshot written = Snapshots.apply(FRESH, WriteBack.reconfigureOps(FRESH, m, st, true));
        Map<String, InterfaceStatus> ifaces = new HashMap<>(st.interfaces());
        ifaces.put("p2", new InterfaceStatus(99, "ignored here", "down", "down", 1L, 9000, "00:00:00:00:00:01", 7,
                Map.of("rx_packets", 12L, "rx_bytes", 1500L)));
        ArrayNode ops = WriteBack.statisticsOps(written, m, new SwitchStatus(ifaces, Map.of("br0", "ffff")));
        assertJson("[{'op':'update','table':'Interface','where':[['_uuid','==',['uuid','"
                + uuidOf(FRESH, "Interface", "p2") + "']]],'row':{'statistics':['map',[['rx_bytes',1500],"
                + "['rx_packets',12]]],'link_state':'down'}}]", ops);
    }

    @Test
    void startupOpsAdvertiseTheTypes() {
        UUID ovs = UUID.fromString("296d0b13-2c12-436e-bb7f-a056cda8cb16");
        assertJson("[{'op':'update','table':'Open_vSwitch','where':[['_uuid','==',['uuid','" + ovs + "']]],"
                + "'row':{'iface_types':['set',['afxdp','internal','patch','system','tap']],"
                + "'datapath_types':['set',['netdev','system']]}}]",
                WriteBack.startupOps(ovs, List.of("system", "internal", "tap", "patch", "afxdp"),
                        Set.of("system", "netdev")));
        assertEquals(0, WriteBack.startupOps(null, List.of("system"), List.of("netdev")).size());
    }

    @Test
    void rowsGoneFromTheSnapshotAreSkipped() {
        MappedDb m = DbConfigMapper.map(FRESH);
        SwitchStatus st = new SwitchStatus(Map.of("nope", up(1, Map.of())), Map.of("nobridge", "0000000000000001"));
        assertEquals(0, WriteBack.reconfigureOps(FRESH, m, st, false).size());
        assertTrue(WriteBack.reconfigureOps(DbSnapshot.empty(), m, allUp(m), true).isEmpty());
    }
}
