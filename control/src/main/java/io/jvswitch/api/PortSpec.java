package io.jvswitch.api;

import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.VlanMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A port to add to a bridge, built fluently: {@code PortSpec.dummy("vm1").access(10)},
 * {@code PortSpec.dummy("uplink").trunks(10, 20)}, {@code PortSpec.patch("to-br1", "to-br0")},
 * {@code PortSpec.pcap("tap0").rxPcap(path)}. Immutable; every method returns a new spec.
 */
public final class PortSpec {
    private final String name;
    private final String type;
    private final Map<String, String> options;
    private final VlanMode mode;
    private final Integer tag;
    private final Set<Integer> trunks;

    private PortSpec(String name, String type, Map<String, String> options, VlanMode mode, Integer tag,
                     Set<Integer> trunks) {
        this.name = name;
        this.type = type;
        this.options = Map.copyOf(options);
        this.mode = mode;
        this.tag = tag;
        this.trunks = Set.copyOf(trunks);
    }

    /** An in-memory port: frames are injected with {@link VirtualSwitch#inject} and read back. */
    public static PortSpec dummy(String name) {
        return new PortSpec(name, "dummy", Map.of(), null, null, Set.of());
    }

    /** The bridge's own port: a TAP device of that name (needs CAP_NET_ADMIN). */
    public static PortSpec internal(String name) {
        return new PortSpec(name, "internal", Map.of(), null, null, Set.of());
    }

    /** One end of a patch pair joining two bridges; the peer interface must name this one back. */
    public static PortSpec patch(String name, String peer) {
        return new PortSpec(name, "patch", Map.of("peer", peer), null, null, Set.of());
    }

    /** A pcap port: add {@link #rxPcap} and/or {@link #txPcap}. */
    public static PortSpec pcap(String name) {
        return new PortSpec(name, "pcap", Map.of(), null, null, Set.of());
    }

    public PortSpec option(String key, String value) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put(key, value);
        return new PortSpec(name, type, o, mode, tag, trunks);
    }

    public PortSpec rxPcap(java.nio.file.Path file) {
        return option("rx_pcap", file.toString());
    }

    public PortSpec txPcap(java.nio.file.Path file) {
        return option("tx_pcap", file.toString());
    }

    /** Access port in VLAN {@code vlan}: untagged frames only, sent untagged. */
    public PortSpec access(int vlan) {
        return new PortSpec(name, type, options, VlanMode.ACCESS, vlan, Set.of());
    }

    /** Trunk carrying {@code vlans} (none = all VLANs), tagged. */
    public PortSpec trunks(int... vlans) {
        return new PortSpec(name, type, options, VlanMode.TRUNK, null, toSet(vlans));
    }

    /** Trunk whose native VLAN {@code nativeVlan} is sent untagged; the others tagged. */
    public PortSpec nativeUntagged(int nativeVlan, int... vlans) {
        return new PortSpec(name, type, options, VlanMode.NATIVE_UNTAGGED, nativeVlan, toSet(vlans));
    }

    /** Trunk whose untagged input belongs to {@code nativeVlan}; everything is sent tagged. */
    public PortSpec nativeTagged(int nativeVlan, int... vlans) {
        return new PortSpec(name, type, options, VlanMode.NATIVE_TAGGED, nativeVlan, toSet(vlans));
    }

    public String name() {
        return name;
    }

    PortConfig toConfig() {
        return new PortConfig(name, mode, tag, trunks,
                List.of(new InterfaceConfig(name, type, options, null, null)));
    }

    private static Set<Integer> toSet(int[] v) {
        Set<Integer> s = new TreeSet<>();
        for (int x : v) {
            s.add(x);
        }
        return s;
    }
}
