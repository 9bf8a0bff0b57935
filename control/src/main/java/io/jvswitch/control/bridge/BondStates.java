package io.jvswitch.control.bridge;

import io.jvswitch.bonding.LacpStatus;
import io.jvswitch.bonding.bond.BondSettings;
import io.jvswitch.bonding.bond.MemberStatus;

import java.util.Map;

/**
 * What translation needs of the bonds (issue 6), as of the bond controller's last run: per bond id, its settings,
 * LACP status and each member's status by datapath port. The controller replaces the whole map (one volatile
 * write) and then asks for revalidation, so installed flows follow a failover; upcalls on PMD threads read it
 * without locks. Owned by {@link Bridges}; every {@link Topology} refers to the same instance.
 */
public final class BondStates {
    /** One bond as translation sees it. */
    public record Snapshot(BondSettings settings, LacpStatus lacp, Map<Integer, MemberStatus> membersByOdp) {
        public Snapshot {
            membersByOdp = Map.copyOf(membersByOdp);
        }
    }

    private volatile Map<Integer, Snapshot> byBond = Map.of();

    /** The state of bond {@code bondId}, or null when the controller has not published one yet. */
    public Snapshot get(int bondId) {
        return byBond.get(bondId);
    }

    /** Replaces every bond's state. */
    public void publish(Map<Integer, Snapshot> states) {
        byBond = Map.copyOf(states);
    }
}
