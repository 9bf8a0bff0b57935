package io.jvswitch.control.model;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Port row: its interfaces (one, or several for a bond — issue 6), and VLAN settings as OVS has them:
 * {@code vlanMode} null means OVS's default (access when {@code tag} is set, else trunk); {@code tag} null means
 * unset; {@code trunks} empty means all VLANs.
 */
public record PortConfig(String name, VlanMode vlanMode, Integer tag, Set<Integer> trunks,
                         List<InterfaceConfig> interfaces) {
    public PortConfig {
        trunks = trunks == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(trunks));
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }

    /** A port with one interface of the same name. */
    public static PortConfig of(String name, String type) {
        return new PortConfig(name, null, null, Set.of(), List.of(InterfaceConfig.of(name, type)));
    }

    /** The mode in effect: the configured one, or OVS's default. */
    public VlanMode effectiveVlanMode() {
        return vlanMode != null ? vlanMode : tag != null ? VlanMode.ACCESS : VlanMode.TRUNK;
    }

    public PortConfig withVlan(VlanMode mode, Integer newTag, Set<Integer> newTrunks) {
        return new PortConfig(name, mode, newTag, newTrunks, interfaces);
    }
}
