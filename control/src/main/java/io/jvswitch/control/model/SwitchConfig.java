package io.jvswitch.control.model;

import java.util.List;

/**
 * The whole desired configuration of a switch: what the embedding API builds, the standalone config file
 * describes, and (issue 5) the Open_vSwitch database holds. The runtime applies a complete SwitchConfig at a
 * time, like OVS's {@code bridge_reconfigure}: what is unchanged stays untouched.
 */
public record SwitchConfig(List<BridgeConfig> bridges) {
    public SwitchConfig {
        bridges = bridges == null ? List.of() : List.copyOf(bridges);
    }

    public static SwitchConfig empty() {
        return new SwitchConfig(List.of());
    }
}
