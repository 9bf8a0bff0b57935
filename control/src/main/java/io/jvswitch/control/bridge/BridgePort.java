package io.jvswitch.control.bridge;

import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.VlanMode;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A port of a running bridge (OVS: an {@code ofbundle}/{@code xbundle}): its OpenFlow port number, the
 * datapath ports of its interfaces, and its VLAN policy with OVS 3.1 semantics
 * ({@code ofproto-dpif.c bundle_set}, {@code ofproto-dpif-xlate.c input_vid_is_valid},
 * {@code xbundle_includes_vlan}, {@code xvlan_input_translate}, {@code xvlan_output_translate}):
 *
 * <pre>
 * mode             input accepted                         internal VLAN   output
 * access (tag V)   untagged / priority-tagged (VID 0)     V               untagged, VLAN V only
 * trunk            VIDs in trunks (empty = all);          as received     tagged as is (VLAN 0 untagged
 *                  untagged = VLAN 0, if trunks allow 0                   unless it carries a PCP)
 * native-tagged    untagged ⇒ N; VIDs in trunks           N or VID        always tagged
 * native-untagged  same as native-tagged                  N or VID        VLAN N untagged, others tagged
 * </pre>
 * A native port always trunks its native VLAN and never VLAN 0 (unless the native VLAN is 0); a mode without
 * a tag uses VLAN 0, as OVS does. Immutable.
 *
 * @param name      the Port name
 * @param ofport    OpenFlow port number of its (first) interface; {@link #OFPP_LOCAL} for the bridge's own port
 * @param ifaces    interface names, in configuration order
 * @param odpPorts  datapath ports of the interfaces (empty for a patch port)
 * @param type      the (first) interface's type
 * @param patchPeer the peer interface name of a patch port, else null
 * @param mode      effective VLAN mode
 * @param vlan      access/native VLAN (0 when unset), unused for trunk
 * @param trunks    trunked VLANs, null = all
 * @param bondId    the datapath bond id when the port is a bond or runs LACP (issue 6), else -1
 */
public record BridgePort(String name, int ofport, List<String> ifaces, int[] odpPorts, String type, String patchPeer,
                         VlanMode mode, int vlan, BitSet trunks, int bondId) {
    /** OpenFlow's LOCAL port: the bridge's own internal port. */
    public static final int OFPP_LOCAL = 65534;

    /** Builds the runtime VLAN policy from a Port row as OVS's {@code bundle_set} does. */
    static BridgePort of(PortConfig cfg, int ofport, int[] odpPorts) {
        return of(cfg, ofport, odpPorts, -1);
    }

    /** The same, for a bond port with datapath bond id {@code bondId} (-1: not a bond). */
    static BridgePort of(PortConfig cfg, int ofport, int[] odpPorts, int bondId) {
        VlanMode mode = cfg.effectiveVlanMode();
        int vlan = mode == VlanMode.TRUNK ? 0 : cfg.tag() != null ? cfg.tag() : 0;
        BitSet trunks = null;
        Set<Integer> t = cfg.trunks();
        switch (mode) {
            case ACCESS -> trunks = null;
            case TRUNK -> trunks = t.isEmpty() ? null : bits(t);
            case NATIVE_TAGGED, NATIVE_UNTAGGED -> {
                if (vlan != 0 && (t.isEmpty() || !t.contains(vlan) || t.contains(0))) {
                    trunks = t.isEmpty() ? all() : bits(t);
                    trunks.set(vlan);
                    trunks.clear(0);
                } else {
                    trunks = t.isEmpty() ? null : bits(t);
                }
            }
            default -> throw new IllegalStateException("unsupported vlan mode " + mode);
        }
        var first = cfg.interfaces().get(0);
        String peer = "patch".equals(first.type()) ? first.options().get("peer") : null;
        List<String> names = cfg.interfaces().stream().map(i -> i.name()).toList();
        return new BridgePort(cfg.name(), ofport, names, odpPorts, first.type(), peer, mode, vlan, trunks, bondId);
    }

    private static BitSet bits(Set<Integer> s) {
        BitSet b = new BitSet(4096);
        for (int v : s) {
            b.set(v);
        }
        return b;
    }

    private static BitSet all() {
        BitSet b = new BitSet(4096);
        b.set(0, 4096);
        return b;
    }

    public boolean isBond() {
        return bondId >= 0;
    }

    public boolean isPatch() {
        return patchPeer != null;
    }

    /** The datapath port NORMAL outputs to (the first interface; bonds choose a member later), or -1. */
    public int outputOdpPort() {
        return odpPorts.length == 0 ? -1 : odpPorts[0];
    }

    private boolean trunksVlan(int v) {
        return mode != VlanMode.ACCESS && (trunks == null || trunks.get(v));
    }

    /** OVS {@code input_vid_is_valid}: may a frame with outer VID {@code vid} (0 = untagged) enter? */
    public boolean acceptsInputVid(int vid) {
        return switch (mode) {
            case ACCESS -> vid == 0;
            case NATIVE_TAGGED, NATIVE_UNTAGGED -> vid == 0 || trunksVlan(vid);
            default -> trunksVlan(vid);
        };
    }

    /** OVS {@code xvlan_input_translate}: the VLAN a valid input frame belongs to inside the bridge. */
    public int inputVlan(int vid) {
        return switch (mode) {
            case ACCESS -> vlan;
            case NATIVE_TAGGED, NATIVE_UNTAGGED -> vid == 0 ? vlan : vid;
            default -> vid;
        };
    }

    /** OVS {@code xbundle_includes_vlan}: does this port carry {@code v}? */
    public boolean includesVlan(int v) {
        return mode == VlanMode.ACCESS ? v == vlan : trunksVlan(v);
    }

    /** OVS {@code xvlan_output_translate}: does a frame of VLAN {@code v} leave this port with a tag? */
    public boolean keepsTag(int v) {
        return switch (mode) {
            case ACCESS -> false;
            case NATIVE_UNTAGGED -> v != vlan;
            default -> true;
        };
    }

    /** True when the VLAN policy (what OVS's {@code bundle_set} compares to decide a MAC flush) differs. */
    boolean sameVlanPolicy(BridgePort o) {
        return mode == o.mode && vlan == o.vlan && Objects.equals(trunks, o.trunks);
    }
}
