package io.jvswitch.control.demo;

import io.jvswitch.control.daemon.PortRates;
import io.jvswitch.control.daemon.PortView;
import io.jvswitch.control.daemon.RuntimeSwitchView;
import io.jvswitch.control.daemon.StatusText;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.runtime.SwitchRuntime;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sudo ./jvswitch demo}: real traffic through the switch between two network namespaces.
 * <pre>
 *   netns jvs-demo-a-XXXXX               jvswitch (this process)               netns jvs-demo-b-XXXXX
 *   eth0 10.77.0.1/24 ==veth== jvdemoaXXXXX [port 1]  bridge demo  [port 2] jvdemobXXXXX ==veth== eth0 10.77.0.2/24
 * </pre>
 * Ports are {@code afxdp} by default; when that type cannot be opened (this build, kernel or driver), the demo
 * says why and uses {@code afpacket}. It pings across, then runs a throughput burst (iperf3 TCP when installed,
 * else a ping flood) while printing per-port rates every second, prints a summary, and removes everything it
 * created ({@link Sandbox}: also on Ctrl-C and on errors). Needs root; {@link #privileged()} says whether it may
 * run.
 */
public final class NetnsDemo {
    private static final String NET = "10.77.0";
    private static final Pattern IPERF_RECEIVER = Pattern.compile("([0-9.]+) ([KMG]?)bits/sec.*receiver");
    private static final Pattern PING_SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    private final PrintStream out;
    private final String portType;
    private final int seconds;

    private final PrintStream console;
    private volatile boolean stopping;

    private NetnsDemo(PrintStream console, String portType, int seconds) {
        this.console = console;
        // What the demo prints goes silent once a signal is cleaning up (the hook says what happens then).
        this.out = new PrintStream(new FilterOutputStream(console) {
            @Override
            public void write(int b) throws IOException {
                if (!stopping) {
                    super.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (!stopping) {
                    out.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
        this.portType = portType;
        this.seconds = seconds;
    }

    /**
     * True when this process may create namespaces and veths and open AF_PACKET/AF_XDP sockets: effective
     * CAP_NET_ADMIN, CAP_NET_RAW and CAP_SYS_ADMIN ({@code ip netns} mounts), as root has them.
     */
    public static boolean privileged() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    long need = (1L << 12) | (1L << 13) | (1L << 21);
                    return (caps & need) == need;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    /** Runs the demo; returns the exit status (0: ping and the burst crossed the switch). */
    public static int run(PrintStream out, String portType, int seconds) {
        return new NetnsDemo(out, portType, seconds).run();
    }

    private int run() {
        String sfx = Integer.toHexString(0x10000 + ThreadLocalRandom.current().nextInt(0xf0000));
        String nsA = "jvs-demo-a-" + sfx;
        String nsB = "jvs-demo-b-" + sfx;
        String vA = "jvdemoa" + sfx;
        String vB = "jvdemob" + sfx;
        Sandbox box = new Sandbox();
        SwitchRuntime[] rt = new SwitchRuntime[1];
        Thread hook = new Thread(() -> {
            stopping = true;
            console.println();
            console.println("jvswitch demo: stopping on a signal; removing what it created");
            cleanUp(box, rt);
            console.println("jvswitch demo: removed " + String.join(", ", box.removed()));
            console.flush();
        }, "jvswitch-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("jvswitch demo: two network namespaces joined by veth pairs to a jvswitch bridge");
            out.println("  " + nsA + ": eth0 " + NET + ".1/24 <-veth-> " + vA + " [switch]");
            out.println("  " + nsB + ": eth0 " + NET + ".2/24 <-veth-> " + vB + " [switch]");
            box.netns(nsA);
            box.netns(nsB);
            box.veth(vA, nsA, NET + ".1/24");
            box.veth(vB, nsB, NET + ".2/24");

            rt[0] = new SwitchRuntime();
            String type = openPorts(rt[0], vA, vB);
            if (type == null) {
                return 1;
            }
            rt[0].start(new BackoffIdleStrategy());
            if (!rt[0].awaitPmd(5, TimeUnit.SECONDS)) {
                out.println("jvswitch demo: the PMD did not start");
                return 1;
            }
            RuntimeSwitchView view = new RuntimeSwitchView(rt[0]);
            out.println();
            out.print(StatusText.ports(view.ports()));

            out.println();
            out.println("ping " + nsA + " -> " + NET + ".2 across the switch:");
            boolean pinged = ping(box, nsA);
            if (!pinged) {
                out.println("jvswitch demo: FAILED: ping did not cross the switch");
                return 1;
            }
            out.println();
            String result = burst(box, nsA, nsB, view);
            out.println();
            out.println("summary:");
            out.println("  ports (" + type + "):");
            for (String l : StatusText.ports(view.ports()).split("\n")) {
                out.println("    " + l);
            }
            var pmd = view.pmds().get(0).counters();
            out.printf(Locale.ROOT, "  pmd 0: %d packets received, %d EMC hits, %d megaflow hits, %d upcalls, "
                    + "%d dropped%n", pmd.getOrDefault("rx_packets", 0L), pmd.getOrDefault("emc_hits", 0L),
                    pmd.getOrDefault("megaflow_hits", 0L), pmd.getOrDefault("upcalls", 0L),
                    rt[0].pmdStats().totalDrops());
            out.println("  " + result);
            return 0;
        } catch (IOException e) {
            out.println("jvswitch demo: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("jvswitch demo: interrupted");
            return 1;
        } catch (RuntimeException e) {
            if (stopping) {
                return 1;
            }
            throw e;
        } finally {
            cleanUp(box, rt);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running or ran
            }
            out.println("jvswitch demo: removed what it created: " + String.join(", ", box.removed()));
            out.flush();
        }
    }

    private static void cleanUp(Sandbox box, SwitchRuntime[] rt) {
        synchronized (box) {
            if (rt[0] != null) {
                rt[0].close();
                rt[0] = null;
            }
        }
        box.close();
    }

    /** Opens both ports with the requested type, falling back from afxdp to afpacket; returns the type used. */
    private String openPorts(SwitchRuntime rt, String vA, String vB) {
        String type = portType;
        rt.reconfigure(config(type, vA, vB));
        Map<String, String> errors = rt.interfaceErrors();
        if (!errors.isEmpty() && "afxdp".equals(type)) {
            out.println("jvswitch demo: afxdp ports could not be opened, falling back to afpacket:");
            errors.values().forEach(e -> out.println("  " + e));
            type = "afpacket";
            rt.reconfigure(config(type, vA, vB));
            errors = rt.interfaceErrors();
        }
        if (!errors.isEmpty()) {
            out.println("jvswitch demo: ports could not be opened:");
            errors.values().forEach(e -> out.println("  " + e));
            return null;
        }
        out.println("switch: bridge demo, ports " + vA + " and " + vB + " of type " + type);
        return type;
    }

    private static SwitchConfig config(String type, String vA, String vB) {
        return new SwitchConfig(List.of(BridgeConfig.of("demo", List.of(PortConfig.of(vA, type),
                PortConfig.of(vB, type)))));
    }

    private boolean ping(Sandbox box, String nsA) throws IOException, InterruptedException {
        Process p = box.start(List.of("ip", "netns", "exec", nsA, "ping", "-n", "-c", "3", "-i", "0.3", "-W", "2",
                NET + ".2"));
        String summary = "ping: no summary";
        try (BufferedReader r = reader(p)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.println("  | " + line);
                Matcher m = PING_SUMMARY.matcher(line);
                if (m.find()) {
                    summary = "ping: " + m.group(2) + "/" + m.group(1) + " replies";
                }
            }
        }
        out.println(summary);
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** The throughput burst with live rates; returns the result line. */
    private String burst(Sandbox box, String nsA, String nsB, RuntimeSwitchView view)
            throws IOException, InterruptedException {
        boolean iperf = onPath("iperf3");
        Process server = null;
        Process client;
        if (iperf) {
            out.println("throughput: iperf3 TCP " + nsA + " -> " + nsB + " for " + seconds + " s "
                    + "(per-port rates every second):");
            server = box.start(List.of("ip", "netns", "exec", nsB, "iperf3", "-s", "-1", "-B", NET + ".2"));
            Thread.sleep(500);
            client = box.start(List.of("ip", "netns", "exec", nsA, "iperf3", "-c", NET + ".2", "-t",
                    Integer.toString(seconds), "-f", "m", "--connect-timeout", "3000"));
        } else {
            out.println("throughput: iperf3 not installed; ping flood " + nsA + " -> " + nsB + " for " + seconds
                    + " s (per-port rates every second):");
            client = box.start(List.of("ip", "netns", "exec", nsA, "ping", "-n", "-q", "-f", "-w",
                    Integer.toString(seconds), NET + ".2"));
        }
        List<String> clientOut = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = reader(client)) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (clientOut) {
                        clientOut.add(line);
                    }
                }
            } catch (IOException e) {
                // the process was killed; what was read is kept
            }
        });
        out.println("time " + PortRates.HEADER);
        Map<String, StatusText.PortCounters> before = StatusText.counters(view.ports());
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(seconds + 15L);
        int tick = 0;
        while (client.isAlive() && System.nanoTime() < deadline) {
            client.waitFor(1, TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            Map<String, StatusText.PortCounters> now = StatusText.counters(view.ports());
            tick++;
            for (String l : PortRates.lines(before, now, (t1 - t0) / 1e9).split("\n")) {
                out.println(String.format(Locale.ROOT, "%3ds ", tick) + l);
            }
            out.flush();
            before = now;
            t0 = t1;
        }
        if (client.isAlive()) {
            client.destroyForcibly();
        }
        reader.join(5000);
        if (server != null) {
            server.waitFor(5, TimeUnit.SECONDS);
        }
        List<String> lines;
        synchronized (clientOut) {
            lines = List.copyOf(clientOut);
        }
        for (String l : lines) {
            Matcher m = IPERF_RECEIVER.matcher(l);
            if (m.find()) {
                return "iperf3 TCP: " + m.group(1) + " " + m.group(2) + "bit/s received across the switch";
            }
            Matcher pm = PING_SUMMARY.matcher(l);
            if (pm.find()) {
                return "ping flood: " + pm.group(2) + " of " + pm.group(1) + " echo requests answered";
            }
        }
        StringBuilder sb = new StringBuilder("throughput burst: no result from the client:");
        lines.forEach(l -> sb.append("\n    ").append(l));
        long total = view.ports().stream().mapToLong(PortView::rxPackets).sum();
        return sb.append("\n  packets received by the switch: ").append(total).toString();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        for (String d : (path != null ? path : "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/bin", tool));
    }
}
