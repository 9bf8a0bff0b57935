package io.jvswitch.ffi;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The project rule for tests that need root or host tools: they FAIL with a clear message, unless
 * {@code JVSWITCH_ALLOW_SKIP_PRIVILEGED=1} is set, in which case they are skipped with the reason printed.
 */
public final class Privileged {
    public static final String ALLOW_SKIP_ENV = "JVSWITCH_ALLOW_SKIP_PRIVILEGED";

    private Privileged() {
    }

    public static boolean isRoot() {
        return LibC.getpid() > 0 && "0".equals(uid());
    }

    private static String uid() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2]; // effective uid
                }
            }
        } catch (java.io.IOException e) {
            return "?";
        }
        return "?";
    }

    /** Fails (or skips when allowed) the calling test with {@code reason}. */
    public static void unavailable(String reason) {
        if ("1".equals(System.getenv(ALLOW_SKIP_ENV))) {
            System.out.println("SKIPPED (" + ALLOW_SKIP_ENV + "=1): " + reason);
            Assumptions.abort(reason);
        }
        fail(reason + " (set " + ALLOW_SKIP_ENV + "=1 to skip instead)");
    }

    /** Requires root (CAP_NET_ADMIN/CAP_BPF/CAP_NET_RAW in practice) for {@code what}. */
    public static void requireRoot(String what) {
        if (!isRoot()) {
            unavailable(what + " needs root; running as non-root");
        }
    }
}
