package io.jvswitch.bonding.bond;

/**
 * MAC addresses as {@code long} (48 bits, first octet highest) and OVS's text form ({@code ETH_ADDR_FMT},
 * lowercase {@code xx:xx:xx:xx:xx:xx}). Stateless.
 */
public final class Macs {
    private Macs() {
    }

    /** {@code ETH_ADDR_FMT}. */
    public static String format(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (mac >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** Parses six colon-separated groups of 1–2 hex digits; -1 when {@code s} is not a MAC. */
    public static long parse(String s) {
        if (s == null) {
            return -1;
        }
        String[] parts = s.trim().split(":", -1);
        if (parts.length != 6) {
            return -1;
        }
        long mac = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2) {
                return -1;
            }
            int v = 0;
            for (int i = 0; i < p.length(); i++) {
                int d = Character.digit(p.charAt(i), 16);
                if (d < 0) {
                    return -1;
                }
                v = v * 16 + d;
            }
            mac = (mac << 8) | v;
        }
        return mac;
    }

    /** {@code eth_addr_is_multicast}: the group bit of the first octet (broadcast included). */
    public static boolean isMulticast(long mac) {
        return ((mac >>> 40) & 1) != 0;
    }
}
