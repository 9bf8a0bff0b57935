package io.jvswitch.control.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Interface's {@code other_config:pmd-rxq-affinity}, OVS syntax: {@code "queue:core,queue:core,..."}
 * ({@code "0:3,1:7"}: rx queue 0 is polled by the PMD on core 3, queue 1 by the one on core 7). As in OVS (with
 * its default {@code pmd-rxq-isolate=true}), a PMD that polls a pinned queue takes no other queues. Where OVS
 * leaves a queue unpolled (its core has no PMD, or every PMD is isolated), jvswitch polls it on a round-robin PMD
 * and reports the affinity as unmet: a configuration mistake must not silently stop a port.
 */
public final class RxqAffinity {
    private RxqAffinity() {
    }

    /** queue → core; throws {@link IllegalArgumentException} with the reason when malformed. */
    public static Map<Integer, Integer> parse(String text) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            int colon = p.indexOf(':');
            if (colon <= 0 || colon == p.length() - 1) {
                throw new IllegalArgumentException("pmd-rxq-affinity entry \"" + p + "\" is not queue:core");
            }
            int q = number(p.substring(0, colon).trim(), p);
            int core = number(p.substring(colon + 1).trim(), p);
            if (out.putIfAbsent(q, core) != null) {
                throw new IllegalArgumentException("pmd-rxq-affinity names queue " + q + " twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Why {@code text} is not a valid affinity, or null. */
    public static String problem(String text) {
        try {
            parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static int number(String s, String entry) {
        if (!s.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("pmd-rxq-affinity entry \"" + entry + "\" is not queue:core");
        }
        int v = Integer.parseInt(s);
        if (v >= PmdSettings.MAX_CORES) {
            throw new IllegalArgumentException("pmd-rxq-affinity entry \"" + entry + "\": " + v + " is not below "
                    + PmdSettings.MAX_CORES);
        }
        return v;
    }
}
