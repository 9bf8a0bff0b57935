package io.jvswitch.control.model;

import java.util.List;

/**
 * A Bridge row: its ports, {@code fail_mode}, and {@code other_config:mac-aging-time} (seconds, OVS default
 * 300, forced into 15..3600) and {@code mac-table-size} (OVS default 8192, 10..1 000 000).
 */
public record BridgeConfig(String name, FailMode failMode, int macAgingTimeSec, int macTableSize,
                           List<PortConfig> ports) {
    public static final int DEFAULT_MAC_AGING_SEC = 300;
    public static final int DEFAULT_MAC_TABLE_SIZE = 8192;

    public BridgeConfig {
        failMode = failMode == null ? FailMode.STANDALONE : failMode;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public static BridgeConfig of(String name, List<PortConfig> ports) {
        return new BridgeConfig(name, FailMode.STANDALONE, DEFAULT_MAC_AGING_SEC, DEFAULT_MAC_TABLE_SIZE, ports);
    }
}
