package io.jvswitch.control.bridge;

import io.jvswitch.control.model.FailMode;
import io.jvswitch.dataplane.slowpath.SlowPath;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.FlowMask;

import java.util.ArrayList;
import java.util.List;

/**
 * The NORMAL action: translates a packet's {@link FlowKey} into datapath actions plus the narrowest mask that
 * makes the decision valid for every packet it matches — OVS's {@code xlate_normal} and its helpers
 * ({@code ofproto/ofproto-dpif-xlate.c}, v3.1).
 *
 * <h2>Decision</h2>
 * <ol>
 *   <li>in_port → (bridge, port); unknown ports and {@code fail_mode=secure} bridges drop.</li>
 *   <li>Frames with a partial VLAN header (type 0x8100/0x88a8 but no tag parsed) drop.</li>
 *   <li>Ingress VLAN admission per the port's {@code vlan_mode}; the internal VLAN.</li>
 *   <li>Reserved destinations 01:80:c2:00:00:0x drop (no STP/LACP/LLDP consumer yet).</li>
 *   <li>Gratuitous ARP ({@link GratuitousArp}); on a bond, receive admissibility ({@link BondAdmission}: on
 *       balance-slb "drop if moved", which lets an unlocked gratuitous ARP through).</li>
 *   <li>Learning of (VLAN, source) on the input port (side effect; skipped when re-translating); a gratuitous ARP
 *       locks the entry or respects its lock ({@link MacLearningTable}).</li>
 *   <li>Known unicast → the learned port, never back to the input port (no hairpin); unknown unicast,
 *       multicast and broadcast → flood to every other port that carries the VLAN, in OpenFlow port order.</li>
 *   <li>Egress tag per the output port's mode, keeping PCP (and TPID) as OVS does. Output to a patch port
 *       continues in the peer bridge with the frame as it leaves the patch port, in the same translation
 *       (one megaflow spans all bridges, as in OVS); deeper than {@value #MAX_DEPTH} → the whole flow drops.</li>
 * </ol>
 *
 * <h2>Mask</h2> Like OVS: in_port (and recirc_id), eth_src, eth_dst and the outer VID + presence bit always
 * (OVS unwildcards them at the top of {@code xlate_normal}); eth_type only for untagged frames (the
 * partial-tag check reads it); PCP only when a decision depends on it (VLAN 0 leaves a trunk tagged only when
 * it carries a priority); for broadcast frames eth_type, and for broadcast ARP the opcode and, for requests, the
 * sender/target addresses ({@link GratuitousArp}: the learning's lock flag and SLB admissibility depend on them,
 * as in OVS's {@code xlate_normal}). The inner tag is never matched (OVS's default {@code vlan-limit=1}: it is
 * payload). Actions are built by {@link ActionCompiler} so that they never need the TPID or PCP of the input.
 *
 * <h2>Thread-safety</h2> Stateless; reads an immutable {@link Topology} and the thread-safe MAC tables.
 */
public final class NormalXlate {
    /** OVS's {@code MAX_DEPTH} of bridge-to-bridge (patch) recursion. */
    public static final int MAX_DEPTH = 64;

    static final long MASK_IN_PORT = -1L;
    static final long MASK_MAC = 0xffffffffffff0000L;
    static final long MASK_ETH_TYPE = 0xffffL;
    static final long MASK_VID_CFI = (long) (0x0fff | FlowKey.VLAN_CFI) << 32;
    static final long MASK_PCP = 0xe000L << 32;
    private static final int ETH_TYPE_8021Q = 0x8100;
    private static final int ETH_TYPE_8021AD = 0x88a8;
    private static final int ETH_TYPE_SLOW = 0x8809;

    private NormalXlate() {
    }

    /**
     * A learning the translation did (or, when re-translating, would do): the revalidator replays them. With
     * {@code gratArp} the frame was a gratuitous ARP (OVS's {@code XC_NORMAL} keeps the same flag): on a port that
     * is not a bond its replay re-arms the MAC's gratuitous-ARP lock, on a bond it respects the lock.
     */
    public record Learning(Bridge bridge, BridgePort port, long mac, int vlan, boolean gratArp) {
        /** Replays this learning at {@code when} into {@code macs}. */
        void replay(MacLearningTable macs, long when) {
            macs.replay(mac, vlan, port.ofport(), when, gratArp, port.isBond());
        }
    }

    /**
     * One output with the tag the frame must carry there (-1 = untagged): a datapath port, or a bond
     * ({@code bondId} ≥ 0: the datapath picks the member, hashing with {@code bondVlan}, the bridge's VLAN).
     */
    record Output(int odpPort, int vid, int bondId, int bondVlan) {
        Output(int odpPort, int vid) {
            this(odpPort, vid, -1, 0);
        }
    }

    private static final class Ctx {
        final Topology topo;
        final long[] key;
        final int base;
        final boolean sideEffects;
        final long now;
        final long src;
        final long dst;
        final boolean inTagged;
        final int inPcp;
        final List<Output> outputs = new ArrayList<>();
        final List<Learning> learnings = new ArrayList<>();
        final long[] mask = new long[FlowKey.KEY_WORDS];
        int depth;
        boolean tooDeep;
        int slowPath;

        Ctx(Topology topo, long[] key, int base, boolean sideEffects, long now) {
            this.topo = topo;
            this.key = key;
            this.base = base;
            this.sideEffects = sideEffects;
            this.now = now;
            this.src = FlowKey.ethSrc(key, base);
            this.dst = FlowKey.ethDst(key, base);
            int tci = FlowKey.vlanTci(key, base, 0);
            this.inTagged = (tci & FlowKey.VLAN_CFI) != 0;
            this.inPcp = inTagged ? tci >>> 13 : 0;
        }
    }

    /**
     * Translates the packet whose key is at {@code key[base]} (in_port = datapath port).
     *
     * @param sideEffects learn source MACs (an upcall); false for revalidation
     */
    public static Translation translate(Topology topo, long[] key, int base, boolean sideEffects, long now) {
        Ctx c = new Ctx(topo, key, base, sideEffects, now);
        c.mask[FlowKey.W_IN_PORT] = MASK_IN_PORT;
        Topology.PortRef in = topo.byOdpPort().get(FlowKey.inPort(key, base));
        if (in != null) {
            int tci = FlowKey.vlanTci(key, base, 0);
            normal(c, in.bridge(), in.port(), c.inTagged, tci & 0xfff);
        }
        int[] actions = c.tooDeep ? new int[0] : ActionCompiler.compile(c.outputs, c.inTagged,
                FlowKey.vlanTci(key, base, 0) & 0xfff);
        return new Translation(actions, FlowMask.of(c.mask), List.copyOf(c.learnings), c.tooDeep, c.slowPath);
    }

    /** {@code xlate_normal} in one bridge for a frame entering on {@code inPort} with the given outer tag. */
    private static void normal(Ctx c, BridgeView br, BridgePort inPort, boolean tagged, int vid) {
        if (br.failMode() == FailMode.SECURE) {
            return;
        }
        c.mask[FlowKey.W_ETH_SRC] |= MASK_MAC;
        c.mask[FlowKey.W_ETH_DST] |= MASK_MAC;
        c.mask[FlowKey.W_VLAN] |= MASK_VID_CFI;
        if (!c.inTagged && c.depth == 0) {
            c.mask[FlowKey.W_ETH_DST] |= MASK_ETH_TYPE;
            int type = FlowKey.ethType(c.key, c.base);
            if (type == ETH_TYPE_8021Q || type == ETH_TYPE_8021AD) {
                return;
            }
        }
        if (inPort.isBond() && c.depth == 0) {
            c.mask[FlowKey.W_ETH_DST] |= MASK_ETH_TYPE;
            if (FlowKey.ethType(c.key, c.base) == ETH_TYPE_SLOW) {
                c.slowPath = SlowPath.LACP;      // LACPDUs (and markers) go to the bond's LACP, never switched
                return;
            }
        }
        int inVid = tagged ? vid : 0;
        if (!inPort.acceptsInputVid(inVid)) {
            return;
        }
        int vlan = inPort.inputVlan(inVid);
        boolean gratArp = GratuitousArp.check(c.key, c.base, c.mask);
        if (inPort.isBond() && c.depth == 0 && !BondAdmission.admits(c.topo.bonds(), br, inPort,
                FlowKey.inPort(c.key, c.base), c.src, c.dst, vlan, gratArp, c.now)) {
            return;
        }
        if (MacAddresses.isReserved(c.dst)) {
            return;
        }
        if (!MacAddresses.isMulticast(c.src)) {
            c.learnings.add(new Learning(br.bridge(), inPort, c.src, vlan, gratArp));
            if (c.sideEffects) {
                br.macs().learn(c.src, vlan, inPort.ofport(), c.now, gratArp, inPort.isBond());
            }
        }
        if (!MacAddresses.isMulticast(c.dst)) {
            int learned = br.macs().lookup(c.dst, vlan, c.now);
            if (learned >= 0) {
                BridgePort out = br.byOfport().get(learned);
                if (out != null && out != inPort) {
                    output(c, out, vlan);
                }
                return;
            }
        }
        for (BridgePort out : br.ports()) {
            if (out != inPort && out.includesVlan(vlan)) {
                output(c, out, vlan);
            }
        }
    }

    /** {@code output_normal}: egress tagging, then a datapath output or the patch peer's bridge. */
    private static void output(Ctx c, BridgePort out, int vlan) {
        int vid = out.keepsTag(vlan) ? vlan : -1;
        if (vid == 0) {
            // xvlan_put: a VLAN 0 "tag" is kept only when it carries a priority, so PCP matters here.
            if (c.inTagged) {
                c.mask[FlowKey.W_VLAN] |= MASK_PCP;
            }
            vid = c.inPcp != 0 ? 0 : -1;
        }
        if (out.isBond()) {
            c.outputs.add(new Output(-1, vid, out.bondId(), vlan));
            return;
        }
        if (!out.isPatch()) {
            int odp = out.outputOdpPort();
            if (odp >= 0) {
                c.outputs.add(new Output(odp, vid));
            }
            return;
        }
        Topology.PortRef peer = c.topo.byIface().get(out.patchPeer());
        if (peer == null || !peer.port().isPatch()) {
            return;
        }
        if (c.depth >= MAX_DEPTH) {
            c.tooDeep = true;
            return;
        }
        c.depth++;
        normal(c, peer.bridge(), peer.port(), vid >= 0, Math.max(vid, 0));
        c.depth--;
    }
}
