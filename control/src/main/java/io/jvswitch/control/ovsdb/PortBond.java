package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpMode;
import io.jvswitch.control.model.BondConfig;

import java.util.List;

/**
 * A Port row's bond and LACP columns as ovs-vswitchd reads them ({@code bridge.c port_configure_bond},
 * {@code port_configure_lacp}): {@code bond_mode} (unset or unknown → active-backup, with OVS's warning),
 * {@code lacp} (off/active/passive; unknown → off with a warning), {@code bond_updelay}/{@code bond_downdelay}
 * ({@code MAX(0, value)}), and the bond keys of {@code other_config}.
 */
final class PortBond {
    private PortBond() {
    }

    /** Reads the columns; throws {@link MalformedDatumException} when one is not of its type. */
    static BondConfig read(String port, ObjectNode row, List<String> warnings) {
        String modeText = OvsdbDatum.optionalString(row.get("bond_mode"));
        BondMode mode = BondMode.parse(modeText);
        if (modeText != null && mode == null) {
            warnings.add("port " + port + ": unknown bond_mode " + modeText + ", defaulting to "
                    + BondMode.ACTIVE_BACKUP.ovsName());
        }
        String lacpText = OvsdbDatum.optionalString(row.get("lacp"));
        LacpMode lacp = LacpMode.parse(lacpText);
        if (lacp == null) {
            warnings.add("port " + port + ": unknown LACP mode " + lacpText);
            lacp = LacpMode.OFF;
        }
        Long up = OvsdbDatum.optionalInteger(row.get("bond_updelay"));
        Long down = OvsdbDatum.optionalInteger(row.get("bond_downdelay"));
        return new BondConfig(mode, lacp, clampMs(up), clampMs(down),
                OvsdbDatum.stringMap(row.get("other_config")));
    }

    private static int clampMs(Long v) {
        return v == null ? 0 : (int) Math.clamp(v, 0, Integer.MAX_VALUE);
    }
}
