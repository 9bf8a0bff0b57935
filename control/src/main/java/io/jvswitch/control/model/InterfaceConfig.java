package io.jvswitch.control.model;

import java.util.Map;

/**
 * An Interface row: name, {@code type} ("dummy", "pcap", "internal", "patch"; later "afxdp", "tap", "system"),
 * {@code options} (e.g. {@code peer} for patch, {@code rx_pcap}/{@code tx_pcap} for pcap), {@code mtu_request}
 * (null = unset) and {@code mac} (null = unset).
 */
public record InterfaceConfig(String name, String type, Map<String, String> options, Integer mtuRequest,
                              String mac) {
    public InterfaceConfig {
        options = options == null ? Map.of() : Map.copyOf(options);
        type = type == null || type.isEmpty() ? "dummy" : type;
    }

    public static InterfaceConfig of(String name, String type) {
        return new InterfaceConfig(name, type, Map.of(), null, null);
    }

    public InterfaceConfig withOptions(Map<String, String> o) {
        return new InterfaceConfig(name, type, o, mtuRequest, mac);
    }
}
