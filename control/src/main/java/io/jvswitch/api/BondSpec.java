package io.jvswitch.api;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpMode;
import io.jvswitch.control.model.BondConfig;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A bond's settings (issue 6), for {@link PortSpec#bond}: the Port row's {@code bond_mode}, {@code lacp},
 * {@code bond_updelay}, {@code bond_downdelay} and its bond {@code other_config} keys, with the names, values and
 * defaults of Open vSwitch and of the config file (docs/config-file.md, port keys):
 * <pre>{@code
 * BondSpec.balanceTcp().lacp(LacpMode.ACTIVE).lacpTime(BondSpec.LacpTime.FAST).lacpFallbackAb(true)
 * BondSpec.activeBackup().primary("eth1").updelayMs(200)
 * }</pre>
 * Immutable; every method returns a new spec.
 *
 * <h2>Design</h2> A spec only writes the model ({@link BondConfig}: the columns, and the {@code other_config} keys
 * as the strings the file holds), so a bond built here and the same bond in a config file are equal models. Values
 * are checked where the file's are, when the switch applies the configuration ({@code ConfigValidator}); values OVS
 * reads leniently (a negative delay is 0, a rebalance interval below 1000 ms is 1000 ms, an unparsable
 * {@code lacp-system-id} is the default) are read the same lenient way.
 */
public final class BondSpec {
    /** {@code other_config:lacp-time}: LACPDUs every second (fast) or every 30 seconds (slow, the default). */
    public enum LacpTime {
        FAST, SLOW
    }

    private final BondMode mode;
    private final LacpMode lacp;
    private final int updelayMs;
    private final int downdelayMs;
    private final Map<String, String> otherConfig;

    private BondSpec(BondMode mode, LacpMode lacp, int updelayMs, int downdelayMs, Map<String, String> otherConfig) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.lacp = Objects.requireNonNull(lacp, "lacp");
        this.updelayMs = updelayMs;
        this.downdelayMs = downdelayMs;
        this.otherConfig = Map.copyOf(otherConfig);
    }

    /** A bond in {@code mode} with OVS's defaults otherwise (LACP off, no delays). */
    public static BondSpec of(BondMode mode) {
        return new BondSpec(mode, LacpMode.OFF, 0, 0, Map.of());
    }

    /** {@code bond_mode=active-backup} (OVS's default): one active member, the others standing by. */
    public static BondSpec activeBackup() {
        return of(BondMode.ACTIVE_BACKUP);
    }

    /** {@code bond_mode=balance-slb}: flows spread by source MAC and VLAN. */
    public static BondSpec balanceSlb() {
        return of(BondMode.BALANCE_SLB);
    }

    /** {@code bond_mode=balance-tcp}: flows spread by L3/L4 hash; needs LACP (or {@link #lacpFallbackAb}). */
    public static BondSpec balanceTcp() {
        return of(BondMode.BALANCE_TCP);
    }

    /** {@code lacp}: off (default), active or passive. */
    public BondSpec lacp(LacpMode mode) {
        return new BondSpec(this.mode, mode, updelayMs, downdelayMs, otherConfig);
    }

    /** {@code bond_updelay}: how long a member must stay up before it is enabled, ms (negative: 0). */
    public BondSpec updelayMs(int ms) {
        return new BondSpec(mode, lacp, ms, downdelayMs, otherConfig);
    }

    /** {@code bond_downdelay}: how long a member must stay down before it is disabled, ms (negative: 0). */
    public BondSpec downdelayMs(int ms) {
        return new BondSpec(mode, lacp, updelayMs, ms, otherConfig);
    }

    /** {@code other_config:lacp-time}. */
    public BondSpec lacpTime(LacpTime time) {
        return other("lacp-time", time == LacpTime.FAST ? "fast" : "slow");
    }

    /** {@code other_config:lacp-fallback-ab}: without a negotiated LACP partner, behave as active-backup. */
    public BondSpec lacpFallbackAb(boolean fallback) {
        return other("lacp-fallback-ab", Boolean.toString(fallback));
    }

    /** {@code other_config:lacp-system-id} ({@code xx:xx:xx:xx:xx:xx}; default: the bridge's MAC). */
    public BondSpec lacpSystemId(String mac) {
        return other("lacp-system-id", mac);
    }

    /** {@code other_config:lacp-system-priority} (default: 65534 with two or more members, else 65535). */
    public BondSpec lacpSystemPriority(int priority) {
        return other("lacp-system-priority", Integer.toString(priority));
    }

    /** {@code other_config:bond-rebalance-interval}, ms: 0 disables, else at least 1000 (default 10 000). */
    public BondSpec rebalanceIntervalMs(int ms) {
        return other("bond-rebalance-interval", Integer.toString(ms));
    }

    /** {@code other_config:bond-primary}: the member active-backup prefers whenever it is enabled. */
    public BondSpec primary(String member) {
        return other("bond-primary", member);
    }

    /** {@code other_config:bond-hash-basis}: the seed of the bucket hash (default 0). */
    public BondSpec hashBasis(int basis) {
        return other("bond-hash-basis", Integer.toString(basis));
    }

    /** {@code other_config:all-members-active} (balance-slb): accept multicast and broadcast on every member. */
    public BondSpec allMembersActive(boolean all) {
        return other("all-members-active", Boolean.toString(all));
    }

    /** {@code other_config:lb-output-action} (balance-tcp). */
    public BondSpec lbOutputAction(boolean on) {
        return other("lb-output-action", Boolean.toString(on));
    }

    /**
     * {@code other_config:bond-detect-mode=miimon} with {@code bond-miimon-interval}: accepted and kept as the
     * config file keeps them; member liveness is read from the carrier either way.
     */
    public BondSpec miimonIntervalMs(int ms) {
        return other("bond-detect-mode", "miimon").other("bond-miimon-interval", Integer.toString(ms));
    }

    public BondMode mode() {
        return mode;
    }

    private BondSpec other(String key, String value) {
        Map<String, String> o = new TreeMap<>(otherConfig);
        o.put(key, Objects.requireNonNull(value, key));
        return new BondSpec(mode, lacp, updelayMs, downdelayMs, o);
    }

    BondConfig toConfig() {
        return new BondConfig(mode, lacp, updelayMs, downdelayMs, otherConfig);
    }
}
