package io.jvswitch.bonding.bond;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpStatus;

/**
 * Receive admissibility on a bond: OVS's {@code bond_check_admissibility} followed by the bond part of
 * {@code is_admissible}.
 *
 * <h2>Design</h2> A pure decision over the bond's state as of its last run and the packet's {@link RxFacts}:
 * <ol>
 *   <li>LACP negotiated: accept iff the member is enabled or may be enabled (no multicast filter);</li>
 *   <li>LACP configured, not negotiated: drop unless {@code lacp-fallback-ab}; LACP off on balance-tcp: drop;</li>
 *   <li>multicast/broadcast destination on a non-active member: drop, unless balance-slb with
 *       {@code all-members-active};</li>
 *   <li>balance-tcp (only with fallback left) and active-backup: drop on any non-active member;</li>
 *   <li>balance-slb: drop if the source is learned on another port, except a gratuitous ARP not locked.</li>
 * </ol>
 */
public final class Admissibility {
    private Admissibility() {
    }

    /** The verdict for a packet received on {@code member} of {@code bond}; DROP_REFUSED for an unknown member. */
    public static Admission check(Bond bond, String member, RxFacts rx) {
        return check(bond.settings(), bond.lacpStatus(), bond.memberStatus(member), rx);
    }

    /**
     * The same decision over a copy of the bond's state (settings, LACP status, the member's status; null: not a
     * member), so that threads other than the bond's owner — the datapath's upcalls — can decide from a snapshot.
     */
    public static Admission check(BondSettings s, LacpStatus lacp, MemberStatus m, RxFacts rx) {
        if (m == null) {
            return Admission.DROP_REFUSED;
        }
        if (lacp == LacpStatus.NEGOTIATED) {
            return m.enabled() || m.mayEnable() ? Admission.ACCEPT : Admission.DROP_REFUSED;
        }
        if (lacp == LacpStatus.CONFIGURED && !s.lacpFallbackAb()) {
            return Admission.DROP_REFUSED;
        }
        if (lacp == LacpStatus.OFF && s.mode() == BondMode.BALANCE_TCP) {
            return Admission.DROP_REFUSED;
        }
        boolean allMembersActive = s.mode() == BondMode.BALANCE_SLB && s.allMembersActive();
        if (Macs.isMulticast(rx.dstMac()) && !m.active() && !allMembersActive) {
            return Admission.DROP_REFUSED;
        }
        switch (s.mode()) {
            case BALANCE_TCP, ACTIVE_BACKUP -> {
                if (s.mode() == BondMode.BALANCE_TCP && !s.lacpFallbackAb()) {
                    return Admission.DROP_REFUSED;
                }
                return m.active() ? Admission.ACCEPT : Admission.DROP_REFUSED;
            }
            default -> {
                if (rx.learnedOnOtherPort() && (!rx.gratuitousArp() || rx.gratArpLocked())) {
                    return Admission.DROP_LOOPED_BACK;
                }
                return Admission.ACCEPT;
            }
        }
    }
}
