package io.jvswitch.vport.afxdp;

import java.util.Locale;

/**
 * How the AF_XDP port hooks into the interface: the values of OVS's {@code options:xdp-mode} for
 * {@code type=afxdp} interfaces.
 * <ul>
 *   <li>{@link #BEST_EFFORT} (default): native (driver) XDP in copy mode, falling back to generic XDP.</li>
 *   <li>{@link #NATIVE_WITH_ZEROCOPY}: native XDP and a zero-copy socket (the NIC DMAs into our UMEM); fails
 *       where the driver has no zero-copy support (veth has none).</li>
 *   <li>{@link #NATIVE}: native XDP, copy mode; fails where the driver has no XDP support.</li>
 *   <li>{@link #GENERIC}: generic (skb) XDP, copy mode; works on any interface, slowest.</li>
 * </ul>
 */
public enum XdpMode {
    BEST_EFFORT("best-effort"),
    NATIVE_WITH_ZEROCOPY("native-with-zerocopy"),
    NATIVE("native"),
    GENERIC("generic");

    private final String option;

    XdpMode(String option) {
        this.option = option;
    }

    /** The option value as OVS spells it. */
    public String option() {
        return option;
    }

    /** Parses an {@code xdp-mode} option value (null or empty: best-effort). */
    public static XdpMode parse(String value) {
        if (value == null || value.isEmpty()) {
            return BEST_EFFORT;
        }
        String v = value.toLowerCase(Locale.ROOT);
        for (XdpMode m : values()) {
            if (m.option.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("xdp-mode must be best-effort, native-with-zerocopy, native or generic, not "
                + value);
    }
}
