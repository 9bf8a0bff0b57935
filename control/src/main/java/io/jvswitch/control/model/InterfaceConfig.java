package io.jvswitch.control.model;

import java.util.Map;

/**
 * An Interface row: name, {@code type} ("dummy", "pcap", "internal", "patch", "tap", "system"...), {@code options}
 * (e.g. {@code peer} for patch, {@code rx_pcap}/{@code tx_pcap} for pcap), {@code mtu_request} (null = unset),
 * {@code mac} (null = unset) and {@code other_config} ({@code pmd-rxq-affinity}, see {@link RxqAffinity}, and the
 * LACP keys {@link #LACP_KEYS}).
 */
public record InterfaceConfig(String name, String type, Map<String, String> options, Integer mtuRequest,
                              String mac, Map<String, String> otherConfig, IngressPolicing policing) {
    /** The Interface {@code other_config} key pinning rx queues to PMD cores ("queue:core,..."). */
    public static final String PMD_RXQ_AFFINITY = "pmd-rxq-affinity";
    /** The Interface {@code other_config} keys of LACP (issue 6): port id, port priority, aggregation key. */
    public static final java.util.List<String> LACP_KEYS = java.util.List.of("lacp-port-id", "lacp-port-priority",
            "lacp-aggregation-key");

    public InterfaceConfig {
        options = options == null ? Map.of() : Map.copyOf(options);
        otherConfig = otherConfig == null ? Map.of() : Map.copyOf(otherConfig);
        type = type == null || type.isEmpty() ? "dummy" : type;
        policing = policing == null ? IngressPolicing.NONE : policing;
    }

    /** An interface without ingress policing. */
    public InterfaceConfig(String name, String type, Map<String, String> options, Integer mtuRequest, String mac,
                           Map<String, String> otherConfig) {
        this(name, type, options, mtuRequest, mac, otherConfig, IngressPolicing.NONE);
    }

    public InterfaceConfig(String name, String type, Map<String, String> options, Integer mtuRequest, String mac) {
        this(name, type, options, mtuRequest, mac, Map.of());
    }

    public static InterfaceConfig of(String name, String type) {
        return new InterfaceConfig(name, type, Map.of(), null, null);
    }

    public InterfaceConfig withOptions(Map<String, String> o) {
        return new InterfaceConfig(name, type, o, mtuRequest, mac, otherConfig, policing);
    }

    public InterfaceConfig withOtherConfig(Map<String, String> o) {
        return new InterfaceConfig(name, type, options, mtuRequest, mac, o, policing);
    }

    public InterfaceConfig withPolicing(IngressPolicing p) {
        return new InterfaceConfig(name, type, options, mtuRequest, mac, otherConfig, p);
    }

    /**
     * This interface without its {@code other_config} and ingress policing (both applied live): what decides
     * whether its datapath port must reopen.
     */
    public InterfaceConfig withoutOtherConfig() {
        return otherConfig.isEmpty() && policing.equals(IngressPolicing.NONE) ? this
                : new InterfaceConfig(name, type, options, mtuRequest, mac, Map.of(), IngressPolicing.NONE);
    }
}
