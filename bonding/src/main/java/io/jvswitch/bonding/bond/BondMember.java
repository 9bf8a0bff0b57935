package io.jvswitch.bonding.bond;

/**
 * One member's mutable state inside a {@link Bond} (OVS {@code struct bond_member}): carrier as reported,
 * {@code mayEnable} (carrier and LACP, refreshed by each run), {@code enabled}, the pending up/down delay
 * ({@code delayExpires}, {@link Long#MAX_VALUE} when none), {@code primary}, and the rebalancing scratch
 * ({@code txBytes}). Owned and mutated only by its bond.
 */
final class BondMember {
    final String name;
    final long mac;
    int index;
    boolean carrier;
    boolean mayEnable;
    boolean enabled;
    boolean primary;
    long delayExpires = Long.MAX_VALUE;
    long txBytes;

    BondMember(String name, long mac, int index) {
        this.name = name;
        this.mac = mac;
        this.index = index;
    }

    MemberStatus status(boolean active) {
        return new MemberStatus(name, mac, index, carrier, mayEnable, enabled, active, primary, delayExpires);
    }
}
