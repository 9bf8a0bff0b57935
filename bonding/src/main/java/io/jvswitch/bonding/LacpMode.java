package io.jvswitch.bonding;

import java.util.Locale;

/** {@code Port.lacp}: off (default), active, passive. */
public enum LacpMode {
    OFF, ACTIVE, PASSIVE;

    /** The mode named {@code s} ("off", "active", "passive"; null or empty is off), or null when unknown. */
    public static LacpMode parse(String s) {
        if (s == null || s.isEmpty()) {
            return OFF;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "active" -> ACTIVE;
            case "passive" -> PASSIVE;
            default -> null;
        };
    }
}
