package io.jvswitch.api;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpStatus;

import java.util.List;

/**
 * A bond as its control plane last ran it ({@link VirtualSwitch#bond}): what {@code ovs-appctl bond/show} and the
 * database's {@code bond_active_slave} / {@code lacp_current} say, as values.
 *
 * @param port         the bond's port name
 * @param mode         its {@code bond_mode}
 * @param lacp         {@code lacp_status}: negotiated, configured (LACP runs, no partner attached) or off
 * @param activeMember the member active-backup sends on (the others' stand-in), or null when none is enabled
 * @param members      the members that have a datapath port, in configuration order
 */
public record BondState(String port, BondMode mode, LacpStatus lacp, String activeMember, List<Member> members) {
    public BondState {
        members = List.copyOf(members);
    }

    /**
     * One member.
     *
     * @param name        interface name
     * @param enabled     the bond may send on it ({@code bond/show}'s "enabled")
     * @param active      it is the active member
     * @param carrier     its link is up (members without a kernel device are always up)
     * @param mayEnable   carrier and LACP allow it ({@code may_enable})
     * @param lacpCurrent LACP is current on it ({@code Interface.lacp_current}); false when the port runs no LACP
     */
    public record Member(String name, boolean enabled, boolean active, boolean carrier, boolean mayEnable,
                         boolean lacpCurrent) {
    }

    /** The member named {@code name}, or null. */
    public Member member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
