package io.jvswitch.control.bridge;

import io.jvswitch.flowcache.FlowMask;

import java.util.List;

/**
 * The result of translating one packet: datapath actions, the wildcard mask they
 * are valid for, the learnings the decision made (replayed by the revalidator while the flow is used), and
 * whether the patch recursion limit was hit (the flow then drops), and the slow-path reason when the packet is for
 * the control plane ({@code io.jvswitch.dataplane.slowpath.SlowPath}: LACPDUs on a bond member; 0 otherwise).
 */
public record Translation(int[] actions, FlowMask mask, List<NormalXlate.Learning> learnings, boolean tooDeep,
                          int slowPath) {
    /** A translation that stays in the datapath. */
    public Translation(int[] actions, FlowMask mask, List<NormalXlate.Learning> learnings, boolean tooDeep) {
        this(actions, mask, learnings, tooDeep, 0);
    }
}
