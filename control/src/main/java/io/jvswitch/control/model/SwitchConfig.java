package io.jvswitch.control.model;

import java.util.List;
import java.util.Map;

/**
 * The whole desired configuration of a switch: what the embedding API builds, the standalone config file
 * describes, and (issue 5) the Open_vSwitch database holds. The runtime applies a complete SwitchConfig at a
 * time, like OVS's {@code bridge_reconfigure}: what is unchanged stays untouched.
 *
 * @param bridges     the bridges, in order
 * @param otherConfig the Open_vSwitch table's {@code other_config} keys jvswitch knows: {@code pmd-cpu-mask},
 *                    {@code pmd-idle}, {@code pmd-rxq-assign} (see {@link PmdSettings})
 */
public record SwitchConfig(List<BridgeConfig> bridges, Map<String, String> otherConfig) {
    public SwitchConfig {
        bridges = bridges == null ? List.of() : List.copyOf(bridges);
        otherConfig = otherConfig == null ? Map.of() : Map.copyOf(otherConfig);
    }

    public SwitchConfig(List<BridgeConfig> bridges) {
        this(bridges, Map.of());
    }

    public static SwitchConfig empty() {
        return new SwitchConfig(List.of());
    }

    public SwitchConfig withOtherConfig(Map<String, String> o) {
        return new SwitchConfig(bridges, o);
    }

    public SwitchConfig withBridges(List<BridgeConfig> b) {
        return new SwitchConfig(b, otherConfig);
    }
}
