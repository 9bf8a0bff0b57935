package io.jvswitch.control.bridge;

import io.jvswitch.bonding.bond.Admissibility;
import io.jvswitch.bonding.bond.RxFacts;

/**
 * Receive admissibility of a frame entering a bond member (issue 6): OVS's {@code bond_check_admissibility} plus
 * the bond part of {@code is_admissible}, decided from the bonds' published {@link BondStates} (so an upcall on a
 * PMD thread never touches the bond controller's objects). A bond the controller has not described yet admits
 * nothing (its members are not enabled either). Gratuitous-ARP exceptions are not taken: the frame is judged as
 * an ordinary one.
 */
final class BondAdmission {
    private BondAdmission() {
    }

    static boolean admits(BondStates states, BridgeView br, BridgePort bond, int inOdp, long src, long dst, int vlan,
            long now) {
        BondStates.Snapshot s = states.get(bond.bondId());
        if (s == null) {
            return false;
        }
        int learned = br.macs().lookup(src, vlan, now);
        boolean elsewhere = learned >= 0 && learned != bond.ofport();
        RxFacts rx = new RxFacts(dst, elsewhere, false, false);
        return Admissibility.check(s.settings(), s.lacp(), s.membersByOdp().get(inOdp), rx).accepted();
    }
}
