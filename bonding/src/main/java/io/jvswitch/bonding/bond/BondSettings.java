package io.jvswitch.bonding.bond;

import io.jvswitch.bonding.BondMode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A bond's configuration, OVS's {@code struct bond_settings} as {@code vswitchd/bridge.c}
 * {@code port_configure_bond} fills it from the Port row.
 *
 * <h2>Design</h2> {@link #fromOvs} applies OVS 3.1's defaults and appends its warnings (same text, without the
 * log prefix) to a caller's list; the record itself only normalises what OVS normalises. {@code activeMemberMac}
 * is {@code Port.bond_active_slave} parsed, 0 when absent or unparsable (OVS's {@code eth_addr_zero}).
 * {@code miimonIntervalMs} is 0 for carrier detection. {@code lacpConfigured} says whether the port runs LACP
 * (the bond itself reads LACP's state through {@link io.jvswitch.bonding.LacpView}).
 *
 * @param name bond (port) name
 * @param mode {@code bond_mode}
 * @param updelayMs {@code bond_updelay}, at least 0
 * @param downdelayMs {@code bond_downdelay}, at least 0
 * @param hashBasis {@code bond-hash-basis} (a uint32 in OVS; printed unsigned)
 * @param rebalanceIntervalMs {@code bond-rebalance-interval}: 0 disables, else at least 1000
 * @param primary {@code bond-primary} (only kept for active-backup or with {@code lacp-fallback-ab}), or null
 * @param allMembersActive {@code all-members-active}
 * @param lacpFallbackAb {@code lacp-fallback-ab}
 * @param lacpConfigured whether {@code Port.lacp} is active or passive
 * @param activeMemberMac {@code bond_active_slave} as a MAC, 0 when none
 * @param lbOutputAction {@code lb-output-action} (balance-tcp only)
 * @param miimonIntervalMs {@code bond-miimon-interval} with {@code bond-detect-mode=miimon}, else 0
 */
public record BondSettings(String name, BondMode mode, int updelayMs, int downdelayMs, int hashBasis,
                           int rebalanceIntervalMs, String primary, boolean allMembersActive,
                           boolean lacpFallbackAb, boolean lacpConfigured, long activeMemberMac,
                           boolean lbOutputAction, int miimonIntervalMs) {

    /** OVS's default {@code bond-rebalance-interval}. */
    public static final int DEFAULT_REBALANCE_INTERVAL_MS = 10_000;

    public BondSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        updelayMs = Math.max(0, updelayMs);
        downdelayMs = Math.max(0, downdelayMs);
        if (rebalanceIntervalMs < 0) {
            rebalanceIntervalMs = 0;
        } else if (rebalanceIntervalMs > 0 && rebalanceIntervalMs < 1000) {
            rebalanceIntervalMs = 1000;
        }
    }

    /** OVS's defaults for a bond named {@code name} in {@code mode}. */
    public static BondSettings defaults(String name, BondMode mode) {
        return new BondSettings(name, mode, 0, 0, 0, DEFAULT_REBALANCE_INTERVAL_MS, null, false, false, false, 0,
                false, 0);
    }

    /** A copy with another mode. */
    public BondSettings withMode(BondMode m) {
        return new BondSettings(name, m, updelayMs, downdelayMs, hashBasis, rebalanceIntervalMs, primary,
                allMembersActive, lacpFallbackAb, lacpConfigured, activeMemberMac, lbOutputAction, miimonIntervalMs);
    }

    /**
     * {@code port_configure_bond}: {@code bondMode}, {@code updelay}, {@code downdelay} and {@code bondActiveSlave}
     * are the Port columns (null when unset), {@code otherConfig} its {@code other_config}; {@code lacpConfigured}
     * whether {@code Port.lacp} is active or passive. OVS's warnings are appended to {@code warnings}.
     */
    public static BondSettings fromOvs(String name, String bondMode, long updelay, long downdelay,
                                       Map<String, String> otherConfig, boolean lacpConfigured,
                                       String bondActiveSlave, List<String> warnings) {
        Map<String, String> oc = otherConfig == null ? Map.of() : otherConfig;
        BondMode mode = BondMode.ACTIVE_BACKUP;
        if (bondMode != null) {
            BondMode m = BondMode.parse(bondMode);
            if (m == null || !m.ovsName().equals(bondMode)) {
                warnings.add("port " + name + ": unknown bond_mode " + bondMode + ", defaulting to "
                        + mode.ovsName());
            } else {
                mode = m;
            }
        } else {
            warnings.add("port " + name + ": Using the default bond_mode " + mode.ovsName()
                    + ". Note that in previous versions, the default bond_mode was balance-slb");
        }
        int miimon = getInt(oc, "bond-miimon-interval", 0);
        if (miimon <= 0) {
            miimon = 200;
        }
        String detect = oc.get("bond-detect-mode");
        if (detect == null || detect.equals("carrier")) {
            miimon = 0;
        } else if (!detect.equals("miimon")) {
            warnings.add("port " + name + ": unsupported bond-detect-mode " + detect + ", defaulting to carrier");
            miimon = 0;
        }
        boolean fallback = getBool(oc, "lacp-fallback-ab");
        String primary = (mode == BondMode.ACTIVE_BACKUP || fallback) ? oc.get("bond-primary") : null;
        long activeMac = Macs.parse(bondActiveSlave);
        return new BondSettings(name, mode, clampInt(updelay), clampInt(downdelay),
                getInt(oc, "bond-hash-basis", 0), getInt(oc, "bond-rebalance-interval", DEFAULT_REBALANCE_INTERVAL_MS),
                primary, getBool(oc, "all-members-active"), fallback, lacpConfigured, activeMac < 0 ? 0 : activeMac,
                mode == BondMode.BALANCE_TCP && getBool(oc, "lb-output-action"), miimon);
    }

    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** {@code smap_get_int}: the whole value must be a base-10 int, else the default. */
    static int getInt(Map<String, String> oc, String key, int def) {
        String v = oc.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /** {@code smap_get_bool(..., false)}: "true", case-insensitively. */
    static boolean getBool(Map<String, String> oc, String key) {
        String v = oc.get(key);
        return v != null && v.toLowerCase(Locale.ROOT).equals("true");
    }
}
