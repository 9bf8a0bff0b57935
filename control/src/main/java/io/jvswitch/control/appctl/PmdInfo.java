package io.jvswitch.control.appctl;

import io.jvswitch.control.daemon.PmdView;
import io.jvswitch.control.daemon.RxqView;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code dpif-netdev/pmd-stats-show}, {@code pmd-stats-clear} and {@code pmd-rxq-show} in OVS 3.1's text
 * ({@code lib/dpif-netdev.c pmd_info_show_stats}, {@code pmd_info_show_rxq}).
 *
 * <h2>Mapping</h2> OVS's caches are EMC, SMC and dpcls; ours EMC and megaflow classifier, so {@code smc hits},
 * {@code phwol hits}, {@code mfex opt hits}, {@code simple match hits} and {@code packet recirculations} are 0.
 * {@code megaflow hits} includes misses served by a flow another miss of the same batch installed (OVS counts
 * those as dpcls hits too). We count neither subtable lookups nor output batches: those averages print 0.00.
 * OVS's "cycles" are TSC cycles; ours are nanoseconds (same split: idle = iterations that received nothing,
 * processing = iterations that did). Clearing keeps a baseline per PMD, as OVS does, so the datapath's counters
 * themselves never reset. Per-rx-queue usage is not measured: {@code pmd usage} and {@code overhead} print
 * {@code NOT AVAIL}, as OVS does before its first measurement interval.
 */
public final class PmdInfo {
    /** OVS's rxq usage history: 12 intervals of 5 s. */
    static final int USAGE_SECONDS = 60;
    private final Map<Integer, Map<String, Long>> baseline = new ConcurrentHashMap<>();

    /** {@code dpif-netdev/pmd-stats-clear}. */
    public void clear(List<PmdView> pmds) {
        for (PmdView p : pmds) {
            baseline.put(p.id(), Map.copyOf(p.counters()));
        }
    }

    /** {@code dpif-netdev/pmd-stats-show}. */
    public String statsShow(List<PmdView> pmds) {
        StringBuilder sb = new StringBuilder();
        for (PmdView p : sorted(pmds)) {
            Map<String, Long> base = baseline.getOrDefault(p.id(), Map.of());
            Map<String, Long> c = new HashMap<>();
            p.counters().forEach((k, v) -> c.put(k, v - base.getOrDefault(k, 0L)));
            long rx = c.getOrDefault("rx_packets", 0L);
            long emc = c.getOrDefault("emc_hits", 0L);
            long mf = c.getOrDefault("megaflow_hits", 0L) + c.getOrDefault("upcall_reused", 0L);
            long ok = c.getOrDefault("upcalls", 0L);
            long failed = c.getOrDefault("misses", 0L) - ok;
            long idle = c.getOrDefault("idle_nanos", 0L);
            long busy = c.getOrDefault("busy_nanos", 0L);
            header(sb, p.core());
            sb.append("  packets received: ").append(rx).append('\n')
                    .append("  packet recirculations: 0\n")
                    .append("  avg. datapath passes per packet: ").append(rx > 0 ? "1.00" : "0.00").append('\n')
                    .append("  phwol hits: 0\n  mfex opt hits: 0\n  simple match hits: 0\n")
                    .append("  emc hits: ").append(emc).append('\n')
                    .append("  smc hits: 0\n")
                    .append("  megaflow hits: ").append(mf).append('\n')
                    .append("  avg. subtable lookups per megaflow hit: 0.00\n")
                    .append("  miss with success upcall: ").append(ok).append('\n')
                    .append("  miss with failed upcall: ").append(failed).append('\n')
                    .append("  avg. packets per output batch: 0.00\n");
            long total = idle + busy;
            if (total == 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "  idle cycles: %d (%.02f%%)%n  processing cycles: %d (%.02f%%)%n",
                    idle, idle * 100.0 / total, busy, busy * 100.0 / total));
            if (rx == 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "  avg cycles per packet: %.02f (%d/%d)%n", total / (double) rx,
                    total, rx));
            sb.append(String.format(Locale.ROOT, "  avg processing cycles per packet: %.02f (%d/%d)%n",
                    busy / (double) rx, busy, rx));
        }
        return sb.toString();
    }

    /** {@code dpif-netdev/pmd-rxq-show}. */
    public static String rxqShow(List<PmdView> pmds, List<RxqView> rxqs) {
        StringBuilder sb = new StringBuilder();
        sb.append("Displaying last ").append(USAGE_SECONDS).append(" seconds pmd usage %\n");
        for (PmdView p : sorted(pmds)) {
            List<RxqView> mine = new ArrayList<>();
            for (RxqView q : rxqs) {
                if (q.pmdId() == p.id()) {
                    mine.add(q);
                }
            }
            mine.sort(Comparator.comparing(RxqView::port).thenComparingInt(RxqView::queue));
            boolean isolated = mine.stream().anyMatch(RxqView::pinned);
            header(sb, p.core());
            sb.append("  isolated : ").append(isolated).append('\n');
            for (RxqView q : mine) {
                sb.append(String.format(Locale.ROOT, "  port: %-16s  queue-id: %2d %s  pmd usage: NOT AVAIL%n",
                        q.port(), q.queue(), "(enabled) "));
            }
            if (!mine.isEmpty()) {
                sb.append("  overhead: NOT AVAIL\n");
            }
        }
        return sb.toString();
    }

    private static List<PmdView> sorted(List<PmdView> pmds) {
        List<PmdView> l = new ArrayList<>(pmds);
        l.sort(Comparator.comparingInt(PmdView::core).thenComparingInt(PmdView::id));
        return l;
    }

    private static void header(StringBuilder sb, int core) {
        sb.append("pmd thread numa_id ").append(numaOf(core)).append(" core_id ").append(core).append(":\n");
    }

    /** The NUMA node of a CPU ({@code /sys/devices/system/cpu/cpuN/nodeM}), 0 when unknown. */
    static int numaOf(int core) {
        Path dir = Path.of("/sys/devices/system/cpu", "cpu" + core);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "node[0-9]*")) {
            for (Path p : ds) {
                return Integer.parseInt(p.getFileName().toString().substring(4));
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
