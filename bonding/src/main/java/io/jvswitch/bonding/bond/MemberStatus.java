package io.jvswitch.bonding.bond;

/**
 * A snapshot of one bond member, for the database ({@code Interface} status), {@code bond/show} and callers.
 *
 * @param name member (interface) name
 * @param mac member MAC
 * @param index the member's index in {@link Bond#bucketTable()} entries
 * @param carrier carrier as last reported
 * @param mayEnable carrier and LACP allow it (OVS {@code may_enable}, as of the last run)
 * @param enabled the bond may send on it
 * @param active it is the active member
 * @param primary it is the configured {@code bond-primary}
 * @param delayExpiresMs when the pending up/down delay expires, {@link Long#MAX_VALUE} when none
 */
public record MemberStatus(String name, long mac, int index, boolean carrier, boolean mayEnable, boolean enabled,
                           boolean active, boolean primary, long delayExpiresMs) {
    /** Whether an updelay or downdelay is pending. */
    public boolean delayPending() {
        return delayExpiresMs != Long.MAX_VALUE;
    }
}
