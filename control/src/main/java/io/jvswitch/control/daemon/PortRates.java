package io.jvswitch.control.daemon;

import java.util.Locale;
import java.util.Map;

/**
 * Per-port rates between two counter samples, as {@code jvswitch stats --watch} and the netns demo print them:
 * <pre>
 * port name              rx pkt/s  rx Mbit/s    tx pkt/s  tx Mbit/s   drop/s
 *    1 veth0                81234     950.12       81230     950.10        0
 * </pre>
 * Mbit/s counts Ethernet frame bytes (no preamble, no FCS). A port missing from the earlier sample counts
 * from zero.
 */
public final class PortRates {
    public static final String HEADER = String.format(Locale.ROOT, "%4s %-16s %10s %10s %11s %10s %8s",
            "port", "name", "rx pkt/s", "rx Mbit/s", "tx pkt/s", "tx Mbit/s", "drop/s");

    private PortRates() {
    }

    /** One line per port in {@code now}; {@code seconds} is the time between the samples. */
    public static String lines(Map<String, StatusText.PortCounters> before, Map<String, StatusText.PortCounters> now,
            double seconds) {
        StringBuilder sb = new StringBuilder();
        double s = seconds > 0 ? seconds : 1;
        for (StatusText.PortCounters c : now.values()) {
            StatusText.PortCounters b = before.get(c.name());
            long rxp = c.rxPackets() - (b != null ? b.rxPackets() : 0);
            long rxb = c.rxBytes() - (b != null ? b.rxBytes() : 0);
            long txp = c.txPackets() - (b != null ? b.txPackets() : 0);
            long txb = c.txBytes() - (b != null ? b.txBytes() : 0);
            long drops = c.rxDropped() + c.txDropped() - (b != null ? b.rxDropped() + b.txDropped() : 0);
            sb.append(String.format(Locale.ROOT, "%4d %-16s %10.0f %10.2f %11.0f %10.2f %8.0f%n", c.portNo(),
                    c.name(), rxp / s, rxb * 8 / s / 1e6, txp / s, txb * 8 / s / 1e6, drops / s));
        }
        return sb.toString();
    }
}
