package io.jvswitch.control.runtime;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;
import io.jvswitch.vport.afpacket.AfPacketPort;
import io.jvswitch.vport.netns.NetTopology;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Namespaces joined to one in-process switch by ports of one type, for the real-traffic tests (issue 4's
 * acceptance: ping, iperf3, VLANs, for every port type).
 *
 * <h2>What</h2> {@link #PORT_TYPES} lists the port types the tests run over; a type added to the datapath
 * (e.g. {@code "afxdp"}) joins every test by being added there. A test declares its namespaces with
 * {@link #member} (each gets one port on bridge {@code jbr<suffix>}, with the given VLAN settings), then
 * {@link #start()} opens the ports, starts the PMD (back-off idle strategy, so the 2-core CI is not starved) and
 * leaves each namespace with one interface, up, offloads off, IPv6 off; {@link #addr} gives it addresses.
 * {@link #close()} stops the switch (closing its ports removes TAP and internal devices) and then removes every
 * namespace and veth made here, whatever happened before.
 *
 * <h2>How a namespace is joined</h2>
 * <ul>
 *   <li>{@link #TAP_TYPES} ({@code tap}, {@code internal}): the switch creates the TAP device in the root
 *       namespace; it is then moved into the member's namespace ({@code ip link set DEV netns NS}), and the
 *       switch's fd keeps working there. The namespace-side interface is the TAP itself.</li>
 *   <li>every other type (interface types that attach to an existing device: {@code afpacket}, later
 *       {@code afxdp}): a veth pair, the root end is the switch's port, the other end ({@code eth0}) lives in the
 *       namespace.</li>
 * </ul>
 *
 * <h2>Offloads</h2> A userspace switch sees frames, not socket buffers: a frame handed over with a partial
 * checksum ({@code CHECKSUM_PARTIAL}, from tx checksum offload) would leave the switch with a wrong checksum, and a
 * TSO/GSO super-frame (up to 64 KiB) or a GRO-merged one exceeds every MTU and is dropped as oversize. So tx
 * checksumming, scatter-gather, TSO, GSO and GRO are turned off on the namespace-side interfaces (and on the
 * veth's root end, whose GRO could merge frames before AF_PACKET sees them). {@code docs/real-traffic-tests.md}
 * says the same for users, with what happens otherwise.
 */
final class RealTrafficFixture implements AutoCloseable {
    /** Every port type the real-traffic tests run over. {@code "afxdp"} joins here when it exists. */
    static final List<String> PORT_TYPES = List.of("afxdp", "afpacket", "tap", "internal");
    /** Types whose device the switch creates (a TAP), moved into the namespace afterwards. */
    static final Set<String> TAP_TYPES = Set.of("tap", "internal");
    /** The ethtool features turned off on every interface that carries test traffic. */
    static final List<String> OFFLOADS_OFF = List.of("tx", "off", "sg", "off", "tso", "off", "gso", "off", "gro",
            "off");

    /** The port types, for {@code @MethodSource("io.jvswitch.control.runtime.RealTrafficFixture#portTypes")}. */
    static Stream<String> portTypes() {
        return PORT_TYPES.stream();
    }

    /** One namespace on the switch: {@code dev} is its interface inside {@code ns}, {@code port} the switch's. */
    record Member(String ns, String dev, String port, PortConfig config) {
    }

    private final String type;
    private final NetTopology topo;
    private final List<Member> members = new ArrayList<>();
    private final String bridge;
    private SwitchRuntime rt;
    private int nextLetter;

    /**
     * A fixture for ports of {@code type}. Fails (or, with {@code JVSWITCH_ALLOW_SKIP_PRIVILEGED=1}, skips with the
     * reason printed) unless running as root with {@code ip}, {@code ping} and every tool in {@code tools}.
     */
    RealTrafficFixture(String what, String type, String... tools) {
        NetTopology.requireRootAndPing(what);
        requireTool(what, "ethtool");
        for (String t : tools) {
            requireTool(what, t);
        }
        this.type = type;
        this.topo = new NetTopology();
        this.bridge = topo.name("jbr");
    }

    /** Fails, or skips with the reason printed when {@code JVSWITCH_ALLOW_SKIP_PRIVILEGED=1}, without {@code tool}. */
    static void requireTool(String what, String tool) {
        if (onPath(tool)) {
            return;
        }
        String reason = what + " needs " + tool + " (.ci/run installs it)";
        if ("1".equals(System.getenv(NetTopology.ALLOW_SKIP_ENV))) {
            System.out.println("SKIPPED (" + NetTopology.ALLOW_SKIP_ENV + "=1): " + reason);
            Assumptions.abort(reason);
        }
        fail(reason + " (set " + NetTopology.ALLOW_SKIP_ENV + "=1 to skip instead)");
    }

    private static boolean onPath(String tool) {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        return dirs.stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }

    String type() {
        return type;
    }

    NetTopology topo() {
        return topo;
    }

    /** A random 10.x.y prefix for a /24 of this fixture (first three octets); {@code n} picks one of several. */
    String subnet(int n) {
        String[] p = topo.subnet().split("\\.");
        return p[0] + "." + p[1] + "." + ((Integer.parseInt(p[2]) + n) & 0xff);
    }

    /**
     * Declares a namespace joined by one port with the given VLAN settings ({@code mode} null: OVS's default;
     * {@code tag} null: unset; {@code trunks} empty: all). Call before {@link #start()}.
     */
    Member member(VlanMode mode, Integer tag, Set<Integer> trunks) throws IOException {
        if (rt != null) {
            throw new IllegalStateException("members are declared before start()");
        }
        char letter = (char) ('a' + nextLetter++);
        String ns = topo.netns("rt" + letter);
        run(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        boolean tap = TAP_TYPES.contains(type);
        String port = topo.name((tap ? "jvt" : "jvp") + letter);
        String dev = tap ? port : "eth0";
        if (!tap) {
            topo.vethIntoNetns(port, dev, ns, null);
            NetTopology.run(cmd(null, "ethtool", "-K", port));
        }
        PortConfig pc = PortConfig.of(port, type).withVlan(mode, tag, trunks == null ? Set.of() : trunks);
        Member m = new Member(ns, dev, port, pc);
        members.add(m);
        return m;
    }

    /** Opens every member's port, starts the switch, and readies each namespace's interface. */
    SwitchRuntime start() throws Exception {
        rt = new SwitchRuntime();
        rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of(bridge,
                members.stream().map(Member::config).toList()))));
        assertEquals(Map.of(), rt.interfaceErrors(), "every " + type + " port opens");
        rt.start(new BackoffIdleStrategy());
        assertTrue(rt.awaitPmd(5, TimeUnit.SECONDS), "the PMD took the ports");
        for (Member m : members) {
            if (TAP_TYPES.contains(type)) {
                NetTopology.run("ip", "link", "set", m.dev(), "netns", m.ns());
            }
            run(m.ns(), "ip", "link", "set", m.dev(), "up");
            NetTopology.run(cmd(m.ns(), "ethtool", "-K", m.dev()));
        }
        return rt;
    }

    SwitchRuntime runtime() {
        return rt;
    }

    /** Adds {@code cidr} to the member's interface. */
    void addr(Member m, String cidr) throws IOException {
        run(m.ns(), "ip", "addr", "add", cidr, "dev", m.dev());
    }

    /** {@code ip netns exec ns CMD...}, which must succeed; returns its output. */
    static String run(String ns, String... cmd) throws IOException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return NetTopology.run(c.toArray(String[]::new));
    }

    private static String[] cmd(String ns, String... head) {
        List<String> c = new ArrayList<>();
        if (ns != null) {
            c.addAll(List.of("ip", "netns", "exec", ns));
        }
        c.addAll(List.of(head));
        c.addAll(OFFLOADS_OFF);
        return c.toArray(String[]::new);
    }

    /** The switch's per-port counters, for failure messages. */
    String portCounters() {
        StringBuilder sb = new StringBuilder();
        for (Member m : members) {
            var p = rt == null ? null : rt.port(m.port());
            if (p != null) {
                var s = p.stats();
                sb.append(m.port()).append(": rx ").append(s.rxPackets()).append(" tx ").append(s.txPackets())
                        .append(" rx_dropped ").append(s.rxDropped()).append(" tx_dropped ").append(s.txDropped());
                if (p instanceof AfPacketPort afp) {
                    sb.append(" kernel_rx_ring_drops ").append(afp.kernelRxDrops());
                }
                sb.append("; ");
            }
        }
        return sb.toString();
    }

    /** Stops the switch and closes its ports (TAP devices go with them), then removes namespaces and veths. */
    @Override
    public void close() {
        try {
            if (rt != null) {
                rt.close();
            }
        } finally {
            topo.close();
        }
    }
}
