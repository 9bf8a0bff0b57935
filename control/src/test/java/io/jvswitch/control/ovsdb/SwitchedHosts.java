package io.jvswitch.control.ovsdb;

import io.jvswitch.vport.netns.NetTopology;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts of the drop-in system tests: a switch namespace {@code jvs-sw-<suffix>} (where the vswitchd runs) and
 * hosts {@code h1..hN}, each its own namespace with {@code eth0} at {@code <subnet>.<i>/24}, joined to the switch
 * namespace by a veth pair whose switch end is {@code p<i>}. The port names are the same in every topology (they
 * live in the private switch namespace), so the same {@code ovs-vsctl} script works on each. IPv6 is off and so
 * are the offloads a userspace switch cannot honour (checksum, segmentation, GRO; see {@code RealTrafficFixture}).
 *
 * <p>{@link #matrix()} is what crosses: which host pairs can ping each other, probed in parallel. A pair counts
 * as reachable when two echo replies come back within 2 s (pings every 0.2 s): a frame slipping through a datapath
 * flow that is about to be revalidated cannot make a pair look reachable, and an unreachable pair costs 2 s.
 * {@link #close()} deletes the namespaces, and the veths with them.
 */
final class SwitchedHosts implements AutoCloseable {
    private static final List<String> OFFLOADS_OFF = List.of("tx", "off", "sg", "off", "tso", "off", "gso", "off",
            "gro", "off");
    static final Pattern PING_COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    private final NetTopology topo = new NetTopology();
    private final String sw;
    private final String net;
    private final List<String> hosts = new ArrayList<>();

    /** Ping counts of one {@code ping -c N} run. */
    record Pings(int transmitted, int received) {
    }

    SwitchedHosts(int n) throws IOException {
        try {
            sw = topo.netns("sw");
            noIpv6(sw);
            net = topo.subnet();
            for (int i = 1; i <= n; i++) {
                String h = topo.netns("h" + i);
                noIpv6(h);
                hosts.add(h);
                NetTopology.run("ip", "link", "add", port(i), "netns", sw, "type", "veth", "peer", "name", "eth0",
                        "netns", h);
                in(sw, "ip", "link", "set", port(i), "up");
                in(sw, offloadsOff(port(i)));
                in(h, "ip", "addr", "add", ip(i) + "/24", "dev", "eth0");
                in(h, "ip", "link", "set", "eth0", "up");
                in(h, offloadsOff("eth0"));
            }
        } catch (IOException | RuntimeException e) {
            topo.close();
            throw e;
        }
    }

    /** {@code ethtool -K DEV} turning off the offloads a userspace switch cannot honour. */
    static String[] offloadsOff(String dev) {
        List<String> c = new ArrayList<>(List.of("ethtool", "-K", dev));
        c.addAll(OFFLOADS_OFF);
        return c.toArray(String[]::new);
    }

    /** Turns IPv6 off in namespace {@code ns} (so the only frames are the test's own). */
    static void noIpv6(String ns) throws IOException {
        in(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
    }

    /** Runs {@code cmd} in namespace {@code ns} (must succeed); its output. */
    static String in(String ns, String... cmd) throws IOException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return NetTopology.run(c.toArray(String[]::new));
    }

    /** The switch namespace. */
    String switchNetns() {
        return sw;
    }

    /** Host {@code i}'s namespace. */
    String host(int i) {
        return hosts.get(i - 1);
    }

    /** The switch end of host {@code i}'s veth, in the switch namespace: {@code p<i>}. */
    static String port(int i) {
        return "p" + i;
    }

    String ip(int i) {
        return net + "." + i;
    }

    /** Host {@code i}'s MAC address, {@code xx:xx:xx:xx:xx:xx}. */
    String mac(int i) throws IOException {
        return in(hosts.get(i - 1), "cat", "/sys/class/net/eth0/address").trim();
    }

    /** The ifindex of host {@code i}'s {@code eth0} (the peer of switch port {@code p<i>}), in its namespace. */
    String hostIfindex(int i) throws IOException {
        return in(hosts.get(i - 1), "cat", "/sys/class/net/eth0/ifindex").trim();
    }

    int size() {
        return hosts.size();
    }

    /** Host {@code from} pings host {@code to}: {@code ping -c count -i 0.2 -W 1}, counted. */
    Pings pings(int from, int to, int count) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", hosts.get(from - 1), "ping", "-n", "-q", "-c",
                Integer.toString(count), "-i", "0.2", "-W", "1", ip(to)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        await(p);
        Matcher m = PING_COUNTS.matcher(out);
        if (!m.find()) {
            throw new IOException("no ping statistics in: " + out);
        }
        return new Pings(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * Which host pairs reach each other now, e.g. {@code "h1-h2 yes, h1-h3 no, h2-h3 no"} (pairs in order; the
     * lower-numbered host pings the other, which needs both directions).
     */
    String matrix() throws IOException {
        List<String> pairs = new ArrayList<>();
        List<Process> probes = new ArrayList<>();
        for (int a = 1; a <= hosts.size(); a++) {
            for (int b = a + 1; b <= hosts.size(); b++) {
                pairs.add("h" + a + "-h" + b);
                probes.add(new ProcessBuilder("ip", "netns", "exec", hosts.get(a - 1), "ping", "-n", "-q", "-c",
                        "2", "-i", "0.2", "-w", "2", ip(b)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < pairs.size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(pairs.get(k)).append(await(probes.get(k)) == 0 ? " yes" : " no");
        }
        return sb.toString();
    }

    /** Waits (30 s at most) for a ping process; its exit status. */
    static int await(Process p) throws IOException {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ping did not finish");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Deletes the namespaces (the veths go with them). */
    @Override
    public void close() {
        topo.close();
    }
}
