package io.jvswitch.control.bridge;

import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.VlanMode;

import java.util.Set;

/**
 * An independent statement of OVS's VLAN rules (ovs-surface.md §4 table, ovs-vswitchd.conf.db(5)), written
 * separately from {@link BridgePort} so the tests check the implementation against the documentation.
 */
final class VlanOracle {
    private final VlanMode mode;
    private final int tag;
    private final Set<Integer> trunks;

    VlanOracle(PortConfig p) {
        this.mode = p.effectiveVlanMode();
        this.tag = p.tag() == null ? 0 : p.tag();
        this.trunks = p.trunks();
    }

    private boolean inTrunks(int v) {
        return trunks.isEmpty() || trunks.contains(v);
    }

    /** Is VLAN v carried? Native ports always carry their native VLAN and (with a native VLAN) never VLAN 0. */
    boolean carries(int v) {
        return switch (mode) {
            case ACCESS -> v == tag;
            case TRUNK -> inTrunks(v);
            case NATIVE_TAGGED, NATIVE_UNTAGGED -> tag == 0 ? inTrunks(v) : v == tag || (v != 0 && inTrunks(v));
        };
    }

    /** Is a frame with this outer VID (0: untagged or priority-tagged) accepted? */
    boolean admits(int vid) {
        return switch (mode) {
            case ACCESS -> vid == 0;
            case TRUNK -> inTrunks(vid);
            case NATIVE_TAGGED, NATIVE_UNTAGGED -> vid == 0 || carries(vid);
        };
    }

    /** The bridge-internal VLAN of an admitted frame. */
    int vlanOf(int vid) {
        return switch (mode) {
            case ACCESS -> tag;
            case TRUNK -> vid;
            case NATIVE_TAGGED, NATIVE_UNTAGGED -> vid == 0 ? tag : vid;
        };
    }

    /** The TCI a frame of VLAN v with priority pcp carries when leaving here, or -1 for untagged. */
    int egressTci(int v, int pcp) {
        if (mode == VlanMode.ACCESS || (mode == VlanMode.NATIVE_UNTAGGED && v == tag)) {
            return -1;
        }
        return v == 0 && pcp == 0 ? -1 : pcp << 13 | v;
    }

    /** A TCI (-1 = untagged) whose frame enters this port in VLAN v, or -2 when none does. */
    int ingressTciFor(int v) {
        if (admits(0) && vlanOf(0) == v) {
            return -1;
        }
        if (v != 0 && admits(v) && vlanOf(v) == v) {
            return v;
        }
        return -2;
    }
}
