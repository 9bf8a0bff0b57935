package io.jvswitch.control.demo;

import io.jvswitch.control.cli.JvswitchProcess;
import io.jvswitch.vport.netns.NetTopology;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jvswitch demo} as the README's main job runs it, in a child process: as root, ping crosses the switch
 * between the two namespaces, the burst shows nonzero per-port rates, and no namespace or veth it made is left;
 * without capabilities it says it needs root and runs the in-memory demo. Privileged.
 */
class NetnsDemoSystemTest {
    private static final Pattern RATE = Pattern.compile("^\\s*\\d+s\\s+\\d+ (\\S+)\\s+(\\d+)\\s+([0-9.]+)\\s+(\\d+)",
            Pattern.MULTILINE);

    @Test
    void pingAndBurstCrossTheSwitchAndEverythingIsRemoved() throws Exception {
        NetTopology.requireRootAndPing("NetnsDemoSystemTest");
        JvswitchProcess.Result r = JvswitchProcess.run(180, List.of(), "demo", "--duration", "1");
        String out = r.output();
        assertEquals(0, r.exit(), out);
        assertTrue(out.contains("ping: 3/3 replies"), out);
        Matcher m = RATE.matcher(out);
        long maxRx = 0;
        while (m.find()) {
            maxRx = Math.max(maxRx, Long.parseLong(m.group(2)));
        }
        assertTrue(maxRx > 0, "a nonzero per-port rate during the burst:\n" + out);
        assertTrue(out.contains("iperf3 TCP: ") || out.contains("ping flood: "), out);

        Set<String> made = new LinkedHashSet<>();
        Matcher names = Pattern.compile("jvs-demo-[ab]-[0-9a-f]{5}|jvdemo[ab][0-9a-f]{5}").matcher(out);
        while (names.find()) {
            made.add(names.group());
        }
        assertEquals(4, made.size(), "two namespaces and two veths named in the output: " + made);
        assertTrue(out.contains("jvswitch demo: removed what it created: "), out);
        String netns = NetTopology.run("ip", "netns", "list");
        for (String n : made) {
            assertFalse(netns.contains(n), n + " left behind");
            assertFalse(Files.exists(Path.of("/sys/class/net", n)), n + " left behind");
        }
    }

    @Test
    void withoutRootItExplainsAndRunsTheInMemoryDemo() throws Exception {
        NetTopology.requireRoot("NetnsDemoSystemTest (setpriv drops root's capabilities)");
        JvswitchProcess.Result r = JvswitchProcess.run(120,
                List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"), "demo");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("the network-namespace demo needs root"), r.output());
        assertTrue(r.output().contains("Running the in-memory demo instead"), r.output());
        assertTrue(r.output().contains("replayed into port 1 of an in-memory datapath"), r.output());
        assertFalse(r.output().contains("jvs-demo-"), r.output());
    }
}
