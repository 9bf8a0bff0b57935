package io.jvswitch.control.demo;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.flowcache.Megaflow;
import io.jvswitch.flowcache.OvsFlowFormat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** What the demo measured, and how it prints: ports, PMD counters, megaflows (busiest first). */
public record DemoReport(String capture, Path record, List<PortCounters> ports, PmdCounters pmd,
                         List<Megaflow> flows, long elapsedNanos, String captureError) {

    public void print(PrintStream out, int maxFlows) {
        out.printf("jvswitch demo: %s replayed into port 1 of an in-memory datapath, forwarded to port 2%s%n",
                capture, record != null ? " (recorded to " + record + ")" : "");
        if (captureError != null) {
            out.println("  capture ended early: " + captureError);
        }
        out.println();
        out.println("Ports");
        out.printf("  %4s  %-8s %-6s %10s %12s %10s %12s %10s %10s%n", "port", "name", "type", "rx_pkts",
                "rx_bytes", "tx_pkts", "tx_bytes", "rx_drop", "tx_drop");
        for (PortCounters p : ports) {
            out.printf("  %4d  %-8s %-6s %10d %12d %10d %12d %10d %10d%n", p.portNo(), p.name(), p.type(),
                    p.rxPackets(), p.rxBytes(), p.txPackets(), p.txBytes(), p.rxDropped(), p.txDropped());
        }
        out.println();
        out.printf("PMD %d (%.1f ms)%n", pmd.pmdId(), elapsedNanos / 1e6);
        pmd.counters().forEach((k, v) -> out.printf("  %-18s %d%n", k + ":", v));
        out.println();
        List<Megaflow> sorted = flows.stream().sorted(Comparator.comparingLong(Megaflow::packets).reversed()
                .thenComparingLong(Megaflow::id)).toList();
        out.printf("Flows (%d megaflows%s; wildcarded fields print as 0)%n", flows.size(),
                sorted.size() > maxFlows ? ", busiest " + maxFlows + " shown" : "");
        for (Megaflow f : sorted.subList(0, Math.min(maxFlows, sorted.size()))) {
            out.printf("  %s, packets:%d, bytes:%d, tcp_flags:0x%03x, actions:%s%n",
                    OvsFlowFormat.toString(f.maskedKey(), 0), f.packets(), f.bytes(), f.tcpFlags(),
                    Actions.toString(f.actions()));
        }
    }
}
