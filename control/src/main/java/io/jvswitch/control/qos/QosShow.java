package io.jvswitch.control.qos;

import java.util.List;
import java.util.Map;

/**
 * The text of {@code ovs-appctl qos/show IFACE} and {@code qos/show-types IFACE}, in OVS 3.1's format
 * ({@code vswitchd/bridge.c} {@code qos_unixctl_show}, {@code qos_unixctl_show_queue},
 * {@code qos_unixctl_show_types}):
 * <pre>
 * QoS: IFACE TYPE
 * KEY: VALUE                      (the policy's settings)
 *
 * Default:                        (queue 0; "Queue N:" for the others)
 *   KEY: VALUE                    (the queue's settings)
 *   tx_packets: N
 *   tx_bytes: N
 *   tx_errors: N
 * </pre>
 * or {@code QoS not configured on IFACE}. Where jvswitch differs (docs/qos.md): settings and queues are printed
 * sorted (OVS prints them in its hash tables' order); an {@code egress-policer} gets a {@code Default:} block with
 * its counters (OVS 3.1 prints no queue for it); an interface with ingress policing gets an
 * {@code Ingress policing:} block after OVS's lines (OVS prints nothing about ingress policing).
 */
public final class QosShow {
    /** OVS's error text when the interface does not exist (the reply is an error: ovs-appctl exits 2). */
    public static final String NO_SUCH_INTERFACE = "no such interface";

    private QosShow() {
    }

    /** {@code qos/show}'s reply for {@code s}. */
    public static String show(QosSnapshot s) {
        StringBuilder sb = new StringBuilder();
        if (s.egress() == null) {
            sb.append("QoS not configured on ").append(s.iface()).append('\n');
        } else {
            sb.append("QoS: ").append(s.iface()).append(' ').append(s.egress().type()).append('\n');
            details(sb, "", s.egress().details());
            for (QosSnapshot.Queue q : s.egress().queues()) {
                sb.append('\n').append(q.id() == 0 ? "Default:" : "Queue " + q.id() + ":").append('\n');
                details(sb, "  ", q.details());
                sb.append("  tx_packets: ").append(q.txPackets()).append('\n');
                sb.append("  tx_bytes: ").append(q.txBytes()).append('\n');
                sb.append("  tx_errors: ").append(q.txErrors()).append('\n');
            }
        }
        QosSnapshot.Ingress in = s.ingress();
        if (in != null) {
            sb.append("\nIngress policing:\n");
            sb.append("  ingress_policing_rate: ").append(in.rateKbps()).append('\n');
            sb.append("  ingress_policing_burst: ").append(in.burstKb()).append('\n');
            sb.append("  ingress_policing_kpkts_rate: ").append(in.kpktsRate()).append('\n');
            sb.append("  ingress_policing_kpkts_burst: ").append(in.kpktsBurst()).append('\n');
            sb.append("  rx_passed: ").append(in.passed()).append('\n');
            sb.append("  rx_dropped_rate: ").append(in.droppedByRate()).append('\n');
            sb.append("  rx_dropped_kpkts_rate: ").append(in.droppedByPacketRate()).append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code qos/show-types}'s reply: one {@code QoS type: T} line per type, or, for an interface that takes no QoS
     * (a patch port), {@code No QoS types supported for interface: IFACE}.
     */
    public static String showTypes(String iface, List<String> types) {
        if (types.isEmpty()) {
            return "No QoS types supported for interface: " + iface + "\n";
        }
        StringBuilder sb = new StringBuilder();
        for (String t : types) {
            sb.append("QoS type: ").append(t).append('\n');
        }
        return sb.toString();
    }

    private static void details(StringBuilder sb, String indent, Map<String, String> details) {
        details.forEach((k, v) -> sb.append(indent).append(k).append(": ").append(v).append('\n'));
    }
}
