package io.jvswitch.control.ovsdb;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The working tree of {@link DbConfigMapper}: the rows read from the snapshot, each model object next to the row
 * it came from, so that a problem found on the model (by {@link io.jvswitch.control.config.ConfigValidator}) can
 * be charged to the Interface rows it concerns, and the object dropped. Mutable, local to one mapping.
 */
final class MappingTree {
    /** An Interface row that reads well. */
    record Iface(UUID uuid, InterfaceConfig config) {
    }

    /** A Port row that reads well, with the interfaces still in it. */
    static final class Port {
        final UUID uuid;
        final PortConfig config;
        final List<Iface> ifaces;

        Port(UUID uuid, PortConfig config, List<Iface> ifaces) {
            this.uuid = uuid;
            this.config = config;
            this.ifaces = new ArrayList<>(ifaces);
        }

        PortConfig model() {
            return new PortConfig(config.name(), config.vlanMode(), config.tag(), config.trunks(),
                    ifaces.stream().map(Iface::config).toList(), config.bond(), config.qos());
        }
    }

    /** A Bridge row that reads well, with the ports still in it. */
    static final class Bridge {
        final UUID uuid;
        final BridgeConfig config;
        final List<Port> ports;

        Bridge(UUID uuid, BridgeConfig config, List<Port> ports) {
            this.uuid = uuid;
            this.config = config;
            this.ports = new ArrayList<>(ports);
        }

        BridgeConfig model() {
            return new BridgeConfig(config.name(), config.failMode(), config.macAgingTimeSec(),
                    config.macTableSize(), ports.stream().map(Port::model).toList());
        }
    }

    final List<Bridge> bridges = new ArrayList<>();
    final Map<String, String> otherConfig = new LinkedHashMap<>();
    /** Interface rows left out, with the reason, in the order found. */
    final Map<UUID, String> rowProblems = new LinkedHashMap<>();
    /** The name of each Interface row read (the good and the bad). */
    final Map<UUID, String> ifaceNames = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();

    /** Charges {@code reason} to an Interface row (the first reason found stays). */
    void problem(UUID ifaceRow, String reason) {
        rowProblems.putIfAbsent(ifaceRow, reason);
    }

    /** Charges {@code reason} to each of {@code ifaces} (to the warnings when there is none). */
    void problem(List<Iface> ifaces, String reason) {
        ifaces.forEach(i -> problem(i.uuid(), reason));
        if (ifaces.isEmpty()) {
            warnings.add(reason);
        }
    }
}
