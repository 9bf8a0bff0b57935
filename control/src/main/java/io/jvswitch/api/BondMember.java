package io.jvswitch.api;

import io.jvswitch.control.model.InterfaceConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One member (Interface row) of a bond built with {@link PortSpec#bond}: its name, type and options, and its LACP
 * settings, the Interface {@code other_config} keys {@code lacp-port-id}, {@code lacp-port-priority} and
 * {@code lacp-aggregation-key}. {@code BondMember.dummy("eth1")} is in memory (frames through
 * {@link VirtualSwitch#inject}); {@code BondMember.of("eth1", "afpacket")} takes a host interface. Immutable.
 *
 * <p>Values are checked when the switch applies the configuration, by the rules and with the messages of the config
 * file (an out-of-range {@code lacp-port-id}, an unknown type, a name used twice).
 */
public final class BondMember {
    private final String name;
    private final String type;
    private final Map<String, String> options;
    private final Map<String, String> otherConfig;

    private BondMember(String name, String type, Map<String, String> options, Map<String, String> otherConfig) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.options = Map.copyOf(options);
        this.otherConfig = Map.copyOf(otherConfig);
    }

    /** An in-memory member. */
    public static BondMember dummy(String name) {
        return of(name, "dummy");
    }

    /** A member of interface type {@code type} ({@code system}, {@code afpacket}, {@code afxdp}, {@code tap}...). */
    public static BondMember of(String name, String type) {
        return new BondMember(name, type, Map.of(), Map.of());
    }

    /** An interface option ({@code options:KEY}), as {@link PortSpec#option}. */
    public BondMember option(String key, String value) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put(key, value);
        return new BondMember(name, type, o, otherConfig);
    }

    /** {@code other_config:lacp-port-id}, 1..65535 (default: the member's datapath port number). */
    public BondMember lacpPortId(int id) {
        return other("lacp-port-id", id);
    }

    /** {@code other_config:lacp-port-priority}, 1..65535 (default 65535). */
    public BondMember lacpPortPriority(int priority) {
        return other("lacp-port-priority", priority);
    }

    /** {@code other_config:lacp-aggregation-key}, 0..65535 (default 0). */
    public BondMember lacpAggregationKey(int key) {
        return other("lacp-aggregation-key", key);
    }

    public String name() {
        return name;
    }

    private BondMember other(String key, int value) {
        Map<String, String> o = new TreeMap<>(otherConfig);
        o.put(key, Integer.toString(value));
        return new BondMember(name, type, options, o);
    }

    InterfaceConfig toConfig() {
        return new InterfaceConfig(name, type, options, null, null, otherConfig);
    }
}
