package io.jvswitch.control.model;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpMode;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Port's bond and LACP settings (issue 6), as the Port row has them: {@code bond_mode} (default active-backup),
 * {@code lacp} (default off), {@code bond_updelay}/{@code bond_downdelay} (ms, negative read as 0) and the
 * {@code other_config} keys that concern bonds and LACP ({@link #KEYS}; others are not kept, so unrelated keys do
 * not count as a change). A Port with two or more interfaces is a bond; LACP may also run on a one-interface port.
 * {@code bond_active_slave} is not here: ovs-vswitchd writes it and reads it back only at start, so it travels as a
 * hint beside the configuration, not in it.
 */
public record BondConfig(BondMode mode, LacpMode lacp, int updelayMs, int downdelayMs,
                         Map<String, String> otherConfig) {
    /** The Port {@code other_config} keys a bond reads (OVS 3.1 {@code bridge.c}). */
    public static final Set<String> KEYS = Set.of("bond-hash-basis", "bond-rebalance-interval", "bond-detect-mode",
            "bond-miimon-interval", "bond-primary", "lacp-system-id", "lacp-system-priority", "lacp-time",
            "lacp-fallback-ab", "lb-output-action", "all-members-active");

    /** OVS's defaults: active-backup, LACP off, no delays. */
    public static final BondConfig DEFAULT = new BondConfig(BondMode.ACTIVE_BACKUP, LacpMode.OFF, 0, 0, Map.of());

    public BondConfig {
        mode = mode == null ? BondMode.ACTIVE_BACKUP : mode;
        lacp = lacp == null ? LacpMode.OFF : lacp;
        updelayMs = Math.max(0, updelayMs);
        downdelayMs = Math.max(0, downdelayMs);
        Map<String, String> kept = new TreeMap<>();
        if (otherConfig != null) {
            otherConfig.forEach((k, v) -> {
                if (KEYS.contains(k) && v != null) {
                    kept.put(k, v);
                }
            });
        }
        otherConfig = Map.copyOf(kept);
    }
}
