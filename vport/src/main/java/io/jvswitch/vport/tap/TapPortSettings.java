package io.jvswitch.vport.tap;

import java.util.Locale;

/**
 * How a {@link TapPort} sets up its interface. Every option leaves the interface as it is when unset.
 *
 * @param mac  the interface's MAC address (48 bits in the low bits of the long), or {@link #NO_MAC}
 * @param mtu  the interface MTU to apply (68..65535), or 0 to keep the kernel's (1500 for a new TAP)
 * @param up   whether to bring the link up (IFF_UP) after opening
 */
public record TapPortSettings(long mac, int mtu, boolean up) {
    /** No MAC given: the kernel's random one (or a persistent TAP's current one) stays. */
    public static final long NO_MAC = -1L;
    /** The smallest IPv4 MTU the kernel accepts on an Ethernet device. */
    public static final int MIN_MTU = 68;
    /** A TAP's largest MTU. */
    public static final int MAX_MTU = 65535;

    public TapPortSettings {
        if (mac != NO_MAC && (mac & ~0xffff_ffff_ffffL) != 0) {
            throw new IllegalArgumentException("MAC must fit in 48 bits: 0x" + Long.toHexString(mac));
        }
        if (mac != NO_MAC && (mac & 0x0100_0000_0000L) != 0) {
            throw new IllegalArgumentException("MAC must be unicast (group bit clear): " + formatMac(mac));
        }
        if (mtu != 0 && (mtu < MIN_MTU || mtu > MAX_MTU)) {
            throw new IllegalArgumentException("MTU must be " + MIN_MTU + ".." + MAX_MTU + " (or 0 to keep it): "
                    + mtu);
        }
    }

    /** Kernel defaults, link left down (as OVS leaves a new internal port). */
    public static TapPortSettings defaults() {
        return new TapPortSettings(NO_MAC, 0, false);
    }

    public TapPortSettings withMac(long newMac) {
        return new TapPortSettings(newMac, mtu, up);
    }

    /** {@code "02:00:00:aa:bb:cc"}. */
    public TapPortSettings withMac(String newMac) {
        return withMac(parseMac(newMac));
    }

    public TapPortSettings withMtu(int newMtu) {
        return new TapPortSettings(mac, newMtu, up);
    }

    public TapPortSettings withUp(boolean newUp) {
        return new TapPortSettings(mac, mtu, newUp);
    }

    /** Parses {@code "aa:bb:cc:dd:ee:ff"} (hex, colon-separated) into the low 48 bits of a long. */
    public static long parseMac(String s) {
        String[] parts = s.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff): " + s);
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2) {
                throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff): " + s);
            }
            try {
                v = (v << 8) | Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff): " + s, e);
            }
        }
        return v;
    }

    /** {@code "02:00:00:aa:bb:cc"}. */
    public static String formatMac(long mac) {
        StringBuilder b = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            b.append(String.format(Locale.ROOT, "%02x", (mac >>> (8 * i)) & 0xff));
            if (i != 0) {
                b.append(':');
            }
        }
        return b.toString();
    }
}
