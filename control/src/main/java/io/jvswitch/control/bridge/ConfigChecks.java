package io.jvswitch.control.bridge;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The checks the bridges need before applying a {@link SwitchConfig}; each failure is an
 * {@link IllegalArgumentException} whose message names the bridge, port or interface and the reason. A
 * rejected configuration changes nothing.
 */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static void check(SwitchConfig cfg) {
        Set<String> bridgeNames = new HashSet<>();
        Map<String, String> ifaceOwner = new HashMap<>();
        Map<String, InterfaceConfig> ifaces = new HashMap<>();
        for (BridgeConfig b : cfg.bridges()) {
            if (b.name() == null || b.name().isEmpty()) {
                throw new IllegalArgumentException("a bridge has no name");
            }
            if (!bridgeNames.add(b.name())) {
                throw new IllegalArgumentException("bridge " + b.name() + " is configured twice");
            }
            Set<String> portNames = new HashSet<>();
            for (PortConfig p : b.ports()) {
                String where = "bridge " + b.name() + " port " + p.name();
                if (p.name() == null || p.name().isEmpty()) {
                    throw new IllegalArgumentException("bridge " + b.name() + ": a port has no name");
                }
                if (!portNames.add(p.name())) {
                    throw new IllegalArgumentException(where + ": port name used twice in the bridge");
                }
                if (p.interfaces().isEmpty()) {
                    throw new IllegalArgumentException(where + ": port has no interfaces");
                }
                checkVlan(where, p);
                for (InterfaceConfig i : p.interfaces()) {
                    String prev = ifaceOwner.putIfAbsent(i.name(), b.name());
                    if (prev != null) {
                        throw new IllegalArgumentException("interface " + i.name() + " is in bridge " + prev
                                + " and in bridge " + b.name() + ": an interface belongs to one bridge only");
                    }
                    ifaces.put(i.name(), i);
                    if ("patch".equals(i.type()) && p.interfaces().size() > 1) {
                        throw new IllegalArgumentException(where + ": patch interface " + i.name()
                                + " cannot be part of a bond");
                    }
                }
            }
        }
        for (InterfaceConfig i : ifaces.values()) {
            if (!"patch".equals(i.type())) {
                continue;
            }
            String peer = i.options().get("peer");
            if (peer == null || peer.isEmpty()) {
                throw new IllegalArgumentException("patch interface " + i.name() + ": options:peer is required");
            }
            if (peer.equals(i.name())) {
                throw new IllegalArgumentException("patch interface " + i.name() + ": peer is itself");
            }
            InterfaceConfig p = ifaces.get(peer);
            if (p == null) {
                throw new IllegalArgumentException("patch interface " + i.name() + ": peer " + peer
                        + " does not exist");
            }
            if (!"patch".equals(p.type())) {
                throw new IllegalArgumentException("patch interface " + i.name() + ": peer " + peer
                        + " is not a patch interface (type " + p.type() + ")");
            }
            if (!i.name().equals(p.options().get("peer"))) {
                throw new IllegalArgumentException("patch interface " + i.name() + ": peer " + peer
                        + " does not point back (its peer is " + p.options().get("peer") + ")");
            }
        }
    }

    private static void checkVlan(String where, PortConfig p) {
        if (p.tag() != null && (p.tag() < 0 || p.tag() > 4095)) {
            throw new IllegalArgumentException(where + ": tag " + p.tag() + " is not in 0..4095");
        }
        for (int t : p.trunks()) {
            if (t < 0 || t > 4095) {
                throw new IllegalArgumentException(where + ": trunk " + t + " is not in 0..4095");
            }
        }
    }
}
