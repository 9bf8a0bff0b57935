package io.jvswitch.control.bridge;

import io.jvswitch.bonding.bond.Admissibility;
import io.jvswitch.bonding.bond.RxFacts;

/**
 * Receive admissibility of a frame entering a bond member (issue 6): OVS's {@code bond_check_admissibility} plus
 * the bond part of {@code is_admissible}, decided from the bonds' published {@link BondStates} (so an upcall on a
 * PMD thread never touches the bond controller's objects). A bond the controller has not described yet admits
 * nothing (its members are not enabled either).
 *
 * <h2>Gratuitous-ARP lock</h2> balance-slb's "drop if moved" drops a frame whose source MAC + VLAN is learned on
 * another port, except a gratuitous ARP whose entry is not locked ({@link MacLearningTable#isGratArpLocked}): that is
 * how a VM that migrated to a host behind the bond is relearned, while the reflection of an announcement made on
 * a local port (flooded out of one member, back in through another) is dropped for 5 s. Only SLB reads the lock
 * here, as in OVS ({@code is_admissible}); the learning side of the lock applies to every bond. The verdict read
 * packet fields ({@link GratuitousArp} put them in the mask) and table state: a lock starting or ending changes
 * the table's version, so flows holding the old verdict are re-translated by the revalidator (when the lock ends,
 * at its next pass — the same precision as MAC aging) instead of this packet being kept off the datapath.
 */
final class BondAdmission {
    private BondAdmission() {
    }

    static boolean admits(BondStates states, BridgeView br, BridgePort bond, int inOdp, long src, long dst, int vlan,
            boolean gratArp, long now) {
        BondStates.Snapshot s = states.get(bond.bondId());
        if (s == null) {
            return false;
        }
        int learned = br.macs().lookup(src, vlan, now);
        boolean elsewhere = learned >= 0 && learned != bond.ofport();
        boolean locked = elsewhere && gratArp && br.macs().isGratArpLocked(src, vlan, now);
        RxFacts rx = new RxFacts(dst, elsewhere, gratArp, locked);
        return Admissibility.check(s.settings(), s.lacp(), s.membersByOdp().get(inOdp), rx).accepted();
    }
}
