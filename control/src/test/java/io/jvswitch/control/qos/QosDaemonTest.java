package io.jvswitch.control.qos;

import io.jvswitch.control.cli.JvswitchProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jvswitch run} (a child process) answers {@code ovs-appctl qos/show} and {@code qos/show-types} for the
 * QoS of its config file: the commands are registered in the config-file daemon, as in the drop-in. In-memory
 * ports only (no privileges needed).
 */
class QosDaemonTest {
    @TempDir
    Path dir;

    private static JvswitchProcess.Result appctl(Path ctl, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ovs-appctl", "-t", ctl.toString()));
        cmd.addAll(List.of(args));
        return JvswitchProcess.exec(cmd.toArray(String[]::new));
    }

    @Test
    void theConfigFileDaemonShowsItsQos() throws Exception {
        Path cfg = dir.resolve("qos.json");
        Files.writeString(cfg, """
                { "bridges": [ { "name": "qbr", "ports": [
                    { "name": "qp1",
                      "qos": { "type": "egress-policer", "other_config": { "cir": "1000", "cbs": "100" } } },
                    { "name": "qp2", "ingress_policing_rate": 100 } ] } ] }
                """);
        Path ctl = dir.resolve("q.ctl");
        Process d = JvswitchProcess.start(dir.resolve("q.log"), List.of(), "run", "--config", cfg.toString(),
                "--ctl", ctl.toString(), "--idle=backoff");
        try {
            JvswitchProcess.awaitOutput(d, dir.resolve("q.log"), "jvswitch: running");
            JvswitchProcess.Result r = appctl(ctl, "qos/show", "qp1");
            assertEquals(0, r.exit(), r.output());
            assertEquals("QoS: qp1 egress-policer\ncbs: 100\ncir: 1000\n\nDefault:\n  tx_packets: 0\n"
                    + "  tx_bytes: 0\n  tx_errors: 0\n", r.output());
            r = appctl(ctl, "qos/show", "qp2");
            assertTrue(r.output().startsWith("QoS not configured on qp2\n\nIngress policing:\n"
                    + "  ingress_policing_rate: 100\n  ingress_policing_burst: 8000\n"), r.output());
            assertEquals("QoS type: egress-policer\nQoS type: trtcm-policer\n",
                    appctl(ctl, "qos/show-types", "qp1").output());
            r = appctl(ctl, "qos/show", "nosuch");
            assertEquals(2, r.exit());
            assertTrue(r.output().startsWith("no such interface\n"), r.output());
            assertEquals(0, appctl(ctl, "exit").exit());
            assertTrue(d.waitFor(20, TimeUnit.SECONDS), "exit stops the daemon");
        } finally {
            if (d.isAlive()) {
                d.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
