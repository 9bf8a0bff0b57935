package io.jvswitch.bonding.bond;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the OVS 3.1 captures under {@code ovs-3.1-bond/}. */
final class Fixtures {
    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ovs-3.1-bond/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code *.macs}: member name → MAC, in file order. */
    static Map<String, Long> macs(String name) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : text(name).split("\n")) {
            String[] p = line.trim().split(" ");
            m.put(p[0], Macs.parse(p[1]));
        }
        return m;
    }
}
