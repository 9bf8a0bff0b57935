package io.jvswitch.control.ovsdb;

import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.runtime.SwitchRuntime;
import io.jvswitch.qos.TokenBucket;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.jvswitch.control.ovsdb.DbConfigMapperTest.hasPort;
import static io.jvswitch.control.ovsdb.DbConfigMapperTest.map;
import static io.jvswitch.control.ovsdb.DbConfigMapperTest.port;
import static io.jvswitch.control.ovsdb.DbConfigMapperTest.w;
import static io.jvswitch.control.ovsdb.Snapshots.uuidOf;
import static io.jvswitch.control.ovsdb.Snapshots.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7's columns in the mapping, on real database contents. {@code monitor-qos-3.1.json} is the reply of
 * ovsdb-server 3.1 to a {@code monitor} of Open_vSwitch/Bridge/Port/Interface/QoS/Queue (all columns) after, with
 * {@code ovs-vsctl --no-wait}: {@code init; add-br br0 -- set bridge br0 datapath_type=netdev;
 * add-port br0 p1 -- set interface p1 ingress_policing_rate=10000 ingress_policing_burst=8000;
 * add-port br0 p2 -- set interface p2 ingress_policing_kpkts_rate=5 ingress_policing_kpkts_burst=2;
 * add-port br0 p3 -- set port p3 qos=@q -- --id=@q create qos type=egress-policer other-config:cir=1250000
 * other-config:cbs=2048;
 * add-port br0 p4 -- set port p4 qos=@q -- --id=@q create qos type=trtcm-policer other-config:cir=1250000
 * other-config:cbs=2048 other-config:eir=2500000 other-config:ebs=4096 queues:0=@q0 queues:7=@q7
 * -- --id=@q0 create queue other-config:cir=125000 other-config:cbs=2048 -- --id=@q7 create queue dscp=46
 * other-config:cir=62500 other-config:cbs=1500 other-config:eir=62500 other-config:ebs=1500;
 * add-port br0 p5 -- set port p5 qos=@q -- --id=@q create qos type=egress-policer other-config:cbs=2048;
 * add-port br0 p6 -- set port p6 qos=@q -- --id=@q create qos type=linux-htb other-config:max-rate=1000000;
 * add-port br0 p7 -- set interface p7 ingress_policing_rate=99999999999}.
 */
class DbConfigMapperQosTest {
    static final DbSnapshot QOS = Snapshots.resource("monitor-qos-3.1.json");

    private static InterfaceConfig iface(MappedDb m, String name) {
        return port(m, name).interfaces().getFirst();
    }

    @Test
    void policingAndQosMapAsOvsVswitchdReadsThem() {
        MappedDb m = map(QOS);
        assertEquals(new IngressPolicing(10000, 8000, 0, 0), iface(m, "p1").policing());
        assertEquals(new IngressPolicing(0, 0, 5, 2), iface(m, "p2").policing());
        assertEquals(new IngressPolicing(0xffff_ffffL, 0, 0, 0), iface(m, "p7").policing(),
                "clamped to UINT32_MAX, as bridge.c hands it to netdev_set_policing");
        assertEquals(IngressPolicing.NONE, iface(m, "br0").policing());
        assertEquals(IngressPolicing.NONE, iface(m, "p3").policing());

        assertEquals(new QosConfig("egress-policer", Map.of("cir", "1250000", "cbs", "2048"), Map.of()),
                port(m, "p3").qos());
        assertEquals(new QosConfig("trtcm-policer",
                Map.of("cir", "1250000", "cbs", "2048", "eir", "2500000", "ebs", "4096"),
                Map.of(0L, Map.of("cir", "125000", "cbs", "2048"),
                        7L, Map.of("cir", "62500", "cbs", "1500", "eir", "62500", "ebs", "1500"))),
                port(m, "p4").qos(), "queue ids resolved to their Queue rows' other_config");
        assertTrue(m.warnings().stream().anyMatch(x -> x.contains("queue 7: dscp 46 is not applied")), w(m));
        assertEquals(new QosConfig("egress-policer", Map.of("cbs", "2048"), Map.of()), port(m, "p5").qos(),
                "what jvswitch cannot apply is passed on, for the runtime to report");
        assertEquals("linux-htb", port(m, "p6").qos().type());
        assertNull(port(m, "p1").qos());
        assertNull(port(m, "br0").qos());
        assertEquals(Map.of(), m.interfaceProblems(), "QoS settings never leave an interface out");
        assertEquals(8, m.interfaceUuids().size());
    }

    @Test
    void whatTheRuntimeCannotApplyIsReportedPerInterfaceAndTheRestIsPoliced() {
        DbSnapshot db = QOS;
        for (String i : List.of("p1", "p2", "p3", "p4", "p5", "p6", "p7")) {
            db = with(db, "Interface", i, "type", "'dummy'");
        }
        try (SwitchRuntime rt = new SwitchRuntime()) {
            rt.reconfigure(map(db).config());
            Map<String, String> errors = rt.qosErrors();
            assertEquals(Set.of("p5", "p6"), errors.keySet(), errors.toString());
            assertEquals("QoS: cir=0: must be at least 1 and at most " + TokenBucket.MAX_RATE, errors.get("p5"));
            assertTrue(errors.get("p6").contains("type \"linux-htb\" is not supported"), errors.get("p6"));
            assertEquals(0xffff_ffffL, rt.ingressPolicer("p7").unguarded().rateKbps(), "UINT32_MAX kbps is valid");
            for (String i : List.of("p1", "p2")) {
                assertTrue(rt.ingressPolicer(i) != null, i + " is policed");
            }
            for (String i : List.of("p3", "p4")) {
                assertTrue(rt.egressPolicy(i) != null, i + " has its egress policy");
            }
            assertTrue(rt.port("p5") != null && rt.egressPolicy("p5") == null, "p5 runs, unpoliced");
        }
    }

    @Test
    void anEmptyTypeOrNoReferenceIsNoQos() {
        assertNull(port(map(Snapshots.withRow(QOS, "QoS", qosRowOf(QOS, "p3").uuid, "type", Snapshots.json("''"))),
                "p3").qos(), "bridge.c: a QoS row without a type configures no QoS");
        assertNull(port(map(with(QOS, "Port", "p3", "qos", "['set',[]]")), "p3").qos());
    }

    @Test
    void missingQosAndQueueRowsAreIgnoredWithAWarning() {
        UUID gone = UUID.fromString("00000000-0000-0000-0000-00000000dead");
        MappedDb m = map(with(QOS, "Port", "p3", "qos", "['uuid','" + gone + "']"));
        assertTrue(hasPort(m, "p3"));
        assertNull(port(m, "p3").qos());
        assertTrue(m.warnings().stream().anyMatch(x -> x.contains("QoS row " + gone)), w(m));

        UUID q0 = qosRowOf(QOS, "p4").queue0;
        DbSnapshot db = Snapshots.withRow(QOS, "QoS", qosRowOf(QOS, "p4").uuid, "queues",
                Snapshots.json("['map',[[0,['uuid','" + q0 + "']],[3,['uuid','" + gone + "']]]]"));
        m = map(db);
        assertEquals(Set.of(0L), port(m, "p4").qos().queues().keySet());
        assertTrue(m.warnings().stream().anyMatch(x -> x.contains("queue 3 refers to Queue row " + gone)), w(m));
    }

    @Test
    void aMalformedQosValueLeavesOnlyThatPortOut() {
        DbSnapshot db = Snapshots.withRow(QOS, "QoS", qosRowOf(QOS, "p4").uuid, "queues",
                Snapshots.json("['map',[['zero',['uuid','" + qosRowOf(QOS, "p4").queue0 + "']]]]"));
        MappedDb m = map(db);
        assertTrue(!hasPort(m, "p4") && hasPort(m, "p3") && hasPort(m, "p1"));
        assertTrue(m.interfaceProblems().get("p4").startsWith("port \"p4\": malformed QoS settings"),
                m.interfaceProblems().toString());

        m = map(with(QOS, "Interface", "p1", "ingress_policing_rate", "'fast'"));
        assertTrue(!hasPort(m, "p1") && hasPort(m, "p2"));
        assertTrue(m.interfaceProblems().get("p1").startsWith("malformed Interface row"),
                m.interfaceProblems().toString());
    }

    /** The QoS row a port refers to, and the Queue row of its queue 0 (if any). */
    private record QosRow(UUID uuid, UUID queue0) {
    }

    private static QosRow qosRowOf(DbSnapshot db, String port) {
        UUID qos = OvsdbDatum.optionalUuid(db.row("Port", uuidOf(db, "Port", port)).get("qos"));
        Object q0 = OvsdbDatum.pairs(db.row("QoS", qos).get("queues")).get(0L);
        return new QosRow(qos, (UUID) q0);
    }
}
