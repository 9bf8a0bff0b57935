package io.jvswitch.control.ovsdb;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.jvswitch.control.ovsdb.VswitchdScenario.BR;
import static io.jvswitch.control.ovsdb.VswitchdScenario.interfaces;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5's last acceptance point: the same {@code ovs-vsctl} script configures Open vSwitch's own
 * {@code ovs-vswitchd} and jvswitch with identical results. The script runs once against each (each on a fresh
 * database and fresh namespaces, the same port names); after every command the test records what
 * {@code ovs-vsctl} returned and printed, which host pairs can ping ({@link SwitchedHosts#matrix()}), and every
 * Interface row's {@code ofport} and {@code error}; the two records must be equal, line for line. OVS's record is
 * printed, so a difference is easy to read. Privileged, needs Open vSwitch's tools. With
 * {@code -Dvswitchd.kinds=OVS} only Open vSwitch's run is made (and the comparison skipped).
 */
class VswitchdComparisonSystemTest {
    /** The script: every change a management stack makes on this interface, including a failing one. */
    static final List<List<String>> SCRIPT = List.of(
            List.of("add-br", BR, "--", "set", "bridge", BR, "datapath_type=netdev"),
            List.of("add-port", BR, "p1"),
            List.of("add-port", BR, "p2"),
            List.of("add-port", BR, "nosuch"),
            List.of("add-port", BR, "p3"),
            List.of("set", "port", "p1", "tag=10"),
            List.of("set", "port", "p2", "tag=10"),
            List.of("set", "port", "p3", "tag=20"),
            List.of("set", "port", "p2", "tag=20", "trunks=10,20", "vlan_mode=native-untagged"),
            List.of("set", "port", "p3", "tag=10"),
            List.of("set", "port", "p2", "tag=10"),
            List.of("del-port", BR, "p2"),
            List.of("add-port", BR, "p2"),
            List.of("del-port", BR, "p3"),
            List.of("add-port", BR, "p3", "--", "set", "interface", "p3", "ofport_request=10"),
            List.of("del-port", BR, "nosuch"),
            List.of("del-br", BR));

    /** Runs {@link #SCRIPT} against {@code kind}; returns the record. */
    static String record(VswitchdKind kind) throws Exception {
        StringBuilder rec = new StringBuilder();
        VswitchdScenario.run("VswitchdComparisonSystemTest", kind, 3, (sb, h) -> {
            rec.append("start: ").append(h.matrix()).append('\n');
            for (List<String> cmd : SCRIPT) {
                VswitchdSandbox.Result r = sb.vsctl(cmd.toArray(String[]::new));
                String dir = sb.dir().toString();
                rec.append("$ ovs-vsctl ").append(String.join(" ", cmd)).append('\n')
                        .append("  exit ").append(r.exit()).append('\n');
                if (!r.out().isEmpty()) {
                    rec.append("  stdout: ").append(r.out().replace(dir, "$DIR"));
                }
                if (!r.err().isEmpty()) {
                    rec.append("  stderr: ").append(r.err().replace(dir, "$DIR"));
                }
                rec.append("  reach: ").append(h.matrix()).append('\n');
                for (Map.Entry<String, String> e : interfaces(sb).entrySet()) {
                    rec.append("  interface ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
                }
            }
        });
        return rec.toString();
    }

    @Test
    void theSameVsctlScriptGivesIdenticalResultsOnOpenVswitchAndOnJvswitch() throws Exception {
        String ovs = record(VswitchdKind.OVS);
        System.out.println("VswitchdComparisonSystemTest: Open vSwitch's record:\n" + ovs);
        assertTrue(ovs.contains("reach: h1-h2 yes, h1-h3 yes, h2-h3 yes") && ovs.contains("interface nosuch "
                + "ofport=-1 error="), "the reference run did something:\n" + ovs);
        Assumptions.assumeTrue(VswitchdKind.JVSWITCH.isSelected(), "-D" + VswitchdKind.KINDS_PROPERTY
                + " leaves out JVSWITCH: nothing to compare with");
        String jvswitch = record(VswitchdKind.JVSWITCH);
        assertEquals(ovs, jvswitch, "jvswitch's record against Open vSwitch's");
    }
}
