package io.jvswitch.control.appctl;

import io.jvswitch.control.daemon.DpifPortView;
import io.jvswitch.control.daemon.PmdView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ovs-appctl dpif/show} text, as OVS 3.1 prints it ({@code ofproto/ofproto-dpif.c dpif_show_backer}):
 * {@code netdev@ovs-netdev: hit:H missed:M}, then per bridge (by name) {@code "  NAME:"} and per interface (by
 * name) {@code "    NAME OFPORT/ODPPORT: (TYPE[: k=v, k=v])"}, the datapath port {@code none} for patch ports,
 * config keys sorted. Hits are packets that matched a cached flow (EMC or megaflow, including misses served by a
 * flow installed earlier in the same batch); misses are packets that missed every cache.
 */
public final class DpifShow {
    /** Our datapath plays OVS's userspace ("netdev") datapath; OVS names it so. */
    public static final String DPIF_NAME = "netdev@ovs-netdev";

    private DpifShow() {
    }

    public static String format(List<PmdView> pmds, List<DpifPortView> ports) {
        long hit = 0;
        long missed = 0;
        for (PmdView p : pmds) {
            Map<String, Long> c = p.counters();
            hit += c.getOrDefault("emc_hits", 0L) + c.getOrDefault("megaflow_hits", 0L)
                    + c.getOrDefault("upcall_reused", 0L);
            missed += c.getOrDefault("misses", 0L);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(DPIF_NAME).append(": hit:").append(hit).append(" missed:").append(missed).append('\n');
        Map<String, List<DpifPortView>> byBridge = new TreeMap<>();
        for (DpifPortView p : ports) {
            byBridge.computeIfAbsent(p.bridge(), b -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<DpifPortView>> e : byBridge.entrySet()) {
            sb.append("  ").append(e.getKey()).append(":\n");
            List<DpifPortView> list = new ArrayList<>(e.getValue());
            list.sort(Comparator.comparing(DpifPortView::name));
            for (DpifPortView p : list) {
                sb.append("    ").append(p.name()).append(' ').append(Integer.toUnsignedString(p.ofport()))
                        .append('/').append(p.odpPort() < 0 ? "none" : Integer.toString(p.odpPort()))
                        .append(": (").append(p.type());
                char sep = ':';
                for (Map.Entry<String, String> kv : new TreeMap<>(p.config()).entrySet()) {
                    sb.append(sep).append(' ').append(kv.getKey()).append('=').append(kv.getValue());
                    sep = ',';
                }
                sb.append(")\n");
            }
        }
        return sb.toString();
    }
}
