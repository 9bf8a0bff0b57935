package io.jvswitch.control.bridge;

import java.util.Map;

/**
 * Every bridge of the switch at one configuration generation, with the indexes translation needs: datapath
 * port → (bridge, port) for upcalls, and interface name → (bridge, port) to follow patch peers; and the bonds'
 * live state ({@link BondStates}, the one mutable part, shared by every generation). {@link Bridges} publishes a
 * new one on each reconfiguration.
 */
public record Topology(Map<String, BridgeView> bridges, Map<Integer, PortRef> byOdpPort, Map<String, PortRef> byIface,
                       BondStates bonds) {
    /** A port together with the bridge it belongs to. */
    public record PortRef(BridgeView bridge, BridgePort port) {
    }

    public static final Topology EMPTY = new Topology(Map.of(), Map.of(), Map.of(), new BondStates());

    public Topology {
        bridges = Map.copyOf(bridges);
        byOdpPort = Map.copyOf(byOdpPort);
        byIface = Map.copyOf(byIface);
    }
}
