package io.jvswitch.vport.afxdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.vport.netns.NetTopology;
import java.io.BufferedReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A process that holds an AF_XDP port and is killed with SIGKILL leaves no XDP program on the interface (the
 * program hangs on a BPF link, which the kernel releases with the process's file descriptors), and the interface
 * can be opened again at once (root needed).
 */
class AfXdpSigkillTest {
    private final NetTopology topo = new NetTopology();
    private Process child;

    @AfterEach
    void cleanUp() {
        try {
            if (child != null) {
                child.destroyForcibly();
            }
        } finally {
            topo.close();
        }
    }

    @Test
    void sigkillLeavesNoXdpProgramBehind() throws Exception {
        NetTopology.requireRoot("AF_XDP SIGKILL");
        String a = topo.name("jxka");
        String b = topo.name("jxkb");
        topo.vethPair(a, b, 1500);
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home")
                + "/bin/java");
        child = NetTopology.start(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), AfXdpHoldMain.class.getName(), a));
        BufferedReader out = NetTopology.lines(child);
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null && !line.startsWith("READY")) {
            seen.append(line).append('\n');
        }
        assertEquals("READY native", line, "child output:\n" + seen);
        assertTrue(XdpFrames.hasXdpProgram(a), XdpFrames.linkDetails(a));

        child.destroyForcibly(); // SIGKILL on Linux
        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "child exited");
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (XdpFrames.hasXdpProgram(a) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(XdpFrames.hasXdpProgram(a), "XDP program left after SIGKILL:\n" + XdpFrames.linkDetails(a));

        try (AfXdpPort again = AfXdpPort.open(1, a)) {
            assertEquals("native", again.mode(), "the interface can be taken again");
        }
        assertFalse(XdpFrames.hasXdpProgram(a));
    }
}
