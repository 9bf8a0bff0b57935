package io.jvswitch.control.ovsdb;

import io.jvswitch.control.cli.JvswitchProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The vswitchd under test in the drop-in system tests (issue 5): Open vSwitch's own {@code ovs-vswitchd}, or
 * jvswitch's drop-in {@code jvswitch vswitchd}. Both get the same positional remote and the same options, the way
 * {@code ovs-ctl} starts {@code ovs-vswitchd} (minus {@code --detach}: the test keeps the daemon as its child so it
 * can SIGKILL it), and both run inside the switch's network namespace ({@code ip netns exec}, which execs, so the
 * child's pid is the daemon's).
 */
enum VswitchdKind {
    /** {@code ovs-vswitchd unix:DB --pidfile=F --log-file=F --no-chdir}. */
    OVS,
    /**
     * {@code jvswitch vswitchd unix:DB --pidfile=F --log-file=F}, run from the test's classpath (what the
     * {@code ./jvswitch} launcher runs from the packaged jar), so the code under test needs no separate build.
     */
    JVSWITCH;

    /** The system property that narrows the kinds the tests run, e.g. {@code -Dvswitchd.kinds=OVS}. */
    static final String KINDS_PROPERTY = "vswitchd.kinds";

    /**
     * The kinds the tests run: all of them, unless {@code -Dvswitchd.kinds=OVS,JVSWITCH} names some (for
     * {@code @MethodSource("io.jvswitch.control.ovsdb.VswitchdKind#selected")}).
     */
    static Stream<VswitchdKind> selected() {
        String p = System.getProperty(KINDS_PROPERTY, "").trim();
        if (p.isEmpty()) {
            return Arrays.stream(values());
        }
        return Arrays.stream(p.split(",")).map(String::trim).map(VswitchdKind::valueOf);
    }

    /** True when {@link #selected()} includes this kind. */
    boolean isSelected() {
        return selected().anyMatch(k -> k == this);
    }

    /** The command line that starts this vswitchd in {@code netns}, with its files in {@code dir}. */
    List<String> command(String netns, Path dir, String remote) {
        String pidfile = "--pidfile=" + dir.resolve(VswitchdSandbox.PIDFILE);
        String logFile = "--log-file=" + dir.resolve(VswitchdSandbox.LOGFILE);
        List<String> prefix = List.of("ip", "netns", "exec", netns);
        return switch (this) {
            case OVS -> {
                List<String> cmd = new ArrayList<>(prefix);
                cmd.addAll(List.of(VswitchdSandbox.tool("ovs-vswitchd"), remote, pidfile, logFile, "--no-chdir"));
                yield cmd;
            }
            case JVSWITCH -> JvswitchProcess.command(prefix, "vswitchd", remote, pidfile, logFile);
        };
    }

    /**
     * Whether this vswitchd keeps forwarding while {@code ovsdb-server} is away: issue 5 demands it of jvswitch.
     * Open vSwitch 3.1 does not, in this setup (userspace {@code netdev} datapath, {@code system} ports): such ports
     * are not PMD ports, the main loop polls them from {@code bridge_run__()}, and {@code bridge_run()} returns
     * before that while it does not hold the {@code ovs_vswitchd} lock, i.e. while the database is gone
     * ({@code vswitchd/bridge.c}). Frames then wait in the AF_PACKET sockets until it has reconnected (observed:
     * 0 of 10 pings answered while the database was down, answers seconds late after the reconnection).
     */
    boolean forwardsWithoutDatabase() {
        return this == JVSWITCH;
    }

    /**
     * Whether a bond's active member survives a restart ({@code Port.bond_active_slave} read back at bond
     * creation): jvswitch does, as OVS 3.5+ does. Open vSwitch 3.1 reads the column but {@code bond_create()}
     * ignores it ({@code ofproto/bond.c}; fixed by OVS commit 5cb19214e, "ofproto/bond: Preserve active bond member
     * over restarts", v3.5), so it chooses again.
     */
    boolean keepsBondActiveMemberAcrossRestart() {
        return this == JVSWITCH;
    }
}
