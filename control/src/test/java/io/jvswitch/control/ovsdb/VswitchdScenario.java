package io.jvswitch.control.ovsdb;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs one drop-in scenario: {@link SwitchedHosts} plus a {@link VswitchdSandbox} whose vswitchd runs in the
 * hosts' switch namespace; the body gets both. When the body fails, every log of the sandbox goes to stdout
 * (visible in CI) before the sandbox and the namespaces are removed, whatever happened.
 */
final class VswitchdScenario {
    /** The bridge every scenario builds. */
    static final String BR = "br0";

    private VswitchdScenario() {
    }

    /** The test body. */
    interface Body {
        void run(VswitchdSandbox sb, SwitchedHosts hosts) throws Exception;
    }

    /** {@code body} against a fresh database and a started vswitchd of {@code kind}, with {@code n} hosts. */
    static void run(String what, VswitchdKind kind, int n, Body body) throws Exception {
        VswitchdSandbox.require(what);
        try (SwitchedHosts hosts = new SwitchedHosts(n);
             VswitchdSandbox sb = new VswitchdSandbox(kind, hosts.switchNetns())) {
            try {
                sb.startVswitchd();
                body.run(sb, hosts);
            } catch (Throwable t) {
                System.out.println("==== " + what + " [" + kind + "] failed: " + t + "; logs of " + sb.dir()
                        + " ====\n" + sb.logs());
                throw t;
            }
        }
    }

    /**
     * {@code ovs-vsctl ARGS} (waiting for the vswitchd, no {@code --no-wait}) which must succeed silently: exit 0,
     * nothing on stdout or stderr (so no "Error detected while setting up").
     */
    static void ok(VswitchdSandbox sb, String... args) throws IOException {
        VswitchdSandbox.Result r = sb.vsctl(args);
        assertEquals(0, r.exit(), "ovs-vsctl " + String.join(" ", args) + ": " + r);
        assertEquals("", r.all(), "ovs-vsctl " + String.join(" ", args) + " prints nothing: " + r);
    }

    /** {@code ovs-vsctl get TABLE ROW COLUMN}: the value as ovs-vsctl prints it, trimmed. */
    static String get(VswitchdSandbox sb, String table, String row, String column) throws IOException {
        VswitchdSandbox.Result r = sb.vsctl("get", table, row, column);
        assertEquals(0, r.exit(), "ovs-vsctl get " + table + " " + row + " " + column + ": " + r);
        return r.out().trim();
    }

    /**
     * Every Interface row as {@code name -> "ofport=N error=TEXT"} (bare values, sorted by name), from
     * {@code ovs-vsctl list interface}.
     */
    static Map<String, String> interfaces(VswitchdSandbox sb) throws IOException {
        VswitchdSandbox.Result r = sb.vsctl("--format=csv", "--data=bare", "--no-headings",
                "--columns=name,ofport,error", "list", "interface");
        assertEquals(0, r.exit(), "ovs-vsctl list interface: " + r);
        Map<String, String> m = new LinkedHashMap<>();
        List<String> lines = Arrays.stream(r.out().split("\n")).filter(l -> !l.isBlank()).sorted().toList();
        for (String line : lines) {
            String[] f = line.split(",", 3);
            m.put(f[0], "ofport=" + f[1] + " error=" + (f.length > 2 ? f[2] : ""));
        }
        return m;
    }

    /** Interface {@code name}'s {@code ofport}, as ovs-vsctl prints it ({@code []} when unset). */
    static String ofport(VswitchdSandbox sb, String name) throws IOException {
        return get(sb, "interface", name, "ofport");
    }
}
