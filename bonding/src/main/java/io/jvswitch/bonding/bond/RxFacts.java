package io.jvswitch.bonding.bond;

/**
 * What receive admissibility needs to know about a packet besides the bond: its destination MAC, whether the
 * MAC table has its source MAC + VLAN on a port other than this bond, whether it is a gratuitous ARP
 * ({@link #isGratuitousArp}), and whether that MAC entry is under OVS's 5 s gratuitous-ARP lock
 * ({@code mac_entry_is_grat_arp_locked}; the lock lives in the MAC table).
 */
public record RxFacts(long dstMac, boolean learnedOnOtherPort, boolean gratuitousArp, boolean gratArpLocked) {
    private static final long BROADCAST = 0xffff_ffff_ffffL;

    /**
     * OVS {@code is_gratuitous_arp}: an ARP to the broadcast MAC that is a reply, or a request whose sender and
     * target IPv4 addresses are equal.
     */
    public static boolean isGratuitousArp(int ethType, long dstMac, int arpOp, int spa, int tpa) {
        if (ethType != 0x0806 || dstMac != BROADCAST) {
            return false;
        }
        return arpOp == 2 || (arpOp == 1 && spa == tpa);
    }
}
