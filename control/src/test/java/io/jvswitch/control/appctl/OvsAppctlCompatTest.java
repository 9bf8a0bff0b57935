package io.jvswitch.control.appctl;

import io.jvswitch.control.cli.JvswitchProcess;
import io.jvswitch.control.daemon.RuntimeSwitchView;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;
import io.jvswitch.control.runtime.SwitchRuntime;
import io.jvswitch.control.unixctl.UnixctlServer;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.vport.dummy.DummyPort;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.jvswitch.control.appctl.OvsAppctlTool.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our {@code ovs-vswitchd} commands through the real, unmodified {@code ovs-appctl} of Open vSwitch 3.1, compared
 * with output captured from OVS 3.1's own {@code ovs-vswitchd} (src/test/resources/ovs-3.1-appctl, README there)
 * for a comparable switch: bridge br0 with dummy ports p1, p2, p3 (access VLAN 10) and p4 (2 rx queues), and the
 * same frames sent (p1→p2, p2→p1, p1→p2, a broadcast from p3). Header lines must be identical; rows must match
 * the regex made from the C format string that printed them in OVS (and that regex must match OVS's own captured
 * rows, so it describes what OVS prints); {@code version}, the error texts and exit statuses must be identical.
 */
class OvsAppctlCompatTest {
    private static final long MAC1 = 0x505400000001L;
    private static final long MAC2 = 0x505400000002L;
    private static final long MAC3 = 0x505400000003L;

    @TempDir
    Path dir;
    private final CachedNanoClock clock = new CachedNanoClock();
    private SwitchRuntime rt;
    private UnixctlServer server;
    private OvsAppctlCommands commands;
    private final AtomicReference<Boolean> exited = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        rt = new SwitchRuntime(clock, PmdConfig.defaults(), 2048);
        PortConfig p4 = new PortConfig("p4", null, null, Set.of(),
                List.of(InterfaceConfig.of("p4", "dummy").withOptions(Map.of("n_rxq", "2"))));
        rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(PortConfig.of("p1", "dummy"),
                PortConfig.of("p2", "dummy"),
                PortConfig.of("p3", "dummy").withVlan(VlanMode.ACCESS, 10, Set.of()), p4)))));
        server = UnixctlServer.start(dir.resolve("ovs-vswitchd.1.ctl"), "unused");
        commands = OvsAppctlCommands.register(server, new RuntimeSwitchView(rt), new Vlog(), exited::set, null);
        run();
        send("p1", Frames.udp(MAC2, MAC1, -1, 0x0a000001, 0x0a000002, 1, 2));
        send("p2", Frames.udp(MAC1, MAC2, -1, 0x0a000002, 0x0a000001, 1, 2));
        send("p1", Frames.udp(MAC2, MAC1, -1, 0x0a000001, 0x0a000002, 1, 2));
        send("p3", Frames.udp(0xffffffffffffL, MAC3, -1, 0x0a000003, 0x0a000009, 1, 2));
        clock.update(clock.nanoTime() + 1_000_000_000L);
    }

    private void send(String port, byte[] frame) {
        assertTrue(((DummyPort) rt.port(port)).inject(frame));
        run();
    }

    private void run() {
        for (int i = 0; i < 3; i++) {
            clock.update(clock.nanoTime() + 1_000_000);
            rt.runOnce();
        }
    }

    @AfterEach
    void tearDown() {
        if (commands != null) {
            commands.close();
        }
        if (server != null) {
            server.close();
        }
        if (rt != null) {
            rt.close();
        }
    }

    // ------------------------------------------------------------------ helpers


    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split("\n", -1)).subList(0, s.split("\n", -1).length - 1);
    }


    private JvswitchProcess.Result appctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(OvsAppctlTool.path(), "-t", server.path().toString()));
        cmd.addAll(List.of(args));
        return JvswitchProcess.exec(cmd.toArray(String[]::new));
    }

    private String ok(String... args) throws Exception {
        JvswitchProcess.Result r = appctl(args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.output());
        return r.output();
    }

    /** Every line matches {@code format}, OVS's captured lines (at least one) and ours (at least one). */
    private static void sameFormat(String format, List<String> ovs, List<String> ours) {
        assertTrue(!ovs.isEmpty() && !ours.isEmpty(), format + ": no lines to compare");
        for (String l : ovs) {
            assertTrue(CFormat.matches(format, l), "the format does not describe OVS's line: " + l);
        }
        for (String l : ours) {
            assertTrue(CFormat.matches(format, l), "our line does not match \"" + format + "\": " + l);
        }
    }

    private static String vlogRow(String module, String console, String syslog, String file) {
        return String.format("%-16s  %4s       %4s       %4s", module, console, syslog, file);
    }

    private static List<String> starting(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void versionIsByteIdentical() throws Exception {
        assertEquals(fixture("version.txt"), ok("version"));
    }

    @Test
    void fdbShowMatchesOvs() throws Exception {
        List<String> ovs = lines(fixture("fdb_show_br0.txt"));
        List<String> ours = lines(ok("fdb/show", "br0"));
        assertEquals(ovs.get(0), ours.get(0));
        sameFormat("%5s  %4d  %s  %3d", ovs.subList(1, ovs.size()), ours.subList(1, ours.size()));
        // Same state as the capture: identical rows but for the age column (and LRU order).
        assertEquals(ovs.subList(1, ovs.size()).stream().map(l -> l.substring(0, 35)).sorted().toList(),
                ours.subList(1, ours.size()).stream().map(l -> l.substring(0, 35)).sorted().toList());
        rt.revalidate();    // the revalidator has seen the flows' packets (else a flush pass replays their learning)
        assertEquals(fixture("fdb_flush_br0.txt"), ok("fdb/flush", "br0"));
        assertEquals(List.of(ovs.get(0)), lines(ok("fdb/show", "br0")));
        assertEquals(fixture("fdb_flush_br0.txt"), ok("fdb/flush"));
    }

    @Test
    void dpifShowMatchesOvs() throws Exception {
        List<String> ovs = lines(fixture("dpif_show.txt"));
        List<String> ours = lines(ok("dpif/show"));
        sameFormat("netdev@ovs-netdev: hit:%lu missed:%lu", ovs.subList(0, 1), ours.subList(0, 1));
        assertEquals(ovs.get(0), ours.get(0), "same frames, same cache outcome: hit:1 missed:3");
        assertEquals(ovs.get(1), ours.get(1));
        String row = "    %s %u/%u: (%s)";
        String rowWithConfig = "    %s %u/%u: (%s: %s)";
        List<String> ovsRows = ovs.subList(2, ovs.size());
        for (String l : ovsRows) {
            assertTrue(CFormat.matches(row, l) || CFormat.matches(rowWithConfig, l), l);
        }
        assertEquals(List.of("    p1 1/1: (dummy)", "    p2 2/2: (dummy)", "    p3 3/3: (dummy)",
                "    p4 4/4: (dummy)"), ours.subList(2, ours.size()));
        assertTrue(ovsRows.contains("    p3 3/3: (dummy)"), "OVS prints a dummy port as we do");
    }

    @Test
    void dumpFlowsMatchesOvs() throws Exception {
        for (String[] variant : new String[][] {{"dpctl/dump-flows"}, {"dpctl/dump-flows", "-m"}}) {
            boolean m = variant.length == 2;
            List<String> ovs = lines(fixture(m ? "dpctl_dump-flows_-m.txt" : "dpctl_dump-flows.txt"));
            List<String> ours = lines(ok(variant));
            sameFormat("flow-dump from pmd on cpu core: %d", starting(ovs, "flow-dump from pmd"),
                    starting(ours, "flow-dump"));
            String flow = (m ? "ufid:%s, " : "") + "%s, packets:%lu, bytes:%lu, used:%s, "
                    + (m ? "dp:ovs, " : "") + "actions:%s" + (m ? "%s" : "");
            List<String> ovsFlows = ovs.stream().filter(l -> !l.startsWith("flow-dump")).toList();
            List<String> ourFlows = ours.stream().filter(l -> !l.startsWith("flow-dump")).toList();
            sameFormat(flow, ovsFlows, ourFlows);
            for (String l : ourFlows) {
                assertTrue(l.matches(".*used:(never|\\d+\\.\\d{3}s),.*"), l);
                assertTrue(l.startsWith(m ? "ufid:" : "recirc_id(0),in_port("), l);
            }
            if (m) {
                String prefix = "skb_priority(0/0),skb_mark(0/0),ct_state(0/0),ct_zone(0/0),ct_mark(0/0),"
                        + "ct_label(0/0),recirc_id(0),dp_hash(0/0),in_port(p";
                ovsFlows.forEach(l -> assertTrue(l.contains(", " + prefix), l));
                ourFlows.forEach(l -> assertTrue(l.contains(", " + prefix), l));
            }
            assertEquals(3, ourFlows.size(), String.join("\n", ours));
        }
    }

    @Test
    void pmdStatsShowMatchesOvs() throws Exception {
        List<String> ovsAll = lines(fixture("dpif-netdev_pmd-stats-show.txt"));
        List<String> ovs = ovsAll.subList(0, ovsAll.indexOf("main thread:"));
        List<String> ours = lines(ok("dpif-netdev/pmd-stats-show"));
        String[] formats = {"pmd thread numa_id %d core_id %u:", "  packets received: %lu",
            "  packet recirculations: %lu", "  avg. datapath passes per packet: %.02f", "  phwol hits: %lu",
            "  mfex opt hits: %lu", "  simple match hits: %lu", "  emc hits: %lu", "  smc hits: %lu",
            "  megaflow hits: %lu", "  avg. subtable lookups per megaflow hit: %.02f",
            "  miss with success upcall: %lu", "  miss with failed upcall: %lu",
            "  avg. packets per output batch: %.02f", "  idle cycles: %lu (%.02f%%)",
            "  processing cycles: %lu (%.02f%%)", "  avg cycles per packet: %.02f (%lu/%lu)",
            "  avg processing cycles per packet: %.02f (%lu/%lu)"};
        assertEquals(formats.length, ovs.size());
        assertEquals(formats.length, ours.size(), String.join("\n", ours));
        for (int i = 0; i < formats.length; i++) {
            sameFormat(formats[i], List.of(ovs.get(i)), List.of(ours.get(i)));
        }
        assertEquals("  packets received: 4", ours.get(1));
        assertEquals("  miss with success upcall: 3", ours.get(11));
        assertEquals("", ok("dpif-netdev/pmd-stats-clear"));
        assertEquals("  packets received: 0", lines(ok("dpif-netdev/pmd-stats-show")).get(1));
    }

    @Test
    void pmdRxqShowMatchesOvs() throws Exception {
        List<String> ovs = lines(fixture("dpif-netdev_pmd-rxq-show.txt"));
        List<String> ours = lines(ok("dpif-netdev/pmd-rxq-show"));
        assertEquals(ovs.get(0), ours.get(0));
        sameFormat("pmd thread numa_id %d core_id %u:", ovs.subList(1, 2), ours.subList(1, 2));
        assertEquals(ovs.get(2), ours.get(2));
        String row = "  port: %-16s  queue-id: %2d (enabled)   pmd usage: %s";     // " %s" of "(enabled) "
        sameFormat(row, starting(ovs, "  port:"), starting(ours, "  port:"));
        // OVS polls only its PMD-type dummies there (p1, p2, p4); ours polls every port.
        assertEquals(List.of("p1 0", "p2 0", "p3 0", "p4 0", "p4 1"), starting(ours, "  port:").stream()
                .map(l -> l.substring(8, 24).trim() + " " + l.substring(36, 38).trim()).toList());
        assertEquals(ovs.get(ovs.size() - 1), ours.get(ours.size() - 1));
    }

    @Test
    void coverageAndMemoryMatchOvs() throws Exception {
        List<String> ovs = lines(fixture("coverage_show.txt"));
        List<String> ours = lines(ok("coverage/show"));
        sameFormat("Event coverage, avg rate over last: %d seconds, last minute, last hour,  hash=%08x:",
                ovs.subList(0, 1), ours.subList(0, 1));
        sameFormat("%-24s %5.1f/sec %9.3f/sec %13.4f/sec   total: %llu", ovs.subList(1, ovs.size() - 1),
                ours.subList(1, ours.size() - 1));
        sameFormat("%zu events never hit", ovs.subList(ovs.size() - 1, ovs.size()),
                ours.subList(ours.size() - 1, ours.size()));
        assertTrue(ours.stream().anyMatch(l -> l.matches("mac_learning_learned +.*total: 3")),
                String.join("\n", ours));

        String memFormat = "%s:%u";
        List<String> ovsMem = List.of(lines(fixture("memory_show.txt")).get(0).split("(?<=:\\d{1,19}) "));
        List<String> ourMem = List.of(lines(ok("memory/show")).get(0).split("(?<=:\\d{1,19}) "));
        sameFormat(memFormat, ovsMem, ourMem);
        assertEquals(ourMem.stream().sorted().toList(), ourMem, "sorted by name, as OVS's simap_sort");
        assertTrue(ourMem.contains("udpif keys:3") && ourMem.contains("ports:4"), ourMem.toString());
    }

    @Test
    void vlogListAndSetMatchOvs() throws Exception {
        List<String> ovs = lines(fixture("vlog_list.txt"));
        List<String> ours = lines(ok("vlog/list"));
        assertEquals(ovs.subList(0, 2), ours.subList(0, 2));
        sameFormat("%-16s  %4s       %4s       %4s", ovs.subList(2, ovs.size()), ours.subList(2, ours.size()));
        assertTrue(ours.contains(vlogRow("dpif_netdev", "INFO", "INFO", "INFO")), String.join("\n", ours));

        assertEquals("", ok("vlog/set", "dpif_netdev:file:dbg", "console:warn"));
        assertTrue(lines(ok("vlog/list")).contains(vlogRow("dpif_netdev", "WARN", "INFO", "DBG")));
        assertEquals(Level.FINEST, Logger.getLogger("io.jvswitch.pmd").getLevel());
        assertEquals(Level.INFO, Logger.getLogger("io.jvswitch.control.bridge").getLevel());
        assertEquals("", ok("vlog/set", "ANY:off"));
        assertEquals(Level.OFF, Logger.getLogger("io.jvswitch.pmd").getLevel());
        assertEquals("", ok("vlog/set", "info"));
    }

    @Test
    void listCommandsShowsOvsUsageStrings() throws Exception {
        List<String> ovs = lines(fixture("list-commands.txt"));
        List<String> ours = lines(ok("list-commands"));
        assertEquals(ovs.get(0), ours.get(0));
        for (String l : ours.subList(1, ours.size())) {
            assertTrue(ovs.contains(l), "not as in OVS 3.1: '" + l + "'");
        }
        assertEquals(14, ours.size() - 1, String.join("\n", ours));
    }

    @Test
    void errorsComeBackAsOvsPrintsThem() throws Exception {
        String[][] cases = {{"err-nosuchcmd.txt", "nosuchcmd"}, {"err-fdb_show.txt", "fdb/show"},
            {"err-fdb_show_br0_x.txt", "fdb/show", "br0", "x"},
            {"err-fdb_show_nosuchbr.txt", "fdb/show", "nosuchbr"},
            {"err-fdb_flush_nosuchbr.txt", "fdb/flush", "nosuchbr"},
            {"err-vlog_set_nosuchmod.txt", "vlog/set", "nosuchmod"},
            {"err-vlog_set_console_bogus.txt", "vlog/set", "console:bogus"}};
        for (String[] c : cases) {
            JvswitchProcess.Result r = appctl(List.of(c).subList(1, c.length).toArray(String[]::new));
            String expected = fixture(c[0]).replace("TARGET", server.path().toString());
            assertEquals(expected, r.output() + "exit status " + r.exit() + "\n", c[0]);
        }
    }

    @Test
    void exitAcceptsAnyArgumentAsOvsDoes() throws Exception {
        assertEquals(fixture("exit_--bogus.txt"), ok("exit", "--bogus").isEmpty() ? "exit status 0\n" : "?");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (exited.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(Boolean.FALSE, exited.get());
        exited.set(null);
        ok("exit", "--cleanup");
        deadline = System.nanoTime() + 5_000_000_000L;
        while (exited.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(Boolean.TRUE, exited.get());
    }
}
