package io.jvswitch.control.bridge;

import io.jvswitch.control.model.FailMode;

import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one bridge's ports and settings, part of a {@link Topology}. Translation reads
 * only snapshots, so a reconfiguration never shows it a half-built bridge.
 *
 * @param bridge    the long-lived bridge (its MAC table)
 * @param failMode  standalone (NORMAL) or secure (drop: there are no OpenFlow flows yet)
 * @param ports     ports in OpenFlow port order (the flood order)
 * @param byOfport  ports by OpenFlow port number
 */
public record BridgeView(Bridge bridge, FailMode failMode, List<BridgePort> ports, Map<Integer, BridgePort> byOfport) {
    public BridgeView {
        ports = List.copyOf(ports);
        byOfport = Map.copyOf(byOfport);
    }

    public String name() {
        return bridge.name();
    }

    public MacLearningTable macs() {
        return bridge.macTable();
    }
}
