package io.jvswitch.control.bridge;

import io.jvswitch.dataplane.action.Actions;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns NORMAL's outputs — datapath port plus the outer VLAN the frame must carry there — into a compact
 * datapath action list. Outputs are grouped by tag state: first every output that needs the frame as it
 * arrived (no action at all), then each other VID (set_vlan_vid on a tagged frame, push_vlan on an untagged
 * one), and last the untagged outputs of a tagged frame (pop_vlan). This order never needs the input's TPID or
 * PCP: set_vlan_vid keeps them and a push only happens on a frame that had no tag (TPID 0x8100, PCP 0) — so
 * the megaflow does not have to match them.
 */
final class ActionCompiler {
    private static final int TPID_8021Q = 0x8100;

    private ActionCompiler() {
    }

    /**
     * @param outputs   outputs in decision order (vid -1 = untagged)
     * @param inTagged  whether the packet arrived with an outer tag
     * @param inVid     its VID (when tagged)
     */
    static int[] compile(List<NormalXlate.Output> outputs, boolean inTagged, int inVid) {
        if (outputs.isEmpty()) {
            return Actions.DROP_ALL;
        }
        Actions.Builder b = Actions.builder();
        int cur = inTagged ? inVid : -1;
        for (NormalXlate.Output o : outputs) {
            if (o.vid() == cur) {
                out(b, o);
            }
        }
        List<Integer> vids = new ArrayList<>();
        for (NormalXlate.Output o : outputs) {
            if (o.vid() >= 0 && o.vid() != cur && !vids.contains(o.vid())) {
                vids.add(o.vid());
            }
        }
        boolean tagged = inTagged;
        for (int vid : vids) {
            if (tagged) {
                b.setVlanVid(vid);
            } else {
                b.pushVlan(TPID_8021Q, vid);
                tagged = true;
            }
            for (NormalXlate.Output o : outputs) {
                if (o.vid() == vid) {
                    out(b, o);
                }
            }
        }
        if (inTagged) {
            boolean popped = false;
            for (NormalXlate.Output o : outputs) {
                if (o.vid() < 0) {
                    if (!popped) {
                        b.popVlan();
                        popped = true;
                    }
                    out(b, o);
                }
            }
        }
        return b.build();
    }

    /** A port output, or a bond output (the datapath picks the member). */
    private static void out(Actions.Builder b, NormalXlate.Output o) {
        if (o.bondId() >= 0) {
            b.bondOutput(o.bondId(), o.bondVlan());
        } else {
            b.output(o.odpPort());
        }
    }
}
