package io.jvswitch.control.qos;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code qos/show} and {@code qos/show-types} texts against text built from OVS 3.1's format strings
 * ({@code vswitchd/bridge.c}: {@code "QoS: %s %s\n"}, {@code "%s: %s\n"}, {@code "\n"}, {@code "Queue %u:\n"} /
 * {@code "Default:\n"}, {@code "  %s: %s\n"}, {@code "  tx_packets: %"PRIu64"\n"}..., {@code "QoS not configured on
 * %s\n"}, {@code "QoS type: %s\n"}, {@code "No QoS types supported for interface: %s\n"}).
 */
class QosShowTest {
    private static SortedMap<String, String> map(String... kv) {
        SortedMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String f(String format, Object... args) {
        return String.format(format, args);
    }

    @Test
    void aTrtcmPolicerPrintsItsSettingsThenEachQueueWithCounters() {
        SortedMap<String, String> port = map("cir", "125000", "cbs", "2048", "eir", "250000", "ebs", "4096");
        SortedMap<String, String> q7 = map("cir", "62500", "cbs", "1024", "eir", "0", "ebs", "0");
        QosSnapshot s = new QosSnapshot("eth0", new QosSnapshot.Egress("trtcm-policer", port, List.of(
                new QosSnapshot.Queue(0, port, 10, 4600, 2),
                new QosSnapshot.Queue(7, q7, 3, 138, 0),
                new QosSnapshot.Queue(4294967295L, q7, 0, 0, 0))), null);
        String expected = f("QoS: %s %s\n", "eth0", "trtcm-policer")
                + f("%s: %s\n", "cbs", "2048") + f("%s: %s\n", "cir", "125000")
                + f("%s: %s\n", "ebs", "4096") + f("%s: %s\n", "eir", "250000")
                + "\n" + "Default:\n"
                + f("  %s: %s\n", "cbs", "2048") + f("  %s: %s\n", "cir", "125000")
                + f("  %s: %s\n", "ebs", "4096") + f("  %s: %s\n", "eir", "250000")
                + f("  tx_packets: %d\n", 10) + f("  tx_bytes: %d\n", 4600) + f("  tx_errors: %d\n", 2)
                + "\n" + f("Queue %d:\n", 7)
                + f("  %s: %s\n", "cbs", "1024") + f("  %s: %s\n", "cir", "62500")
                + f("  %s: %s\n", "ebs", "0") + f("  %s: %s\n", "eir", "0")
                + f("  tx_packets: %d\n", 3) + f("  tx_bytes: %d\n", 138) + f("  tx_errors: %d\n", 0)
                + "\n" + f("Queue %s:\n", "4294967295")
                + f("  %s: %s\n", "cbs", "1024") + f("  %s: %s\n", "cir", "62500")
                + f("  %s: %s\n", "ebs", "0") + f("  %s: %s\n", "eir", "0")
                + f("  tx_packets: %d\n", 0) + f("  tx_bytes: %d\n", 0) + f("  tx_errors: %d\n", 0);
        assertEquals(expected, QosShow.show(s));
    }

    @Test
    void anEgressPolicerPrintsOvssLinesThenItsDefaultQueueCounters() {
        QosSnapshot s = new QosSnapshot("vm1", new QosSnapshot.Egress("egress-policer",
                map("cir", "1250000", "cbs", "2048"), List.of(new QosSnapshot.Queue(0, map(), 5, 230, 9))), null);
        String ovs = f("QoS: %s %s\n", "vm1", "egress-policer") + f("%s: %s\n", "cbs", "2048")
                + f("%s: %s\n", "cir", "1250000");
        String ours = "\n" + "Default:\n" + f("  tx_packets: %d\n", 5) + f("  tx_bytes: %d\n", 230)
                + f("  tx_errors: %d\n", 9);
        assertEquals(ovs + ours, QosShow.show(s));
    }

    @Test
    void noEgressPolicyIsNotConfiguredAndIngressPolicingComesAfterOvssLines() {
        assertEquals(f("QoS not configured on %s\n", "p4"), QosShow.show(new QosSnapshot("p4", null, null)));
        QosSnapshot s = new QosSnapshot("p3", null, new QosSnapshot.Ingress(10000, 8000, 0, 16, 7, 3, 0));
        assertEquals(f("QoS not configured on %s\n", "p3") + "\nIngress policing:\n"
                + "  ingress_policing_rate: 10000\n  ingress_policing_burst: 8000\n"
                + "  ingress_policing_kpkts_rate: 0\n  ingress_policing_kpkts_burst: 16\n"
                + "  rx_passed: 7\n  rx_dropped_rate: 3\n  rx_dropped_kpkts_rate: 0\n", QosShow.show(s));
    }

    @Test
    void showTypesListsTheTypesOrSaysNone() {
        assertEquals(f("QoS type: %s\n", "egress-policer") + f("QoS type: %s\n", "trtcm-policer"),
                QosShow.showTypes("p1", List.of("egress-policer", "trtcm-policer")));
        assertEquals(f("No QoS types supported for interface: %s\n", "pp0"), QosShow.showTypes("pp0", List.of()));
    }
}
