package io.jvswitch.control.qos;

import io.jvswitch.control.appctl.OvsAppctlTool;
import io.jvswitch.control.cli.JvswitchProcess;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.model.SwitchConfig;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code qos/show} and {@code qos/show-types} through the real {@code ovs-appctl} of Open vSwitch 3.1, on a switch
 * in invoker mode with a frozen clock (so the buckets never refill and the counts are exact): {@code p3} polices
 * what it receives (8 kbps, burst 1 kb = 125 bytes: two 46-byte IP packets of three pass), the two that pass are
 * flooded to {@code p1} (egress-policer, cbs 50: one leaves, one is dropped) and {@code p2} (trtcm-policer, both
 * leave by queue 0). Error texts, exit statuses and what OVS prints for a patch port are compared byte for byte
 * with OVS 3.1's (src/test/resources/ovs-3.1-appctl/qos-*.txt, capture-qos.sh).
 */
class QosAppctlTest {

    @TempDir
    Path dir;
    private final CachedNanoClock clock = new CachedNanoClock();
    private SwitchRuntime rt;
    private UnixctlServer server;

    @BeforeEach
    void setUp() throws Exception {
        clock.update(1_000_000_000L);
        rt = new SwitchRuntime(clock, PmdConfig.defaults(), 2048);
        PortConfig p1 = PortConfig.of("p1", "dummy").withQos(new QosConfig("egress-policer",
                Map.of("cir", "1", "cbs", "50"), Map.of()));
        PortConfig p2 = PortConfig.of("p2", "dummy").withQos(new QosConfig("trtcm-policer",
                Map.of("cir", "1000000", "cbs", "10000", "eir", "0", "ebs", "0"),
                Map.of(0L, Map.of(), 5L, Map.of("cir", "500", "cbs", "100", "eir", "0", "ebs", "0"))));
        PortConfig p3 = new PortConfig("p3", null, null, null, List.of(InterfaceConfig.of("p3", "dummy")
                .withPolicing(new IngressPolicing(8, 1, 0, 0))));
        PortConfig pp0 = new PortConfig("pp0", null, null, null,
                List.of(InterfaceConfig.of("pp0", "patch").withOptions(Map.of("peer", "pp1"))));
        PortConfig pp1 = new PortConfig("pp1", null, null, null,
                List.of(InterfaceConfig.of("pp1", "patch").withOptions(Map.of("peer", "pp0"))));
        rt.reconfigure(new SwitchConfig(List.of(
                BridgeConfig.of("br0", List.of(p1, p2, p3, PortConfig.of("p4", "dummy"), pp0)),
                BridgeConfig.of("br1", List.of(pp1)))));
        assertEquals(Map.of(), rt.qosErrors());
        server = UnixctlServer.start(dir.resolve("ovs-vswitchd.1.ctl"), "unused");
        QosAppctl.register(server, rt);
        DummyPort in = (DummyPort) rt.port("p3");
        for (int i = 1; i <= 3; i++) {
            assertTrue(in.inject(Frames.udp(0xffffffffffffL, 0x505400000003L, -1, 0x0a000003, 0x0a000009, i, 2)));
        }
        for (int i = 0; i < 5; i++) {
            rt.runOnce();                       // the clock does not move: no refill
        }
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (rt != null) {
            rt.close();
        }
    }



    /** ovs-appctl's output (stdout and stderr) and {@code exit status N}, as the fixtures have it. */
    private String appctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(OvsAppctlTool.path(), "-t", server.path().toString()));
        cmd.addAll(List.of(args));
        JvswitchProcess.Result r = JvswitchProcess.exec(cmd.toArray(String[]::new));
        return r.output().replace(server.path().toString(), "TARGET") + "exit status " + r.exit() + "\n";
    }

    @Test
    void anEgressPolicerShowsOvssLinesAndItsDefaultQueueCounters() throws Exception {
        assertEquals("QoS: p1 egress-policer\ncbs: 50\ncir: 1\n"
                + "\nDefault:\n  tx_packets: 1\n  tx_bytes: 46\n  tx_errors: 1\n"
                + "exit status 0\n", appctl("qos/show", "p1"));
    }

    @Test
    void aTrtcmPolicerShowsEveryQueueWithItsSettingsAndCounters() throws Exception {
        String port = "cbs: 10000\ncir: 1000000\nebs: 0\neir: 0\n";
        assertEquals("QoS: p2 trtcm-policer\n" + port
                + "\nDefault:\n" + port.replaceAll("(?m)^(?=.)", "  ") + "  tx_packets: 2\n  tx_bytes: 92\n"
                + "  tx_errors: 0\n"
                + "\nQueue 5:\n  cbs: 100\n  cir: 500\n  ebs: 0\n  eir: 0\n  tx_packets: 0\n  tx_bytes: 0\n"
                + "  tx_errors: 0\n"
                + "exit status 0\n", appctl("qos/show", "p2"));
    }

    @Test
    void ingressPolicingIsShownAfterOvssLines() throws Exception {
        assertEquals("QoS not configured on p3\n\nIngress policing:\n  ingress_policing_rate: 8\n"
                + "  ingress_policing_burst: 1\n  ingress_policing_kpkts_rate: 0\n"
                + "  ingress_policing_kpkts_burst: 16\n  rx_passed: 2\n  rx_dropped_rate: 1\n"
                + "  rx_dropped_kpkts_rate: 0\n"
                + "exit status 0\n", appctl("qos/show", "p3"));
    }

    @Test
    void withoutQosTheTextIsOvss() throws Exception {
        assertEquals(OvsAppctlTool.fixture("qos-qos_show_p1.txt").replace("p1", "p4"), appctl("qos/show", "p4"));
        assertEquals(OvsAppctlTool.fixture("qos-qos_show_pp0.txt"), appctl("qos/show", "pp0"));
    }

    @Test
    void showTypesListsOurTypesAndNoneForAPatchPort() throws Exception {
        assertEquals("QoS type: egress-policer\nQoS type: trtcm-policer\nexit status 0\n",
                appctl("qos/show-types", "p4"));
        assertEquals(OvsAppctlTool.fixture("qos-qos_show-types_pp0.txt"), appctl("qos/show-types", "pp0"));
    }

    @Test
    void errorsAreOvss() throws Exception {
        assertEquals(OvsAppctlTool.fixture("qos-qos_show_nosuch.txt"), appctl("qos/show", "nosuch"));
        assertEquals(OvsAppctlTool.fixture("qos-qos_show-types_nosuch.txt"), appctl("qos/show-types", "nosuch"));
        assertEquals(OvsAppctlTool.fixture("qos-qos_show.txt"), appctl("qos/show"));
        assertEquals(OvsAppctlTool.fixture("qos-qos_show_p1_p2.txt"), appctl("qos/show", "p1", "p2"));
    }
}
