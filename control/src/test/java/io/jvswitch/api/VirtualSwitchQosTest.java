package io.jvswitch.api;

import io.jvswitch.control.config.ConfigFile;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.qos.QosSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * QoS through the embedding API (issue 7). The switch's clock is frozen, so no bucket ever refills and what passes
 * is exact: {@code vm} polices what it receives at 8 kbps with a 1 kb burst (125 bytes: two 60-byte frames, 46
 * bytes each without the Ethernet header, of five), {@code up} polices what it sends with an egress-policer of
 * cbs 50 bytes (one of the two), {@code mon} has no QoS and gets both.
 */
class VirtualSwitchQosTest {
    private static final long VM_MAC = 0x020000000001L;

    @Test
    void policedPortsDropOverTheirRateAndCountIt() throws Exception {
        long frozen = System.nanoTime();
        try (VirtualSwitch sw = VirtualSwitch.builder().backoff().clock(() -> frozen).build()) {
            sw.addBridge("br0");
            sw.addPort("br0", PortSpec.dummy("vm").ingressPolicing(8, 1));
            sw.addPort("br0", PortSpec.dummy("up").qos(QosSpec.egressPolicer(1, 50)));
            sw.addPort("br0", PortSpec.dummy("mon"));
            sw.start();
            assertTrue(sw.awaitApplied(5, TimeUnit.SECONDS));
            BondFrames out = new BondFrames(sw);
            List<byte[]> sent = new ArrayList<>();
            for (int id = 1; id <= 5; id++) {
                sent.add(BondFrames.broadcast(VM_MAC, id));
                assertTrue(sw.inject("vm", sent.getLast()));
            }

            QosSnapshot.Ingress in = await(() -> sw.qos("vm").ingress(), i -> i.passed() + i.dropped() == 5);
            assertEquals(new QosSnapshot.Ingress(8, 1, 0, 16, 2, 3, 0), in);
            out.await("mon", sent.get(0));
            out.await("mon", sent.get(1));
            QosSnapshot.Queue q0 = await(() -> sw.qos("up").egress().queue(0),
                    q -> q.txPackets() + q.txErrors() == 2);
            assertEquals(1, q0.txPackets());
            assertEquals(46, q0.txBytes(), "bytes without the Ethernet header, as OVS counts");
            assertEquals(1, q0.txErrors());
            assertTrue(out.has("up", sent.get(0)) != out.has("up", sent.get(1)), "exactly one of the two left");
            for (int id = 3; id <= 5; id++) {
                assertTrue(!out.has("mon", sent.get(id - 1)), "policed at vm: never forwarded");
            }
            assertNull(sw.qos("mon").egress());
            assertNull(sw.qos("mon").ingress());
            assertTrue(sw.qosShow("up").startsWith("QoS: up egress-policer\ncbs: 50\ncir: 1\n\nDefault:\n"
                    + "  tx_packets: 1\n  tx_bytes: 46\n  tx_errors: 1\n"), sw.qosShow("up"));
        }
    }

    @Test
    void changesApplyLiveAndInvalidOnesChangeNothing() {
        try (VirtualSwitch sw = VirtualSwitch.builder().backoff().build()) {
            sw.addBridge("br0");
            sw.addPort("br0", PortSpec.dummy("p1"));
            assertNull(sw.qos("p1").egress());

            sw.setQos("p1", QosSpec.trtcmPolicer(1000, 100, 0, 0).queue(3, 500, 100, 0, 0));
            sw.setIngressPolicing("p1", 0, 0, 10, 0);
            QosSnapshot s = sw.qos("p1");
            assertEquals("trtcm-policer", s.egress().type());
            assertEquals(List.of(0L, 3L), s.egress().queues().stream().map(QosSnapshot.Queue::id).toList());
            assertEquals(Map.of("cir", "500", "cbs", "100", "eir", "0", "ebs", "0"), s.egress().queue(3).details());
            assertEquals(16, s.ingress().kpktsBurst(), "0: OVS's default");

            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> sw.setQos("p1", QosSpec.egressPolicer(0, 50)));
            assertTrue(bad.getMessage().contains("bridge \"br0\" port \"p1\": QoS: cir=0: must be at least 1"),
                    bad.getMessage());
            assertEquals("trtcm-policer", sw.qos("p1").egress().type(), "the running QoS is kept");
            bad = assertThrows(IllegalArgumentException.class, () -> sw.setIngressPolicing("p1", -1, 0, 0, 0));
            assertTrue(bad.getMessage().contains("ingress policing: ingress_policing_rate -1 outside"),
                    bad.getMessage());

            sw.setQos("p1", null);
            sw.setIngressPolicing("p1", 0, 0, 0, 0);
            assertEquals(new QosSnapshot("p1", null, null), sw.qos("p1"));
            assertEquals(Map.of(), sw.qosErrors());
            assertEquals("no such interface", assertThrows(IllegalArgumentException.class,
                    () -> sw.qos("nope")).getMessage());
            assertThrows(IllegalArgumentException.class, () -> sw.setQos("nope", null));
            assertThrows(IllegalArgumentException.class, () -> sw.setIngressPolicing("nope", 1, 0, 0, 0));
        }
    }

    @Test
    void aPortSpecIsTheSameModelAsTheConfigFile() throws Exception {
        PortConfig api = PortSpec.dummy("vm1").ingressPolicing(10_000, 8_000).ingressPacketPolicing(100, 0)
                .qos(QosSpec.trtcmPolicer(125_000, 2048, 250_000, 2048).queue(0, Map.of())
                        .queue(10, 62_500, 2048, 0, 0)).access(10).toConfig();
        PortConfig file = ConfigFile.parse("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "vm1", "tag": 10, "vlan_mode": "access", "ingress_policing_rate": 10000,
                   "ingress_policing_burst": 8000, "ingress_policing_kpkts_rate": 100,
                   "qos": {"type": "trtcm-policer",
                           "other_config": {"cir": "125000", "cbs": "2048", "eir": "250000", "ebs": "2048"},
                           "queues": {"0": {}, "10": {"cir": "62500", "cbs": "2048", "eir": "0", "ebs": "0"}}}}]}]}
                """, "vm1.json").bridges().getFirst().ports().getFirst();
        assertEquals(file, api);
        assertThrows(IllegalStateException.class, () -> PortSpec.bond("b", BondSpec.activeBackup(),
                BondMember.dummy("e1"), BondMember.dummy("e2")).ingressPolicing(1, 1));
    }

    private static <T> T await(Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            T v = read.get();
            if (v != null && done.test(v)) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                return fail("not reached: " + v);
            }
            Thread.sleep(10);
        }
    }
}
