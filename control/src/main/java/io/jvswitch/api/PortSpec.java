package io.jvswitch.api;

import io.jvswitch.control.model.BondConfig;
import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.model.VlanMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A port to add to a bridge, built fluently: {@code PortSpec.dummy("vm1").access(10)},
 * {@code PortSpec.dummy("uplink").trunks(10, 20)}, {@code PortSpec.patch("to-br1", "to-br0")},
 * {@code PortSpec.pcap("tap0").rxPcap(path)}, and bonds:
 * {@code PortSpec.bond("bond0", BondSpec.activeBackup(), BondMember.dummy("eth1"), BondMember.dummy("eth2"))},
 * and QoS (issue 7): {@code PortSpec.of("vnet0", "tap").ingressPolicing(10_000, 8_000)
 * .qos(QosSpec.egressPolicer(1_250_000, 125_000))}.
 * Immutable; every method returns a new spec.
 */
public final class PortSpec {
    private final String name;
    private final List<InterfaceConfig> interfaces;
    private final BondConfig bond;
    private final VlanMode mode;
    private final Integer tag;
    private final Set<Integer> trunks;
    private final QosConfig qos;

    private PortSpec(String name, List<InterfaceConfig> interfaces, BondConfig bond, VlanMode mode, Integer tag,
                     Set<Integer> trunks) {
        this(name, interfaces, bond, mode, tag, trunks, null);
    }

    private PortSpec(String name, List<InterfaceConfig> interfaces, BondConfig bond, VlanMode mode, Integer tag,
                     Set<Integer> trunks, QosConfig qos) {
        this.qos = qos;
        this.name = name;
        this.interfaces = List.copyOf(interfaces);
        this.bond = bond;
        this.mode = mode;
        this.tag = tag;
        this.trunks = Set.copyOf(trunks);
    }

    private static PortSpec single(String name, String type, Map<String, String> options) {
        return new PortSpec(name, List.of(new InterfaceConfig(name, type, options, null, null)), null, null, null,
                Set.of());
    }

    /** An in-memory port: frames are injected with {@link VirtualSwitch#inject} and read back. */
    public static PortSpec dummy(String name) {
        return single(name, "dummy", Map.of());
    }

    /** The bridge's own port: a TAP device of that name (needs CAP_NET_ADMIN). */
    public static PortSpec internal(String name) {
        return single(name, "internal", Map.of());
    }

    /** One end of a patch pair joining two bridges; the peer interface must name this one back. */
    public static PortSpec patch(String name, String peer) {
        return single(name, "patch", Map.of("peer", peer));
    }

    /**
     * A port of interface type {@code type}: {@code system}, {@code afpacket}, {@code afxdp}, {@code tap}... (the
     * config file's types, docs/config-file.md); host interfaces need privileges.
     */
    public static PortSpec of(String name, String type) {
        return single(name, type, Map.of());
    }

    /** A pcap port: add {@link #rxPcap} and/or {@link #txPcap}. */
    public static PortSpec pcap(String name) {
        return single(name, "pcap", Map.of());
    }

    /**
     * A bond (issue 6): port {@code name} with {@code members} as its interfaces and {@code bond}'s settings, as a
     * config file port with {@code "interfaces"}, {@code bond_mode}, {@code lacp}... (docs/config-file.md). Two or
     * more members make a bond; one member with LACP on is a port that runs LACP. VLAN settings chain as for any
     * port: {@code PortSpec.bond(...).trunks(10, 20)}.
     */
    public static PortSpec bond(String name, BondSpec bond, BondMember... members) {
        List<InterfaceConfig> ifaces = new ArrayList<>();
        for (BondMember m : members) {
            ifaces.add(m.toConfig());
        }
        return new PortSpec(name, ifaces, bond.toConfig(), null, null, Set.of());
    }

    /** An interface option ({@code options:KEY}) of a one-interface port; a bond's go on its {@link BondMember}s. */
    public PortSpec option(String key, String value) {
        if (interfaces.size() != 1 || bond != null) {
            throw new IllegalStateException("port " + name + " is a bond: set options on its BondMembers");
        }
        InterfaceConfig only = interfaces.getFirst();
        Map<String, String> o = new LinkedHashMap<>(only.options());
        o.put(key, value);
        return new PortSpec(name, List.of(only.withOptions(o)), bond, mode, tag, trunks, qos);
    }

    public PortSpec rxPcap(java.nio.file.Path file) {
        return option("rx_pcap", file.toString());
    }

    public PortSpec txPcap(java.nio.file.Path file) {
        return option("tx_pcap", file.toString());
    }

    /** Access port in VLAN {@code vlan}: untagged frames only, sent untagged. */
    public PortSpec access(int vlan) {
        return new PortSpec(name, interfaces, bond, VlanMode.ACCESS, vlan, Set.of(), qos);
    }

    /** Trunk carrying {@code vlans} (none = all VLANs), tagged. */
    public PortSpec trunks(int... vlans) {
        return new PortSpec(name, interfaces, bond, VlanMode.TRUNK, null, toSet(vlans), qos);
    }

    /** Trunk whose native VLAN {@code nativeVlan} is sent untagged; the others tagged. */
    public PortSpec nativeUntagged(int nativeVlan, int... vlans) {
        return new PortSpec(name, interfaces, bond, VlanMode.NATIVE_UNTAGGED, nativeVlan, toSet(vlans), qos);
    }

    /** Trunk whose untagged input belongs to {@code nativeVlan}; everything is sent tagged. */
    public PortSpec nativeTagged(int nativeVlan, int... vlans) {
        return new PortSpec(name, interfaces, bond, VlanMode.NATIVE_TAGGED, nativeVlan, toSet(vlans), qos);
    }

    /**
     * Ingress policing of what this one-interface port receives (issue 7): OVS's {@code ingress_policing_rate}
     * (kbps; 0: off) and {@code ingress_policing_burst} (kb; 0: OVS's default 8000), keeping any packet-rate
     * policing set with {@link #ingressPacketPolicing}. See docs/qos.md.
     */
    public PortSpec ingressPolicing(long rateKbps, long burstKb) {
        IngressPolicing p = only("ingress policing").policing();
        return withPolicing(new IngressPolicing(rateKbps, burstKb, p.kpktsRate(), p.kpktsBurst()));
    }

    /**
     * Packet-rate ingress policing of this one-interface port: OVS's {@code ingress_policing_kpkts_rate} (kpps; 0:
     * off) and {@code ingress_policing_kpkts_burst} (kpkts; 0: the default 16), keeping any byte-rate policing.
     */
    public PortSpec ingressPacketPolicing(long kpktsRate, long kpktsBurst) {
        IngressPolicing p = only("ingress policing").policing();
        return withPolicing(new IngressPolicing(p.rateKbps(), p.burstKb(), kpktsRate, kpktsBurst));
    }

    /** Egress QoS of this port, applied to each of its interfaces (OVS's Port {@code qos}); null: none. */
    public PortSpec qos(QosSpec q) {
        return new PortSpec(name, interfaces, bond, mode, tag, trunks, q == null ? null : q.toConfig());
    }

    private InterfaceConfig only(String what) {
        if (interfaces.size() != 1 || bond != null) {
            throw new IllegalStateException("port " + name + " is a bond: set " + what + " on its members with "
                    + "VirtualSwitch.setIngressPolicing");
        }
        return interfaces.getFirst();
    }

    private PortSpec withPolicing(IngressPolicing p) {
        return new PortSpec(name, List.of(interfaces.getFirst().withPolicing(p)), bond, mode, tag, trunks, qos);
    }

    public String name() {
        return name;
    }

    PortConfig toConfig() {
        return new PortConfig(name, mode, tag, trunks, interfaces, bond, qos);
    }

    private static Set<Integer> toSet(int[] v) {
        Set<Integer> s = new TreeSet<>();
        for (int x : v) {
            s.add(x);
        }
        return s;
    }
}
