package io.jvswitch.control.daemon;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.runtime.PmdSnapshot;
import io.jvswitch.control.runtime.SwitchRuntime;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.vport.afxdp.AfXdpPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link SwitchView} over the {@link SwitchRuntime}: every PMD (its snapshot's core, its live counters), ports
 * looked up by interface name.
 * Device MTU and state come from {@code /sys/class/net/NAME} for ports on host devices.
 */
public final class RuntimeSwitchView implements SwitchView {
    private static final Set<String> HOST_TYPES = Set.of("system", "afpacket", "afxdp", "tap", "internal");
    private final SwitchRuntime rt;
    private final RuntimeDatapathData data;

    public RuntimeSwitchView(SwitchRuntime rt) {
        this.rt = rt;
        this.data = new RuntimeDatapathData(rt);
    }

    @Override
    public List<PortView> ports() {
        Map<String, String> errors = rt.interfaceErrors();
        Set<InterfaceConfig> ifaces = new LinkedHashSet<>();
        for (BridgeConfig b : rt.config().bridges()) {
            for (PortConfig p : b.ports()) {
                for (InterfaceConfig ic : p.interfaces()) {
                    if (!"patch".equals(ic.type())) {
                        ifaces.add(ic);
                    }
                }
            }
        }
        List<PortView> out = new ArrayList<>();
        for (InterfaceConfig ic : ifaces) {
            Port p = rt.port(ic.name());
            if (p == null) {
                String err = errors.getOrDefault(ic.name(), "not open");
                out.add(new PortView(-1, ic.name(), ic.type(), null, 0, 0, -1, "error", err, 0, 0, 0, 0, 0, 0,
                        Map.of()));
                continue;
            }
            PortStats s = p.stats();
            boolean host = HOST_TYPES.contains(p.type()) && Files.isDirectory(sys(p.name()));
            out.add(new PortView(p.portNo(), p.name(), p.type(), mode(p), p.rxQueueCount(), p.txQueueCount(),
                    host ? mtu(p.name()) : -1, host ? operstate(p.name()) : "up", null, s.rxPackets(), s.rxBytes(),
                    s.rxDropped(), s.txPackets(), s.txBytes(), s.txDropped(), kernel(p)));
        }
        out.sort(Comparator.comparingInt((PortView v) -> v.portNo() < 0 ? Integer.MAX_VALUE : v.portNo())
                .thenComparing(PortView::name));
        return out;
    }

    /** AF_XDP: the kernel's {@code XDP_STATISTICS} summed over the port's sockets; nothing for other types. */
    static Map<String, Long> kernel(Port p) {
        if (!(p instanceof AfXdpPort x)) {
            return Map.of();
        }
        long[] k = x.kernelStatistics();
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < k.length && i < XDP_STATISTICS.length; i++) {
            m.put(XDP_STATISTICS[i], k[i]);
        }
        return m;
    }

    private static final String[] XDP_STATISTICS = {"rx_dropped", "rx_invalid_descs", "tx_invalid_descs",
        "rx_ring_full", "rx_fill_ring_empty_descs", "tx_ring_empty_descs"};

    /** The port's frame-moving mode: AF_XDP's XDP attach mode and copy/zero-copy, TPACKET_V3, TAP... */
    static String mode(Port p) {
        return switch (p.type()) {
            case "system", "afpacket" -> "tpacket_v3";
            case "tap", "internal" -> "tap";
            case "afxdp" -> p instanceof AfXdpPort x ? x.mode() + (x.zeroCopy() ? " zero-copy" : " copy") : null;
            case "dummy" -> "memory";
            case "pcap" -> "pcap";
            default -> null;
        };
    }

    @Override
    public List<PmdView> pmds() {
        List<PmdView> out = new ArrayList<>();
        for (PmdSnapshot snap : rt.pmdSnapshots()) {
            PmdStats s = rt.pmdStats(snap.id());
            if (s == null) {
                continue;       // the PMD set changed in between
            }
            Map<String, Long> m = new LinkedHashMap<>();
            for (int c = 0; c < PmdStats.SIZE; c++) {
                String name = PmdStats.name(c);
                long v = s.get(c);
                if (v != 0 || !name.startsWith("drop_")) {
                    m.put(name, v);
                }
            }
            out.add(new PmdView(snap.id(), snap.core(), m));
        }
        return out;
    }

    @Override
    public String fdbShow(String bridge) {
        return rt.fdbShow(bridge);
    }

    @Override
    public void fdbFlush(String bridge) {
        rt.bridges().fdbFlush(bridge);
    }

    @Override
    public List<DpifPortView> dpifPorts() {
        return data.dpifPorts();
    }

    @Override
    public List<FlowView> datapathFlows() {
        return data.datapathFlows();
    }

    @Override
    public List<RxqView> rxqs() {
        return data.rxqs();
    }

    @Override
    public Map<String, Long> coverage() {
        return data.coverage();
    }

    @Override
    public Map<String, Long> memory() {
        return data.memory();
    }

    private static Path sys(String ifname) {
        return Path.of("/sys/class/net", ifname);
    }

    private static int mtu(String ifname) {
        try {
            return Integer.parseInt(Files.readString(sys(ifname).resolve("mtu")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static String operstate(String ifname) {
        try {
            return Files.readString(sys(ifname).resolve("operstate")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
