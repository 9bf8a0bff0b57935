package io.jvswitch.control.tools;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs the real {@code ovs-ofctl parse-pcap} and our {@link ParsePcap} on the same capture. */
final class OvsOracle {
    static final String ALLOW_SKIP = "JVSWITCH_ALLOW_SKIP_PRIVILEGED";

    /** Result of one run: exit code and stdout lines. */
    record Run(int exit, List<String> lines, String stderr) {
    }

    private OvsOracle() {
    }

    /** The {@code ovs-ofctl} binary; fails the test when missing unless skipping is explicitly allowed. */
    static Path ovsOfctl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "ovs-ofctl");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String reason = "ovs-ofctl (Open vSwitch 3.1, Debian package openvswitch-common) is not on PATH; the "
                + "parse-pcap oracle test needs it";
        if ("1".equals(System.getenv(ALLOW_SKIP))) {
            System.out.println("SKIPPED: " + reason + " (" + ALLOW_SKIP + "=1)");
            Assumptions.abort(reason);
        }
        return fail(reason + ". Install it, or set " + ALLOW_SKIP + "=1 to skip.");
    }

    static Run ovs(Path ofctl, Path... pcaps) throws IOException, InterruptedException {
        String[] cmd = new String[2 + pcaps.length];
        cmd[0] = ofctl.toString();
        cmd[1] = "parse-pcap";
        for (int i = 0; i < pcaps.length; i++) {
            cmd[2 + i] = pcaps[i].toString();
        }
        Path errFile = Files.createTempFile("ovs-ofctl", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("ovs-ofctl parse-pcap did not finish in 60 s");
            }
            return new Run(p.exitValue(), lines(out), Files.readString(errFile));
        } finally {
            Files.deleteIfExists(errFile);
        }
    }

    static Run ours(Path... pcaps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            rc = ParsePcap.run(List.of(pcaps), o, e);
        }
        return new Run(rc, lines(out.toByteArray()), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> lines(byte[] out) {
        String s = new String(out, StandardCharsets.UTF_8);
        if (s.isEmpty()) {
            return List.of();
        }
        List<String> l = List.of(s.split("\n", -1));
        return s.endsWith("\n") ? l.subList(0, l.size() - 1) : l;
    }

    /** Asserts equal line lists; the message names each differing packet (by {@code names}, if given). */
    static void assertSameLines(List<String> expected, List<String> actual, List<String> names, String what) {
        if (expected.equals(actual)) {
            return;
        }
        StringBuilder m = new StringBuilder(what).append(": our parse-pcap differs from ovs-ofctl parse-pcap (")
                .append(expected.size()).append(" lines expected, ").append(actual.size()).append(" printed)\n");
        int shown = 0;
        for (int i = 0; i < Math.max(expected.size(), actual.size()) && shown < 25; i++) {
            String e = i < expected.size() ? expected.get(i) : "<none>";
            String a = i < actual.size() ? actual.get(i) : "<none>";
            if (!e.equals(a)) {
                shown++;
                m.append("packet ").append(i + 1);
                if (names != null && i < names.size()) {
                    m.append(" (").append(names.get(i)).append(')');
                }
                m.append("\n  ovs: ").append(e).append("\n  us:  ").append(a).append('\n');
            }
        }
        fail(m.toString());
    }
}
