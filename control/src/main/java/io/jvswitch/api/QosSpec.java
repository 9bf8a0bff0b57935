package io.jvswitch.api;

import io.jvswitch.control.model.QosConfig;

import java.util.Map;
import java.util.TreeMap;

/**
 * A port's egress QoS (issue 7), for {@link PortSpec#qos} and {@link VirtualSwitch#setQos}: OVS's QoS row with its
 * queues, the types jvswitch polices in-process (docs/qos.md):
 * <pre>{@code
 * QosSpec.egressPolicer(1_250_000, 125_000)                      // srTCM: cir bytes/s, cbs bytes
 * QosSpec.trtcmPolicer(12_500_000, 125_000, 12_500_000, 125_000)  // RFC 4115: cir, cbs, eir, ebs
 *        .queue(1, 1_250_000, 12_500, 0, 0)                      // selected by set_queue:1
 * QosSpec.of("trtcm-policer", Map.of("cir", "...", ...)).queue(1, Map.of(...))   // the rows' other_config as is
 * }</pre>
 * Rates are bytes per second of the packet without its Ethernet header, bursts bytes, as in OVS. Immutable.
 *
 * <h2>Design</h2> A spec only writes the model ({@link QosConfig}, values as the strings a QoS row holds), so the
 * same QoS in a config file is an equal model; values are checked when the switch applies it, by building the
 * policer (an invalid one throws {@link IllegalArgumentException} with the qos module's message).
 */
public final class QosSpec {
    private final String type;
    private final Map<String, String> otherConfig;
    private final Map<Long, Map<String, String>> queues;

    private QosSpec(String type, Map<String, String> otherConfig, Map<Long, Map<String, String>> queues) {
        this.type = type;
        this.otherConfig = Map.copyOf(otherConfig);
        this.queues = queues;
    }

    /** OVS's QoS row: {@code type} and its {@code other_config}, as the strings OVS keeps. */
    public static QosSpec of(String type, Map<String, String> otherConfig) {
        return new QosSpec(type, otherConfig, Map.of());
    }

    /** {@code egress-policer}: srTCM, only GREEN leaves; {@code cir} bytes/s, {@code cbs} bytes (both ≥ 1). */
    public static QosSpec egressPolicer(long cir, long cbs) {
        return of("egress-policer", Map.of("cir", Long.toString(cir), "cbs", Long.toString(cbs)));
    }

    /** {@code trtcm-policer} (RFC 4115): port-level {@code cir}/{@code eir} bytes/s, {@code cbs}/{@code ebs} bytes. */
    public static QosSpec trtcmPolicer(long cir, long cbs, long eir, long ebs) {
        return of("trtcm-policer", rates(cir, cbs, eir, ebs));
    }

    /** This QoS with queue {@code id} (0..2^32-1) policed at {@code cir}/{@code eir} (trtcm-policer's queues). */
    public QosSpec queue(long id, long cir, long cbs, long eir, long ebs) {
        return queue(id, rates(cir, cbs, eir, ebs));
    }

    /** This QoS with queue {@code id} and the Queue row's {@code other_config} as is (queue 0 empty: the port's). */
    public QosSpec queue(long id, Map<String, String> otherConfig) {
        Map<Long, Map<String, String>> q = new TreeMap<>(queues);
        q.put(id, Map.copyOf(otherConfig));
        return new QosSpec(type, this.otherConfig, java.util.Collections.unmodifiableMap(q));
    }

    private static Map<String, String> rates(long cir, long cbs, long eir, long ebs) {
        return Map.of("cir", Long.toString(cir), "cbs", Long.toString(cbs), "eir", Long.toString(eir), "ebs",
                Long.toString(ebs));
    }

    QosConfig toConfig() {
        return new QosConfig(type, otherConfig, queues);
    }
}
