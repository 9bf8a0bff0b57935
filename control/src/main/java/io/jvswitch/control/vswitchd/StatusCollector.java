package io.jvswitch.control.vswitchd;

import io.jvswitch.control.bridge.Bridge;
import io.jvswitch.control.bridge.BridgePort;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.ovsdb.SwitchStatus;
import io.jvswitch.control.ovsdb.SwitchStatus.InterfaceStatus;
import io.jvswitch.control.runtime.PortSnapshot;
import io.jvswitch.control.runtime.SwitchRuntime;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.vport.afxdp.AfXdpPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the switch's state for the write-back: per interface its OpenFlow port or its error, link state, MTU,
 * MAC, ifindex, counters and {@code status} map; per bridge its {@code datapath_id}. Kernel interfaces' link facts
 * come from {@code /sys/class/net} (of the network namespace the daemon runs in); ports with no device (dummy,
 * pcap) report up, ifindex 0.
 *
 * <p>{@code status} as ovs-vswitchd's netdev providers give it ({@code netdev_linux_get_status},
 * {@code netdev_internal_get_status}, {@code netdev_afxdp_get_status}): for interfaces on a kernel device
 * ({@code system}, {@code tap}, {@code afxdp}, jvswitch's {@code afpacket}) {@code driver_name},
 * {@code driver_version}, {@code firmware_version} from {@code ETHTOOL_GDRVINFO} ({@link DriverInfo}); for a veth
 * also {@code peer_ifindex} (OVS after 3.7; OVS reads veth's ethtool statistic, which is the same number as its
 * {@code iflink} read here); for {@code afxdp} also {@code xdp-mode}, the mode in use ({@code generic},
 * {@code native} or {@code native-with-zerocopy}; OVS 3.3+). {@code internal} interfaces: on a {@code netdev}
 * bridge OVS opens them as tap devices, so the tap's driver info ({@code tun}); on a {@code system} bridge (the
 * kernel datapath's internal port) {@code driver_name=openvswitch}. Other types (dummy, patch, pcap) have none:
 * the empty map. jvswitch adds {@link #QOS_ERROR} when the interface's QoS or policing settings were refused.
 */
final class StatusCollector {
    /**
     * The {@code status} key jvswitch adds when an interface's ingress policing or its port's QoS settings were
     * refused (the interface then runs without them); OVS 3.1 only logs "Failed to set QoS".
     */
    static final String QOS_ERROR = "qos_error";
    private static final Path SYS_NET = Path.of("/sys/class/net");
    /** Interface types on a kernel device whose status is its driver's ({@code netdev_linux_get_status}). */
    private static final Set<String> KERNEL_DEVICE_TYPES = Set.of("system", "tap", "afxdp", "afpacket", "internal");

    private StatusCollector() {
    }

    /** {@code Interface.status} of a kernel datapath's internal port ({@code netdev_internal_get_status}). */
    static final Map<String, String> KERNEL_INTERNAL_STATUS = Map.of("driver_name", "openvswitch");

    /**
     * @param problems      interfaces the database mapping refused, with the reason (they were not applied)
     * @param datapathTypes by bridge name, its {@code datapath_type} as the database has it ("" when unset)
     */
    static SwitchStatus collect(SwitchRuntime rt, SwitchConfig cfg, Map<String, String> problems,
            Map<String, Map<String, String>> bridgeOtherConfig, Map<String, String> datapathTypes) {
        Map<String, PortSnapshot> counters = new HashMap<>();
        for (PortSnapshot s : rt.portSnapshots()) {
            counters.put(s.name(), s);
        }
        Map<String, String> errors = rt.interfaceErrors();
        Map<String, String> qosErrors = rt.qosErrors();
        Map<String, InterfaceStatus> out = new LinkedHashMap<>();
        Map<String, String> dpids = new LinkedHashMap<>();
        for (BridgeConfig bc : cfg.bridges()) {
            Bridge b = rt.bridges().bridge(bc.name());
            dpids.put(bc.name(), DatapathId.of(bc.name(), bridgeOtherConfig.getOrDefault(bc.name(), Map.of())));
            for (PortConfig pc : bc.ports()) {
                BridgePort bp = b == null ? null : b.port(pc.name());
                for (InterfaceConfig ic : pc.interfaces()) {
                    String err = errors.get(ic.name());
                    if (err != null || bp == null) {
                        out.put(ic.name(), InterfaceStatus.failed(err != null ? ovsError(ic.name(), err)
                                : "could not add interface " + ic.name()));
                        continue;
                    }
                    boolean netdevBridge = "netdev".equals(datapathTypes.get(bc.name()));
                    out.put(ic.name(), interfaceStatus(rt, ic, bp.ofport(), counters.get(ic.name()))
                            .withStatus(withQosError(status(ic, rt.port(ic.name()), netdevBridge),
                                    qosErrors.get(ic.name()))));
                }
            }
        }
        problems.forEach((name, why) -> out.put(name, InterfaceStatus.failed(why)));
        return new SwitchStatus(out, dpids);
    }

    private static InterfaceStatus interfaceStatus(SwitchRuntime rt, InterfaceConfig ic, int ofport,
            PortSnapshot s) {
        Map<String, Long> stats = new LinkedHashMap<>();
        if (s != null) {
            stats.put("rx_packets", s.rxPackets());
            stats.put("rx_bytes", s.rxBytes());
            stats.put("rx_dropped", s.rxDropped());
            stats.put("tx_packets", s.txPackets());
            stats.put("tx_bytes", s.txBytes());
            stats.put("tx_dropped", s.txDropped());
        }
        Path dev = SYS_NET.resolve(ic.name());
        Port port = rt.port(ic.name());
        Integer mtu = port != null ? port.mtu() : null;
        if (!Files.isDirectory(dev)) {
            return new InterfaceStatus(ofport, null, "up", "up", null, mtu, ic.mac(), 0, stats);
        }
        String flags = read(dev.resolve("flags"));
        boolean adminUp = flags != null && (Long.decode(flags) & 1) != 0;
        String carrier = read(dev.resolve("carrier"));
        boolean linkUp = adminUp && "1".equals(carrier);
        Long speed = null;
        String sp = read(dev.resolve("speed"));
        if (sp != null && sp.matches("\\d+")) {
            speed = Long.parseLong(sp) * 1_000_000L;
        }
        String m = read(dev.resolve("mtu"));
        if (m != null && m.matches("\\d+")) {
            mtu = Integer.parseInt(m);
        }
        String idx = read(dev.resolve("ifindex"));
        return new InterfaceStatus(ofport, null, adminUp ? "up" : "down", linkUp ? "up" : "down", speed, mtu,
                read(dev.resolve("address")), idx != null && idx.matches("\\d+") ? Integer.parseInt(idx) : 0, stats);
    }

    /** {@code status} plus {@code qos_error} when the interface's policing or QoS settings were refused. */
    static Map<String, String> withQosError(Map<String, String> status, String qosError) {
        if (qosError == null) {
            return status;
        }
        Map<String, String> m = new java.util.TreeMap<>(status);
        m.put(QOS_ERROR, qosError);
        return m;
    }

    /** The {@code status} map of a working interface (see the class comment). */
    static Map<String, String> status(InterfaceConfig ic, Port port, boolean netdevBridge) {
        String type = ic.type();
        if ("internal".equals(type) && !netdevBridge) {
            return KERNEL_INTERNAL_STATUS;
        }
        if (!KERNEL_DEVICE_TYPES.contains(type)) {
            return Map.of();
        }
        DriverInfo d = DriverInfo.of(ic.name());
        if (d == null) {
            return Map.of();      // no device, or its driver does not answer: OVS writes no status either
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("driver_name", d.driver());
        m.put("driver_version", d.version());
        m.put("firmware_version", d.firmwareVersion());
        if ("veth".equals(d.driver())) {
            String peer = read(SYS_NET.resolve(ic.name()).resolve("iflink"));
            if (peer != null && peer.matches("[1-9]\\d*")) {
                m.put("peer_ifindex", peer);
            }
        }
        if ("afxdp".equals(type) && port instanceof AfXdpPort x) {
            m.put("xdp-mode", xdpModeInUse(x.mode(), x.zeroCopy()));
        }
        return m;
    }

    /** OVS's name of the XDP mode in use: {@code generic}, {@code native} or {@code native-with-zerocopy}. */
    static String xdpModeInUse(String mode, boolean zeroCopy) {
        return "native".equals(mode) && zeroCopy ? "native-with-zerocopy" : mode;
    }

    /**
     * The {@code error} column's text: OVS's own words where ovs-vswitchd has them (scripts match on them; a
     * missing device is {@code could not open network device NAME (No such device)}), else jvswitch's reason.
     */
    static String ovsError(String iface, String err) {
        if (err.contains(": no such interface")) {
            return "could not open network device " + iface + " (No such device)";
        }
        return err;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException | RuntimeException e) {
            return null;     // no such attribute for this device (speed of a down link reads EINVAL)
        }
    }
}
