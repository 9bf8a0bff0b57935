package io.jvswitch.control.bridge;

/** Ethernet addresses held as the low 48 bits of a {@code long}, as {@code FlowKey} stores them. */
public final class MacAddresses {
    /** 01:80:c2:00:00:00, the base of the IEEE 802.1D reserved block (01:80:c2:00:00:00..0f). */
    private static final long RESERVED_BASE = 0x0180c2000000L;

    private MacAddresses() {
    }

    /** Group bit set: multicast or broadcast. */
    public static boolean isMulticast(long mac) {
        return (mac & 0x010000000000L) != 0;
    }

    public static boolean isBroadcast(long mac) {
        return mac == 0xffffffffffffL;
    }

    /** OVS {@code eth_addr_is_reserved}: 01:80:c2:00:00:0x (STP, LACP, LLDP, pause...). */
    public static boolean isReserved(long mac) {
        return (mac & ~0xfL) == RESERVED_BASE;
    }

    /** xx:xx:xx:xx:xx:xx, lower case (OVS {@code ETH_ADDR_FMT}). */
    public static String format(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int b = (int) (mac >>> shift) & 0xff;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            if (shift > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** Parses xx:xx:xx:xx:xx:xx (either case). */
    public static long parse(String s) {
        String[] parts = s.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + s);
        }
        long mac = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: " + s);
            }
            mac = mac << 8 | Integer.parseInt(p, 16);
        }
        return mac;
    }
}
