package io.jvswitch.control.bond;

import io.jvswitch.bonding.bond.Bond;
import io.jvswitch.bonding.lacp.Lacp;

import java.util.HashMap;
import java.util.Map;

/**
 * One bond port under the {@link BondController}: its bond (and LACP, when the port runs it), where its members
 * are in the datapath, and the transmit counters already fed to the bond's rebalancing. Bond-thread only.
 */
final class BondPortState {
    final String bridge;
    final String port;
    final int bondId;
    final Bond bond;
    Lacp lacp;
    final Map<String, Integer> odpByMember = new HashMap<>();
    final Map<Integer, String> memberByOdp = new HashMap<>();
    final long[] fedBytes = new long[256];
    long publishedVersion = -1;

    BondPortState(String bridge, String port, int bondId, Bond bond) {
        this.bridge = bridge;
        this.port = port;
        this.bondId = bondId;
        this.bond = bond;
    }
}
