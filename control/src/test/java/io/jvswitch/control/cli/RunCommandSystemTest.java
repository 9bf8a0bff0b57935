package io.jvswitch.control.cli;

import io.jvswitch.vport.netns.NetTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code jvswitch run} as a child process: ping crosses two {@code system} ports between namespaces, a
 * {@code tap} port exists while it runs, and SIGTERM stops it with status 0 and the TAP gone. Privileged.
 */
class RunCommandSystemTest {
    @TempDir
    Path dir;
    private NetTopology topo;
    private Process daemon;

    @BeforeEach
    void setUp() {
        NetTopology.requireRootAndPing("RunCommandSystemTest");
        topo = new NetTopology();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (daemon != null && daemon.isAlive()) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (topo != null) {
                topo.close();
            }
        }
    }

    @Test
    void runForwardsBetweenNamespacesAndStopsCleanlyOnSigterm() throws Exception {
        String ns1 = topo.netns("c");
        String ns2 = topo.netns("d");
        String jvA = topo.name("jvC");
        String jvB = topo.name("jvD");
        String tap = topo.name("jvT");
        String net = topo.subnet();
        topo.vethIntoNetns(jvA, "eth0", ns1, net + ".1/24");
        topo.vethIntoNetns(jvB, "eth0", ns2, net + ".2/24");
        Path cfg = dir.resolve("switch.json");
        Files.writeString(cfg, """
                { "bridges": [ { "name": "%s", "ports": [
                    { "name": "%s", "type": "system", "tag": 10 },
                    { "name": "%s", "type": "system", "tag": 10 },
                    { "name": "%s", "type": "tap", "tag": 10 } ] } ] }
                """.formatted(topo.name("jbr"), jvA, jvB, tap));
        Path log = dir.resolve("run.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        daemon = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", cfg.toString(),
                "--idle=backoff"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("jvswitch: running")) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                fail("jvswitch run did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        assertFalse(Files.readString(log).contains("not opened:"), Files.readString(log));
        assertTrue(NetTopology.linkExists(tap), "TAP " + tap + " exists while running");
        assertTrue(NetTopology.ping(ns1, net + ".2", 3), "ping across jvswitch run: " + Files.readString(log));

        daemon.destroy();
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "jvswitch run stops on SIGTERM");
        assertEquals(0, daemon.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("jvswitch: stopped"), Files.readString(log));
        assertFalse(NetTopology.linkExists(tap), "TAP " + tap + " removed on stop");
        assertFalse(NetTopology.ping(ns1, net + ".2", 1), "no forwarding after stop");
    }
}
