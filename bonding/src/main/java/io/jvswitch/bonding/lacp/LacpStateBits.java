package io.jvswitch.bonding.lacp;

/**
 * The bits of an LACPDU's actor/partner state octet (IEEE 802.1AX; OVS {@code LACP_STATE_*}) and their text in
 * {@code lacp/show} ({@code ds_put_lacp_state}: each set bit as " name", in bit order).
 */
public final class LacpStateBits {
    /** Activity: active (1) or passive (0). */
    public static final int ACT = 0x01;
    /** Timeout: short (fast, 1) or long (slow, 0). */
    public static final int TIME = 0x02;
    /** Aggregation: the link is bondable. */
    public static final int AGG = 0x04;
    /** Synchronization: the link is attached to the right aggregator. */
    public static final int SYNC = 0x08;
    /** Collecting. */
    public static final int COL = 0x10;
    /** Distributing. */
    public static final int DIST = 0x20;
    /** Defaulted: using default (zero) partner information. */
    public static final int DEF = 0x40;
    /** Expired: the partner information is out of date. */
    public static final int EXP = 0x80;

    private static final String[] NAMES = {
        "activity", "timeout", "aggregation", "synchronized", "collecting", "distributing", "defaulted", "expired",
    };

    private LacpStateBits() {
    }

    /** The flags of {@code state} as {@code lacp/show} prints them after "actor state:" (empty when none). */
    public static String format(int state) {
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((state & (1 << bit)) != 0) {
                sb.append(' ').append(NAMES[bit]);
            }
        }
        return sb.toString();
    }
}
