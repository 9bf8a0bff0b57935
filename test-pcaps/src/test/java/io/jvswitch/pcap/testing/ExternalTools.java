package io.jvswitch.pcap.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real peers that check our pcaps ({@code tshark}, {@code ovs-ofctl}) from tests.
 *
 * <p>Policy (DESIGN.md, "Testing against real peers"): a missing tool FAILS the test with a clear message,
 * unless the environment sets {@value #ALLOW_SKIP_ENV}=1; then the test is skipped and the reason printed.
 */
public final class ExternalTools {
    public static final String ALLOW_SKIP_ENV = "JVSWITCH_ALLOW_SKIP_PRIVILEGED";
    private static final long TIMEOUT_SECONDS = 60;

    private ExternalTools() {
    }

    /** The program's path on PATH; fails or skips (see class comment) when it is not there. */
    public static Path require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String reason = program + " is not on PATH (install Debian package " + debianPackage + ")";
        if ("1".equals(System.getenv(ALLOW_SKIP_ENV))) {
            System.out.println("SKIPPED: " + reason + "; skipping because " + ALLOW_SKIP_ENV + "=1");
            abort(reason);
        }
        return fail(reason + "; set " + ALLOW_SKIP_ENV + "=1 to skip tests that need it");
    }

    /** The number of packets {@code tshark -r} reads from {@code pcap}; fails the test if tshark errors. */
    public static int tsharkPacketCount(Path pcap) {
        Path tshark = require("tshark", "tshark");
        return run(tshark.toString(), "-n", "-r", pcap.toString(), "-T", "fields", "-e", "frame.number").size();
    }

    /** The lines {@code ovs-ofctl parse-pcap} prints for {@code pcap} (one per packet); fails if it errors. */
    public static List<String> ovsParsePcap(Path pcap) {
        Path ofctl = require("ovs-ofctl", "openvswitch-common");
        return run(ofctl.toString(), "parse-pcap", pcap.toString());
    }

    /** Runs a command, asserts exit status 0, and returns its non-empty stdout lines. */
    public static List<String> run(String... command) {
        try {
            Path err = Files.createTempFile("jvswitch-tool", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail(String.join(" ", command) + ": timed out");
                }
                String stderr = Files.readString(err);
                assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed: " + stderr);
                List<String> lines = new ArrayList<>();
                for (String line : out.split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
                return lines;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return fail("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted running " + command[0]);
        }
    }
}
