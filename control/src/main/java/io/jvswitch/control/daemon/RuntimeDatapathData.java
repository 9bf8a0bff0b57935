package io.jvswitch.control.daemon;

import io.jvswitch.control.bridge.Bridge;
import io.jvswitch.control.bridge.BridgePort;
import io.jvswitch.control.bridge.InstalledFlow;
import io.jvswitch.control.bridge.MacLearningStats;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.runtime.PmdSnapshot;
import io.jvswitch.control.runtime.RxqAssignment;
import io.jvswitch.control.runtime.SwitchRuntime;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.flowcache.Megaflow;
import io.jvswitch.vport.afxdp.AfXdpPort;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The datapath-level facts of {@link RuntimeSwitchView} for the OVS {@code ovs-appctl} commands (dpif/show,
 * dpctl/dump-flows, pmd-rxq-show, coverage/show, memory/show), read from the {@link SwitchRuntime} and its bridges.
 * Read-only; safe from any thread (each method reads the runtime's thread-safe snapshots).
 */
final class RuntimeDatapathData {
    private final SwitchRuntime rt;

    RuntimeDatapathData(SwitchRuntime rt) {
        this.rt = rt;
    }

    List<DpifPortView> dpifPorts() {
        Map<String, InterfaceConfig> cfg = new HashMap<>();
        for (BridgeConfig b : rt.config().bridges()) {
            for (PortConfig p : b.ports()) {
                for (InterfaceConfig ic : p.interfaces()) {
                    cfg.put(ic.name(), ic);
                }
            }
        }
        List<DpifPortView> out = new ArrayList<>();
        for (Bridge b : rt.bridges().bridges()) {
            for (BridgePort p : b.ports()) {
                for (String iface : p.ifaces()) {
                    InterfaceConfig ic = cfg.get(iface);
                    String type = ic != null ? ic.type() : p.type();
                    if ("patch".equals(type)) {
                        out.add(new DpifPortView(b.name(), iface, b.ofportOf(iface), -1, "patch",
                                p.patchPeer() == null ? Map.of() : Map.of("peer", p.patchPeer())));
                        continue;
                    }
                    Port dp = rt.port(iface);
                    if (dp == null) {
                        continue;   // not in the datapath: OVS does not list it either
                    }
                    out.add(new DpifPortView(b.name(), iface, b.ofportOf(iface), dp.portNo(), netdevType(type),
                            netdevConfig(type, dp)));
                }
            }
        }
        return out;
    }

    /** OVS's userspace datapath opens {@code internal} interfaces as {@code tap} (dpif_netdev_port_open_type). */
    static String netdevType(String type) {
        return "internal".equals(type) ? "tap" : type;
    }

    /**
     * The keys OVS's {@code netdev_afxdp_get_config} reports, for ports configured as {@code afxdp}; other types
     * report none, as in OVS — also {@code system}, which jvswitch opens with AF_XDP where it can but OVS shows as
     * a plain {@code (system)}.
     */
    static Map<String, String> netdevConfig(String type, Port p) {
        if (!"afxdp".equals(type) || !(p instanceof AfXdpPort x)) {
            return Map.of();
        }
        String inUse = "native".equals(x.mode()) ? (x.zeroCopy() ? "native-with-zerocopy" : "native") : x.mode();
        return Map.of("n_rxq", Integer.toString(x.rxQueueCount()), "xdp-mode-in-use", inUse);
    }

    List<FlowView> datapathFlows() {
        Map<Integer, Integer> cores = new HashMap<>();
        for (PmdSnapshot s : rt.pmdSnapshots()) {
            cores.put(s.id(), s.core());
        }
        long now = rt.clock().nanoTime();
        List<FlowView> out = new ArrayList<>();
        for (InstalledFlow f : rt.bridges().flows().snapshot()) {
            Megaflow m = f.flow();
            long packets = m.packets();
            long idle = packets == 0 ? -1 : Math.max(0, now - m.lastUsedNanos());
            out.add(new FlowView(m.id(), f.pmdId(), cores.getOrDefault(f.pmdId(), -1), m.maskedKey(),
                    m.mask().words(), m.actions(), packets, m.bytes(), idle, m.tcpFlags()));
        }
        out.sort((a, b) -> a.pmdId() != b.pmdId() ? Integer.compare(a.pmdId(), b.pmdId())
                : Long.compare(a.id(), b.id()));
        return out;
    }

    List<RxqView> rxqs() {
        List<RxqView> out = new ArrayList<>();
        for (RxqAssignment a : rt.rxqAssignment()) {
            out.add(new RxqView(a.port(), a.queue(), a.pmdId(), a.core(), a.affinityCore() == a.core()));
        }
        return out;
    }

    /** Our counters, in a fixed order: PMD totals, revalidator, MAC learning (OVS's names), drops by reason. */
    Map<String, Long> coverage() {
        Map<String, Long> m = new LinkedHashMap<>();
        PmdStats s = rt.pmdStats();
        m.put("pmd_rx_packets", s.get(PmdStats.RX_PACKETS));
        m.put("pmd_tx_packets", s.get(PmdStats.TX_PACKETS));
        m.put("emc_hit", s.get(PmdStats.EMC_HITS));
        m.put("megaflow_hit", s.get(PmdStats.MEGAFLOW_HITS));
        m.put("dpif_miss", s.get(PmdStats.MISSES));
        m.put("upcall_flow_installed", s.get(PmdStats.UPCALLS));
        m.put("upcall_flow_reused", s.get(PmdStats.UPCALL_REUSED));
        m.put("upcall_lost", s.get(PmdStats.LOST_UPCALLS));
        m.put("dpif_flow_expired", s.get(PmdStats.FLOWS_EXPIRED));
        long[] rev = rt.bridges().revalidator().counters();
        m.put("rev_flow_revalidated", rev[0]);
        m.put("rev_flow_modified", rev[1]);
        m.put("rev_flow_killed", rev[2]);
        long learned = 0;
        long expired = 0;
        long evicted = 0;
        long moved = 0;
        for (Bridge b : rt.bridges().bridges()) {
            MacLearningStats ms = b.macTable().stats();
            learned += ms.learned();
            expired += ms.expired();
            evicted += ms.evicted();
            moved += ms.moved();
        }
        m.put("mac_learning_learned", learned);
        m.put("mac_learning_expired", expired);
        m.put("mac_learning_evicted", evicted);
        m.put("mac_learning_moved", moved);
        for (io.jvswitch.dataplane.DropReason r : io.jvswitch.dataplane.DropReason.VALUES) {
            m.put("datapath_drop_" + r.name().toLowerCase(java.util.Locale.ROOT), s.drops(r));
        }
        return m;
    }

    Map<String, Long> memory() {
        Map<String, Long> m = new TreeMap<>();
        List<Bridge> bridges = rt.bridges().bridges();
        long macs = 0;
        for (Bridge b : bridges) {
            macs += b.macTable().stats().current();
        }
        m.put("bridges", (long) bridges.size());
        m.put("ports", (long) rt.portSnapshots().size());
        m.put("pmds", (long) rt.pmdSnapshots().size());
        m.put("udpif keys", (long) rt.bridges().flows().size());
        m.put("mac-entries", macs);
        m.put("frames-in-use", rt.framesInUse());
        m.put("revalidators", 1L);
        return m;
    }
}
