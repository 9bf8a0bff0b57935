package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvswitch.control.config.ConfigValidator;
import io.jvswitch.control.model.VlanMode;

import java.util.Set;
import java.util.TreeSet;

/**
 * A Port row's VLAN columns: {@code tag} (optional integer), {@code trunks} (set of integers), {@code vlan_mode}
 * (optional: access, trunk, native-tagged, native-untagged). Values the schema would refuse (a tag or trunk outside
 * 0..4095, an unknown mode) and {@code dot1q-tunnel} (not implemented) make a {@link #problem}: the port is left
 * out. ovs-vswitchd would instead ignore a bad tag and fall back to trunk mode for an unknown vlan_mode
 * ({@code bridge.c port_configure}); jvswitch refuses, as its config file does, rather than forward on a VLAN
 * nobody asked for. (ovsdb-server enforces the schema, so neither happens with a stock database.)
 *
 * @param problem why the port cannot be configured, or null
 */
record PortVlan(VlanMode mode, Integer tag, Set<Integer> trunks, String problem) {

    /** Reads the three columns; throws {@link MalformedDatumException} when one is not of its type. */
    static PortVlan read(ObjectNode row) {
        Long tag = OvsdbDatum.optionalInteger(row.get("tag"));
        Set<Integer> trunks = new TreeSet<>();
        String problem = null;
        if (tag != null && (tag < 0 || tag > ConfigValidator.MAX_VLAN)) {
            problem = "tag " + tag + " out of range 0.." + ConfigValidator.MAX_VLAN;
        }
        for (long t : OvsdbDatum.integers(row.get("trunks"))) {
            if (t < 0 || t > ConfigValidator.MAX_VLAN) {
                if (problem == null) {
                    problem = "trunk VLAN " + t + " out of range 0.." + ConfigValidator.MAX_VLAN;
                }
            } else {
                trunks.add((int) t);
            }
        }
        String modeText = OvsdbDatum.optionalString(row.get("vlan_mode"));
        VlanMode mode = modeText == null ? null : VlanMode.ofOvsName(modeText);
        if (modeText != null && mode == null && problem == null) {
            problem = modeText.equals("dot1q-tunnel") ? "vlan_mode dot1q-tunnel is not supported"
                    : "unknown vlan_mode \"" + modeText + "\"";
        }
        Integer t = problem != null || tag == null ? null : (int) (long) tag;
        return new PortVlan(mode, t, trunks, problem);
    }
}
