package io.jvswitch.control.appctl;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test support for comparing jvswitch with OVS 3.1 through the real {@code ovs-appctl}: finding the binary (a
 * missing one fails the test, or skips it with a printed reason only where {@code JVSWITCH_ALLOW_SKIP_PRIVILEGED=1})
 * and reading the output captured from OVS ({@code src/test/resources/ovs-3.1-appctl/}).
 */
public final class OvsAppctlTool {
    /** Where the captured OVS 3.1 outputs lie on the test class path. */
    public static final String FIXTURES = "/ovs-3.1-appctl/";

    private OvsAppctlTool() {
    }

    /** The {@code ovs-appctl} on PATH. */
    public static String path() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, "ovs-appctl"))) {
                return Path.of(d, "ovs-appctl").toString();
            }
        }
        String reason = "ovs-appctl (Debian openvswitch-common) is not on PATH; this test needs it";
        if ("1".equals(System.getenv("JVSWITCH_ALLOW_SKIP_PRIVILEGED"))) {
            Assumptions.abort(reason);
        }
        return fail(reason);
    }

    /** The captured OVS output {@code name} (a test fails when it is missing). */
    public static String fixture(String name) throws IOException {
        try (InputStream in = OvsAppctlTool.class.getResourceAsStream(FIXTURES + name)) {
            if (in == null) {
                return fail("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
