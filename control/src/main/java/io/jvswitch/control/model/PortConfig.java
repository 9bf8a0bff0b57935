package io.jvswitch.control.model;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Port row: its interfaces (one, or several for a bond — issue 6), VLAN settings as OVS has them
 * ({@code vlanMode} null means OVS's default: access when {@code tag} is set, else trunk; {@code tag} null means
 * unset; {@code trunks} empty means all VLANs) and its bond/LACP settings ({@code bond} null: OVS's defaults, see
 * {@link #effectiveBond()}).
 */
public record PortConfig(String name, VlanMode vlanMode, Integer tag, Set<Integer> trunks,
                         List<InterfaceConfig> interfaces, BondConfig bond, QosConfig qos) {
    public PortConfig {
        trunks = trunks == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(trunks));
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        bond = BondConfig.DEFAULT.equals(bond) ? null : bond;   // one spelling of "defaults", for equals()
    }

    /** A port without egress QoS. */
    public PortConfig(String name, VlanMode vlanMode, Integer tag, Set<Integer> trunks,
                      List<InterfaceConfig> interfaces, BondConfig bond) {
        this(name, vlanMode, tag, trunks, interfaces, bond, null);
    }

    /** A port with default bond settings. */
    public PortConfig(String name, VlanMode vlanMode, Integer tag, Set<Integer> trunks,
                      List<InterfaceConfig> interfaces) {
        this(name, vlanMode, tag, trunks, interfaces, null);
    }

    /** The bond settings in effect: the configured ones, or OVS's defaults. */
    public BondConfig effectiveBond() {
        return bond != null ? bond : BondConfig.DEFAULT;
    }

    /** A bond (two or more interfaces) or a port running LACP: what the bonding module takes care of. */
    public boolean isBond() {
        return interfaces.size() >= 2 || effectiveBond().lacp() != io.jvswitch.bonding.LacpMode.OFF;
    }

    public PortConfig withBond(BondConfig b) {
        return new PortConfig(name, vlanMode, tag, trunks, interfaces, b, qos);
    }

    /** This port with egress QoS {@code q} (null: none). */
    public PortConfig withQos(QosConfig q) {
        return new PortConfig(name, vlanMode, tag, trunks, interfaces, bond, q);
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
        return new PortConfig(name, mode, newTag, newTrunks, interfaces, bond, qos);
    }
}
