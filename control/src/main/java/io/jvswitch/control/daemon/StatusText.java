package io.jvswitch.control.daemon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of the {@code ports} and {@code stats} control commands (docs/cli.md documents both; scripts may
 * parse them, so the shapes here are stable):
 * <pre>
 * ports:
 *   port 1: veth0 (system, mode tpacket_v3, rxq 1, txq 1, mtu 1500, up)
 *       RX packets:10 bytes:980 dropped:0
 *       TX packets:9 bytes:882 dropped:0
 *   port -: eth9 (system, error: eth9: no such interface)
 * stats:
 *   port 1 veth0: rx_packets=10 rx_bytes=980 rx_dropped=0 tx_packets=9 tx_bytes=882 tx_dropped=0
 *   pmd 0 core -: rx_packets=19 emc_hits=17 ... (PmdStats names, zero drop_* counters left out)
 * </pre>
 */
public final class StatusText {
    private static final Pattern PORT_STATS = Pattern.compile("^port (\\d+) (\\S+): (.*)$");
    private static final String[] PORT_KEYS = {"rx_packets", "rx_bytes", "rx_dropped", "tx_packets", "tx_bytes",
        "tx_dropped"};

    private StatusText() {
    }

    public static String ports(List<PortView> ports) {
        StringBuilder sb = new StringBuilder();
        for (PortView p : ports) {
            if (!p.isOpen()) {
                sb.append("port -: ").append(p.name()).append(" (").append(p.type()).append(", error: ")
                        .append(p.error()).append(")\n");
                continue;
            }
            sb.append("port ").append(p.portNo()).append(": ").append(p.name()).append(" (").append(p.type())
                    .append(", mode ").append(p.mode() != null ? p.mode() : "-")
                    .append(", rxq ").append(p.rxQueues()).append(", txq ").append(p.txQueues())
                    .append(", mtu ").append(p.mtu() >= 0 ? Integer.toString(p.mtu()) : "-")
                    .append(", ").append(p.state()).append(")\n");
            sb.append("    RX packets:").append(p.rxPackets()).append(" bytes:").append(p.rxBytes())
                    .append(" dropped:").append(p.rxDropped()).append('\n');
            sb.append("    TX packets:").append(p.txPackets()).append(" bytes:").append(p.txBytes())
                    .append(" dropped:").append(p.txDropped()).append('\n');
            if (!p.kernel().isEmpty()) {
                sb.append("    kernel");
                p.kernel().forEach((k, v) -> sb.append(' ').append(k).append(':').append(v));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    public static String stats(List<PortView> ports, List<PmdView> pmds) {
        StringBuilder sb = new StringBuilder();
        for (PortView p : ports) {
            if (p.isOpen()) {
                sb.append("port ").append(p.portNo()).append(' ').append(p.name()).append(": rx_packets=")
                        .append(p.rxPackets()).append(" rx_bytes=").append(p.rxBytes()).append(" rx_dropped=")
                        .append(p.rxDropped()).append(" tx_packets=").append(p.txPackets()).append(" tx_bytes=")
                        .append(p.txBytes()).append(" tx_dropped=").append(p.txDropped()).append('\n');
            }
        }
        for (PmdView m : pmds) {
            sb.append("pmd ").append(m.id()).append(" core ").append(m.core() >= 0 ? Integer.toString(m.core()) : "-")
                    .append(':');
            m.counters().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One port's counters, as parsed back from {@link #stats} text. */
    public record PortCounters(int portNo, String name, long rxPackets, long rxBytes, long rxDropped,
                               long txPackets, long txBytes, long txDropped) {
        static PortCounters of(PortView p) {
            return new PortCounters(p.portNo(), p.name(), p.rxPackets(), p.rxBytes(), p.rxDropped(), p.txPackets(),
                    p.txBytes(), p.txDropped());
        }
    }

    /** The port lines of {@link #stats} text, by name in order (other lines ignored). */
    public static Map<String, PortCounters> parsePortStats(String text) {
        Map<String, PortCounters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = PORT_STATS.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, Long> kv = new LinkedHashMap<>();
            for (String tok : m.group(3).trim().split(" ")) {
                int eq = tok.indexOf('=');
                if (eq > 0) {
                    kv.put(tok.substring(0, eq), Long.parseLong(tok.substring(eq + 1)));
                }
            }
            long[] v = new long[PORT_KEYS.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = kv.getOrDefault(PORT_KEYS[i], 0L);
            }
            out.put(m.group(2), new PortCounters(Integer.parseInt(m.group(1)), m.group(2), v[0], v[1], v[2], v[3],
                    v[4], v[5]));
        }
        return out;
    }

    /** Counters of the open ports of a view, by name. */
    public static Map<String, PortCounters> counters(List<PortView> ports) {
        Map<String, PortCounters> out = new LinkedHashMap<>();
        for (PortView p : ports) {
            if (p.isOpen()) {
                out.put(p.name(), PortCounters.of(p));
            }
        }
        return out;
    }
}
