package io.jvswitch.control.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A port's egress QoS, as OVS's QoS row: {@code type} ({@code egress-policer} or {@code trtcm-policer} — the
 * types jvswitch polices in-process), the row's {@code other_config}, and its queues (queue id → the Queue row's
 * {@code other_config}). The datapath's policies are {@code io.jvswitch.qos.SrTcmPolicer} and
 * {@code TrTcmPolicer}.
 */
public record QosConfig(String type, Map<String, String> otherConfig, Map<Long, Map<String, String>> queues) {
    public QosConfig {
        type = type == null ? "" : type;
        otherConfig = otherConfig == null ? Map.of() : Map.copyOf(otherConfig);
        TreeMap<Long, Map<String, String>> q = new TreeMap<>();
        if (queues != null) {
            queues.forEach((id, cfg) -> q.put(id, cfg == null ? Map.of() : Map.copyOf(cfg)));
        }
        queues = java.util.Collections.unmodifiableMap(q);
    }
}
