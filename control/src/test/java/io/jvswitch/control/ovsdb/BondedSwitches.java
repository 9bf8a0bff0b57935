package io.jvswitch.control.ovsdb;

import io.jvswitch.vport.netns.NetTopology;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two switches joined by a bond, for {@link BondInteropSystemTest}: switch namespaces {@code jvs-ba-<suffix>} (side
 * A) and {@code jvs-bb-<suffix>} (side B), each with its own {@link VswitchdSandbox} (its own {@code ovsdb-server},
 * database, run directory and vswitchd of the kind its side of the {@link BondInteropPair} names). Between them
 * {@code n} veth pairs whose ends are called {@code m1..mN} on both sides (the names live in the private switch
 * namespaces), the bond's members. Each switch has one access port {@code p0}, a veth to a host namespace: h1 behind
 * A ({@code <subnet>.1/24}), h2 behind B ({@code <subnet>.2/24}). IPv6 is off and so are the offloads a userspace
 * switch cannot honour (as in {@link SwitchedHosts}).
 *
 * <p>{@link #run} builds it, starts both vswitchds, runs the body and, when the body fails, prints both sides'
 * {@code bond/show} and {@code lacp/show} and every log of both sandboxes; then stops both stacks and deletes the
 * namespaces (and the veths with them), whatever happened.
 */
final class BondedSwitches implements AutoCloseable {
    static final String BR = VswitchdScenario.BR;
    static final String BOND = "bond0";
    static final String ACCESS = "p0";

    private final NetTopology topo = new NetTopology();
    private final String net;
    private final List<String> hosts = new ArrayList<>();
    private final List<Side> sides = new ArrayList<>();
    private final int members;

    /** One switch: its label ({@code A} or {@code B}), namespace and management stack. */
    record Side(String label, String netns, VswitchdSandbox sb) {
        VswitchdKind kind() {
            return sb.kind();
        }

        /** {@code ovs-appctl ARGS}, which must succeed; its stdout. */
        String appctl(String... args) throws IOException {
            VswitchdSandbox.Result r = sb.appctl(args);
            assertEquals(0, r.exit(), this + ": ovs-appctl " + String.join(" ", args) + ": " + r);
            return r.out();
        }

        BondShow.Bond bond() throws IOException {
            return BondShow.bond(appctl("bond/show", BOND));
        }

        BondShow.Lacp lacp() throws IOException {
            return BondShow.lacp(appctl("lacp/show", BOND));
        }

        /** Member link {@code m} down or up ({@code ip link set}) in this side's namespace. */
        void link(String m, boolean up) throws IOException {
            SwitchedHosts.in(netns, "ip", "link", "set", m, up ? "up" : "down");
        }

        /** The kernel's transmit packet count of member {@code m} (this side's end). */
        long txPackets(String m) throws IOException {
            return Long.parseLong(SwitchedHosts.in(netns, "cat", "/sys/class/net/" + m + "/statistics/tx_packets")
                    .trim());
        }

        @Override
        public String toString() {
            return "side " + label + " (" + kind() + ")";
        }
    }

    /** The test body. */
    interface Body {
        void run(BondedSwitches s) throws Exception;
    }

    /** {@code body} on a fresh pair of switches ({@code pair}) with {@code members} bond member links. */
    static void run(String what, BondInteropPair pair, int members, Body body) throws Exception {
        VswitchdSandbox.require(what);
        try (BondedSwitches s = new BondedSwitches(pair, members)) {
            try {
                for (Side side : s.sides) {
                    side.sb().startVswitchd();
                }
                body.run(s);
            } catch (Throwable t) {
                System.out.println("==== " + what + " failed: " + t + " ====");
                for (Side side : s.sides) {
                    System.out.println(s.state(side));
                    System.out.println("==== " + side + ": logs of " + side.sb().dir() + " ====\n" + side.sb().logs());
                }
                throw t;
            }
        }
    }

    private BondedSwitches(BondInteropPair pair, int members) throws IOException {
        this.members = members;
        try {
            String nsA = netns("ba");
            String nsB = netns("bb");
            net = topo.subnet();
            for (int i = 1; i <= members; i++) {
                String m = member(i);
                NetTopology.run("ip", "link", "add", m, "netns", nsA, "type", "veth", "peer", "name", m, "netns", nsB);
                up(nsA, m);
                up(nsB, m);
            }
            for (String ns : List.of(nsA, nsB)) {
                int i = hosts.size() + 1;
                String h = netns("h" + i);
                hosts.add(h);
                NetTopology.run("ip", "link", "add", ACCESS, "netns", ns, "type", "veth", "peer", "name", "eth0",
                        "netns", h);
                up(ns, ACCESS);
                SwitchedHosts.in(h, "ip", "addr", "add", ip(i) + "/24", "dev", "eth0");
                up(h, "eth0");
            }
            sides.add(new Side("A", nsA, new VswitchdSandbox(pair.a(), nsA)));
            sides.add(new Side("B", nsB, new VswitchdSandbox(pair.b(), nsB)));
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private String netns(String prefix) throws IOException {
        String ns = topo.netns(prefix);
        SwitchedHosts.noIpv6(ns);
        return ns;
    }

    private static void up(String ns, String dev) throws IOException {
        SwitchedHosts.in(ns, SwitchedHosts.offloadsOff(dev));
        SwitchedHosts.in(ns, "ip", "link", "set", dev, "up");
    }

    /** Member {@code i}'s interface name on both sides: {@code m<i>}. */
    static String member(int i) {
        return "m" + i;
    }

    /** Every member's name, {@code m1..mN}. */
    List<String> members() {
        List<String> l = new ArrayList<>();
        for (int i = 1; i <= members; i++) {
            l.add(member(i));
        }
        return l;
    }

    Side a() {
        return sides.get(0);
    }

    Side b() {
        return sides.get(1);
    }

    List<Side> sides() {
        return sides;
    }

    /** Host {@code i}'s address ({@code 1}: h1 behind A, {@code 2}: h2 behind B). */
    String ip(int i) {
        return net + "." + i;
    }

    /**
     * On both sides: a {@code netdev} bridge with the access port, then
     * {@code ovs-vsctl add-bond br0 bond0 m1..mN BOND_SETTINGS} (each must succeed silently, waiting for the vswitchd).
     */
    void configure(String... bondSettings) throws IOException {
        for (Side s : sides) {
            VswitchdScenario.ok(s.sb(), "add-br", BR, "--", "set", "bridge", BR, "datapath_type=netdev");
            VswitchdScenario.ok(s.sb(), "add-port", BR, ACCESS);
            List<String> cmd = new ArrayList<>(List.of("add-bond", BR, BOND));
            cmd.addAll(members());
            cmd.addAll(List.of(bondSettings));
            VswitchdScenario.ok(s.sb(), cmd.toArray(String[]::new));
        }
    }

    /** Counts of one ping run. */
    record Pings(int transmitted, int received) {
        int lost() {
            return transmitted - received;
        }
    }

    /** Starts {@code ping -c COUNT -i INTERVAL -W 1} from host {@code from} to the other host. */
    Process startPing(int from, int count, String interval) throws IOException {
        return new ProcessBuilder("ip", "netns", "exec", hosts.get(from - 1), "ping", "-n", "-q", "-c",
                Integer.toString(count), "-i", interval, "-W", "1", ip(3 - from)).redirectErrorStream(true).start();
    }

    /** Waits for a ping started by {@link #startPing} and reads its counts. */
    static Pings counts(Process ping) throws IOException {
        String out = new String(ping.getInputStream().readAllBytes());
        SwitchedHosts.await(ping);
        Matcher m = SwitchedHosts.PING_COUNTS.matcher(out);
        if (!m.find()) {
            throw new IOException("no ping statistics in: " + out);
        }
        return new Pings(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** {@code ping -c COUNT -i INTERVAL} from host {@code from} to the other, counted. */
    Pings ping(int from, int count, String interval) throws IOException {
        return counts(startPing(from, count, interval));
    }

    /**
     * Polls {@code probe} on {@code side} every 100 ms until {@code done} holds (returns the elapsed milliseconds)
     * or {@code seconds} pass (fails with {@code what} and the last value).
     */
    static <T> long await(Side side, int seconds, String what, Probe<T> probe, Predicate<T> done) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        T last;
        while (true) {
            last = probe.get(side);
            if (done.test(last)) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                fail(side + ": not " + what + " within " + seconds + " s; last: " + last);
            }
            Thread.sleep(100);
        }
    }

    /** What {@link #await} polls. */
    interface Probe<T> {
        T get(Side side) throws Exception;
    }

    /** Both sides' {@code bond/show} and {@code lacp/show} now, for a failure report (never throws). */
    String state(Side side) {
        StringBuilder sb = new StringBuilder("==== " + side + ": state ====\n");
        for (String cmd : List.of("bond/show", "lacp/show")) {
            try {
                sb.append("$ ovs-appctl ").append(cmd).append(' ').append(BOND).append('\n')
                        .append(side.sb().appctl(cmd, BOND).all());
            } catch (Throwable t) {
                sb.append("(").append(t).append(")\n");
            }
        }
        return sb.toString();
    }

    /** Stops both management stacks, then deletes the namespaces (and every veth with them). */
    @Override
    public void close() {
        try {
            for (Side s : sides) {
                try {
                    s.sb().close();
                } catch (RuntimeException | Error e) {
                    System.out.println("BondedSwitches: closing " + s + ": " + e);
                }
            }
        } finally {
            topo.close();
        }
    }
}
