package io.jvswitch.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary of a results directory: medians, min–max, ratios to ovs_xdp, runs not measured, GC pauses. */
class SummarizeTest {
    private static final String HEADER = "rep,peer,flows,status,attempt,fwd_pps,offered_pps,s0_rx_pps,"
        + "cpu0_pct,cpu1_pct,"
        + "thread,thread_utime_ns_per_pkt,thread_stime_ns_per_pkt,ovs_cycles_per_pkt,foreign_cpu_pct,noisy,"
        + "quiet_wait_s,quiet,note";

    private static String row(int rep, String peer, int flows, long fwd, String thread, String ut, int noisy) {
        return rep + "," + peer + "," + flows + ",ok,1," + fwd + "," + 2 * fwd + "," + fwd + ",95,90," + thread + ","
            + ut + ",5.0,-,1.0," + noisy + ",0,1,\"" + peer + ": note, with comma\"";
    }

    @Test
    void mediansMinMaxAndRatiosAgainstOvsXdp(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("runs.csv"), List.of(HEADER,
            row(1, "ovs_xdp", 1, 1_000_000, "pmd-c01/id:6", "300.0", 0),
            row(1, "jvswitch_afxdp", 1, 1_300_000, "pmd-0", "90.0", 0),
            row(2, "ovs_xdp", 1, 1_200_000, "pmd-c01/id:6", "200.0", 1),
            row(2, "jvswitch_afxdp", 1, 1_100_000, "pmd-0", "110.0", 0),
            row(3, "ovs_xdp", 1, 1_100_000, "pmd-c01/id:6", "250.0", 0),
            row(3, "jvswitch_afxdp", 1, 1_500_000, "pmd-0", "100.0", 0),
            "1,jvswitch_afpacket,1,unsupported,1,,,,,,,,,,,0,3,1,\"jvswitch_afpacket: ports not available\""));
        String md = Summarize.summarize(dir);
        assertTrue(md.contains("| ovs_xdp | **1100** (1000–1200) | 2200 | 95/90 | pmd-c01/id:6 | 250.0 | 1.00× | 1.00× "
            + "| – | 3 (1) |"), md);
        assertTrue(md.contains("| jvswitch_afxdp | **1300** (1100–1500) | 2600 | 95/90 | pmd-0 | 100.0 | 1.18× | "
            + "0.40× | – | 3 (0) |"), md);
        assertTrue(md.contains("- jvswitch_afpacket, 1 flow(s), rep 1: unsupported — jvswitch_afpacket: ports not "
            + "available"), md);
        assertTrue(!md.contains("| jvswitch_afpacket |"), "a peer that never ran gets no row of zeros");
    }

    @Test
    void countsDistinctGcPausesInTheGcLog(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("runs.csv"), List.of(HEADER,
            "1,gc,1,unsupported,1,,,,,,,,,,,0,3,1,\"jvswitch_afpacket: ports not available\"",
            row(1, "gc", 1, 900_000, "pmd-0", "100.0", 0).replace("\"gc: note", "\"jvswitch_afxdp: note")));
        Files.createDirectories(dir.resolve("gc/jvswitch_afxdp"));
        Files.createDirectories(dir.resolve("gc/jvswitch_afpacket"));
        Files.write(dir.resolve("gc/jvswitch_afpacket/gc.log"), List.of("[0.004s][info][gc] Using Serial"));
        Files.write(dir.resolve("gc/jvswitch_afxdp/gc.log"), List.of(
            "[0.004s][info][gc] Using Serial",
            "[5.100s][info][gc,start] GC(0) Pause Young (Allocation Failure)",
            "[5.102s][info][gc] GC(0) Pause Young (Allocation Failure) 20M->2M(60M) 1.900ms",
            "[9.000s][info][gc] GC(1) Pause Young (Allocation Failure) 20M->2M(60M) 1.700ms"));
        String md = Summarize.summarize(dir);
        assertTrue(md.contains("gc/jvswitch_afxdp/gc.log: 2 GC pauses"), md);
        assertTrue(md.contains("- ok: jvswitch_afxdp: note, with comma; 900 kpps forwarded"), md);
        assertTrue(!md.contains("gc/jvswitch_afpacket/gc.log"), "the log of a GC run that did not measure: " + md);
        assertEquals(-1, md.indexOf("| gc |"), "the GC run is not a peer row");
    }
}
