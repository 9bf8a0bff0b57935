package io.jvswitch.bonding.bond;

/**
 * The receive decision for a packet that arrived on a bond member ({@code ofproto-dpif-xlate.c}
 * {@code is_admissible}, bond part), with OVS's trace text for the drops.
 */
public enum Admission {
    ACCEPT(null),
    /** {@code bond_check_admissibility} said BV_DROP. */
    DROP_REFUSED("bonding refused admissibility, dropping"),
    /** balance-slb BV_DROP_IF_MOVED and the source is learned on another port. */
    DROP_LOOPED_BACK("SLB bond thinks this packet looped back, dropping");

    private final String reason;

    Admission(String reason) {
        this.reason = reason;
    }

    /** OVS's {@code ofproto/trace} text for a drop; null for {@link #ACCEPT}. */
    public String reason() {
        return reason;
    }

    public boolean accepted() {
        return this == ACCEPT;
    }
}
