package io.jvswitch.qos;

import java.util.Map;

/**
 * Reading OVS QoS/Queue {@code other_config} values: unsigned decimal integers; a missing key reads as a default.
 * Errors are {@link IllegalArgumentException}s that name the key and the value, for the configuration's
 * error report.
 */
public final class QosSettings {
    private QosSettings() {
    }

    /** {@code config.get(key)} as a non-negative long, or {@code dflt} when absent. */
    public static long get(Map<String, String> config, String key, long dflt) {
        String v = config.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new IllegalArgumentException(key + "=" + v + ": must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + ": not an integer");
        }
    }

    /** Throws unless {@code min <= v <= max}, naming {@code key}. */
    public static void requireRange(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + "=" + v + ": must be " + (min == 0 ? "" : "at least " + min
                    + " and ") + "at most " + max);
        }
    }
}
