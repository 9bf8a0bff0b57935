package io.jvswitch.control.bond;

import io.jvswitch.control.bridge.Bridge;

import java.util.Collection;

/**
 * A bridge's Ethernet address for LACP's default system id, as ovs-vswitchd picks one
 * ({@code bridge_pick_local_hw_addr}): the address of the bridge's own (internal) device, else the lowest member
 * address ({@code other_config:hwaddr} is not read yet; {@code other_config:lacp-system-id} overrides all).
 * Never a constant derived from the name alone: two hosts with a bridge called br0 must not present the same
 * system id (LACP would take them for a loop).
 */
final class BridgeMac {
    private BridgeMac() {
    }

    static long of(Bridge b, Collection<String> members) {
        if (MemberMacs.isDevice(b.name())) {
            return MemberMacs.of(b.name());
        }
        long best = Long.MAX_VALUE;
        for (String m : members) {
            best = Math.min(best, MemberMacs.of(m));
        }
        return best == Long.MAX_VALUE ? MemberMacs.derived(b.name()) : best;
    }
}
