package io.jvswitch.control.model;

import io.jvswitch.qos.EgressPolicer;
import io.jvswitch.qos.QosSettings;
import io.jvswitch.qos.SrTcmPolicer;
import io.jvswitch.qos.TrTcmPolicer;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A port's egress QoS, as OVS's QoS row: {@code type} ({@code egress-policer} or {@code trtcm-policer} — the
 * types jvswitch polices in-process), the row's {@code other_config}, and its queues (queue id → the Queue row's
 * {@code other_config}). The datapath's policies are {@code io.jvswitch.qos.SrTcmPolicer} and
 * {@code TrTcmPolicer}.
 */
public record QosConfig(String type, Map<String, String> otherConfig, Map<Long, Map<String, String>> queues) {
    /** The QoS types jvswitch polices in-process (OVS's userspace-datapath types). */
    public static final List<String> TYPES = List.of(SrTcmPolicer.TYPE, TrTcmPolicer.TYPE);

    public QosConfig {
        type = type == null ? "" : type;
        otherConfig = otherConfig == null ? Map.of() : Map.copyOf(otherConfig);
        TreeMap<Long, Map<String, String>> q = new TreeMap<>();
        if (queues != null) {
            queues.forEach((id, cfg) -> q.put(id, cfg == null ? Map.of() : Map.copyOf(cfg)));
        }
        queues = java.util.Collections.unmodifiableMap(q);
    }

    /**
     * The datapath's policy for these settings, its buckets full at {@code now}: the one place the settings are
     * checked (the config file's validator and the runtime both call it).
     *
     * @throws IllegalArgumentException for an unsupported type or invalid settings, naming the key (and queue)
     */
    public EgressPolicer policer(long now) {
        return switch (type) {
            case SrTcmPolicer.TYPE -> new SrTcmPolicer(QosSettings.get(otherConfig, "cir", 0),
                    QosSettings.get(otherConfig, "cbs", 0), now);
            case TrTcmPolicer.TYPE -> new TrTcmPolicer(otherConfig, queues, now);
            default -> throw new IllegalArgumentException("type \"" + type + "\" is not supported (supported: "
                    + String.join(", ", TYPES) + ")");
        };
    }
}
