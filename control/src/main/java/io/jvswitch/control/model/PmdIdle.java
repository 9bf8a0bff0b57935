package io.jvswitch.control.model;

import java.util.Locale;

/**
 * What a PMD thread does when an iteration finds no packet ({@code other_config:pmd-idle}, a jvswitch key):
 * {@link #BUSY} spins (lowest latency, the core at 100 %, as OVS's PMDs and the default), {@link #BACKOFF} spins,
 * yields, then parks for up to a millisecond (laptops, CI, shared machines).
 */
public enum PmdIdle {
    BUSY,
    BACKOFF;

    /** The config value: "busy" or "backoff". */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "busy" or "backoff" (case-insensitive); null for anything else. */
    public static PmdIdle parse(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "busy", "busy-spin" -> BUSY;
            case "backoff", "back-off" -> BACKOFF;
            default -> null;
        };
    }
}
