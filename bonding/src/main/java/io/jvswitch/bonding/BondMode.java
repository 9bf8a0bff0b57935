package io.jvswitch.bonding;

import java.util.Locale;

/** {@code Port.bond_mode}. */
public enum BondMode {
    ACTIVE_BACKUP("active-backup"), BALANCE_SLB("balance-slb"), BALANCE_TCP("balance-tcp");

    private final String ovsName;

    BondMode(String ovsName) {
        this.ovsName = ovsName;
    }

    /** The name OVS uses in the database and in {@code bond/show}. */
    public String ovsName() {
        return ovsName;
    }

    /** The mode named {@code s}, or null (OVS then warns and uses active-backup). */
    public static BondMode parse(String s) {
        if (s == null) {
            return null;
        }
        for (BondMode m : values()) {
            if (m.ovsName.equals(s.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        return null;
    }
}
