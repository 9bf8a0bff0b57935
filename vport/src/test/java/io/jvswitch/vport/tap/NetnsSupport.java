package io.jvswitch.vport.tap;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helper: the privileged-test rule (FAIL when not root unless {@code JVSWITCH_ALLOW_SKIP_PRIVILEGED=1},
 * then skip with the reason printed), unique interface/namespace names, and running {@code ip} commands.
 */
final class NetnsSupport {
    static final String ALLOW_SKIP_ENV = "JVSWITCH_ALLOW_SKIP_PRIVILEGED";

    private NetnsSupport() {
    }

    /** A command's exit status and merged output. */
    record Result(int exit, String output) {
    }

    static void requireRoot(String what) {
        String uid = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = line.split("\\s+")[2];
                }
            }
        } catch (IOException e) {
            uid = "?";
        }
        if (!"0".equals(uid)) {
            unavailable(what + " needs root (CAP_NET_ADMIN); running with effective uid " + uid);
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            unavailable(what + " needs /dev/net/tun (modprobe tun)");
        }
        if (run("ip", "-V").exit() != 0) {
            unavailable(what + " needs iproute2's ip command");
        }
    }

    /** Requires a host tool on PATH ({@code ping} from Debian's iputils-ping, ...). */
    static void requireTool(String tool, String debianPackage) {
        if (run("sh", "-c", "command -v " + tool).exit() != 0) {
            unavailable("needs " + tool + " (apt-get install " + debianPackage + ")");
        }
    }

    static void unavailable(String reason) {
        if ("1".equals(System.getenv(ALLOW_SKIP_ENV))) {
            System.out.println("SKIPPED (" + ALLOW_SKIP_ENV + "=1): " + reason);
            Assumptions.abort(reason);
        }
        fail(reason + " (set " + ALLOW_SKIP_ENV + "=1 to skip instead)");
    }

    /** {@code prefix} plus random hex, at most 15 bytes (IFNAMSIZ - 1). */
    static String uniqueName(String prefix) {
        String r = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffff_ffffL);
        String n = prefix + r;
        return n.length() > 15 ? n.substring(0, 15) : n;
    }

    static Result run(String... cmd) {
        return run(30, cmd);
    }

    static Result run(int timeoutSeconds, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new Result(124, String.join(" ", cmd) + ": timed out after " + timeoutSeconds + " s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(127, String.join(" ", cmd) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, String.join(" ", cmd) + ": interrupted");
        }
    }

    /** Runs {@code cmd} and fails the test with its output when it exits non-zero. */
    static String ok(String... cmd) {
        Result r = run(cmd);
        if (r.exit() != 0) {
            fail(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    /** Runs {@code cmd} inside namespace {@code ns}. */
    static Result inNs(String ns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        return run(60, full.toArray(String[]::new));
    }

    static String okInNs(String ns, String... cmd) {
        Result r = inNs(ns, cmd);
        if (r.exit() != 0) {
            fail("in netns " + ns + ": " + String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    static boolean linkExists(String name) {
        return run("ip", "link", "show", "dev", name).exit() == 0;
    }

    /** Best-effort cleanup: never throws. */
    static void deleteNetns(String ns) {
        if (ns != null) {
            run("ip", "netns", "del", ns);
        }
    }

    /** Best-effort cleanup: never throws. */
    static void deleteLink(String name) {
        if (name != null && linkExists(name)) {
            run("ip", "link", "del", "dev", name);
        }
    }
}
