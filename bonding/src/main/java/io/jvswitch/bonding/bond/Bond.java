package io.jvswitch.bonding.bond;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpStatus;
import io.jvswitch.bonding.LacpView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One bond: members, liveness, the active member, the 256-bucket transmit table and rebalancing, as OVS 3.1's
 * {@code ofproto/bond.c} has them.
 *
 * <h2>Design</h2> Pure logic on a virtual clock: every time-dependent call takes {@code nowMs}; no threads, no
 * I/O. The owner (control module) reports carrier ({@link #setCarrier}) and sets the port's {@link LacpView},
 * then calls {@link #run} (OVS {@code bond_run}) whenever something changed or {@link #nextWakeMs} is reached,
 * and acts on the {@link BondRun} (database, learning packets, publishing {@link #bucketTable()}).
 * <ul>
 *   <li>Liveness ({@code bond_link_status_update}): {@code up = carrier && LACP may enable}; a change of
 *       {@code up} arms {@code delay_expires = now + (up ? updelay : downdelay)}; at expiry the member is
 *       enabled/disabled. A member registered with carrier is enabled at once.</li>
 *   <li>Active member ({@code bond_choose_member}): re-chosen when none, when it is disabled or (active-backup)
 *       when the enabled primary is not active: enabled primary, else the member whose MAC is the remembered
 *       active MAC ({@code bond_active_slave}; OVS 3.5+ honours it at start, 3.1 dropped it — see
 *       {@code ovs commit 5cb19214e}), else the first enabled member, else the may-enable member whose updelay
 *       expires first, enabled at once ("skipping remaining N ms updelay").</li>
 *   <li>Buckets: "hash order" of OVS's member hmap is our member (registration) order. OVS assigns an empty
 *       or disabled bucket lazily when a packet hits it, from the round-robin list of enabled members
 *       ({@code get_enabled_member}). The table here is published to the datapath, so it names a member for every
 *       bucket: a bucket in use (bytes accounted, migrated or rebalanced) is committed to its member and moves,
 *       round robin, only when that member is disabled; an unused bucket shows a provisional member (bucket index
 *       modulo the enabled members, in enable order), committed at its first {@link #account}.</li>
 *   <li>Admin enable/disable ({@code bond/enable-member}) acts at once and, as in OVS, the next run applies the
 *       link-state rules again (a disabled member that is up comes back after its updelay).</li>
 * </ul>
 * Not thread-safe: one owner thread.
 */
public final class Bond {
    private static final int[] NONE_TABLE = filled(-1);

    private BondSettings settings;
    private final List<BondMember> members = new ArrayList<>();
    private final List<BondMember> enabledRoundRobin = new ArrayList<>();
    private LacpView lacp = LacpView.OFF;
    private LacpStatus lacpStatus;
    private BondMember active;
    private long activeMemberMac;
    private boolean activeMemberChanged;
    private boolean sendLearningPackets;
    private BondMember[] owner;          // null when the bond has no hash (active-backup or falling back)
    private final long[] tx = new long[BondHash.BUCKETS];
    private long nextRebalance;
    private int[] table = NONE_TABLE.clone();
    private long tableVersion;
    private boolean tableChangedSinceRun;
    private int recircId;
    private boolean lbOutputInUse;
    private final List<String> log = new ArrayList<>();
    private final List<String> enabledSinceRun = new ArrayList<>();
    private final List<String> disabledSinceRun = new ArrayList<>();

    /** {@code bond_create}: no members yet ({@link #addMember}). */
    public Bond(BondSettings settings, long nowMs) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.activeMemberMac = settings.activeMemberMac();
        this.lacpStatus = LacpStatus.OFF;
        entryReset(nowMs);
        refreshTable();
    }

    // ---- configuration ----------------------------------------------------------------------------------

    public BondSettings settings() {
        return settings;
    }

    public String name() {
        return settings.name();
    }

    /** {@code bond_reconfigure}: a change of mode, basis, interval, fallback or primary resets the buckets. */
    public void reconfigure(BondSettings s, long nowMs) {
        BondSettings old = settings;
        boolean revalidate = old.lacpFallbackAb() != s.lacpFallbackAb()
                || old.rebalanceIntervalMs() != s.rebalanceIntervalMs() || old.mode() != s.mode()
                || old.hashBasis() != s.hashBasis() || !Objects.equals(old.primary(), s.primary())
                || old.lbOutputAction() != s.lbOutputAction();
        settings = s;
        for (BondMember m : members) {
            m.primary = m.name.equals(s.primary());
        }
        if (s.mode() == BondMode.ACTIVE_BACKUP || owner == null || revalidate) {
            entryReset(nowMs);
        }
        refreshTable();
    }

    /** {@code bond_member_register}: adds a member, enabled at once when {@code carrier} (no updelay). */
    public void addMember(MemberConfig config, boolean carrier) {
        if (member(config.name()) != null) {
            throw new IllegalArgumentException("member exists: " + config.name());
        }
        BondMember m = new BondMember(config.name(), config.mac(), members.size());
        m.carrier = carrier;
        m.primary = m.name.equals(settings.primary());
        members.add(m);
        enableMember(m, carrier);
        refreshTable();
    }

    /** {@code bond_member_unregister}; false when there is no such member. */
    public boolean removeMember(String name) {
        BondMember m = member(name);
        if (m == null) {
            return false;
        }
        enableMember(m, false);
        if (owner != null) {
            for (int i = 0; i < owner.length; i++) {
                if (owner[i] == m) {
                    owner[i] = null;
                }
            }
        }
        members.remove(m);
        for (int i = 0; i < members.size(); i++) {
            members.get(i).index = i;
        }
        if (active == m) {
            chooseActiveMember(Long.MIN_VALUE);
            sendLearningPackets = true;
        }
        refreshTable();
        return true;
    }

    /** The port's LACP (or {@link LacpView#OFF}); read at each {@link #run}. */
    public void setLacp(LacpView view) {
        this.lacp = Objects.requireNonNull(view, "view");
    }

    /**
     * The recirculation id and lb_output use the datapath reports for this bond ({@code bond/show}'s
     * "Recirc-ID" and "bond-id" lines, {@code bond/list}'s recircID); jvswitch does not recirculate: 0, false.
     */
    public void setDatapathInfo(int recircId, boolean lbOutput) {
        this.recircId = recircId;
        this.lbOutputInUse = lbOutput;
    }

    /** Records carrier of {@code member}; takes effect at the next {@link #run}. False when no such member. */
    public boolean setCarrier(String member, boolean up) {
        BondMember m = member(member);
        if (m == null) {
            return false;
        }
        m.carrier = up;
        return true;
    }

    // ---- run ---------------------------------------------------------------------------------------------

    /** {@code bond_run} (and the owner's follow-ups): liveness, delays, active member, table. */
    public BondRun run(long nowMs) {
        LacpStatus status = lacp.status();
        if (status != lacpStatus) {
            lacpStatus = status;
            if (fallingBackToAb() || owner == null) {
                entryReset(nowMs);
            }
        }
        BondMember primary = null;
        for (BondMember m : members) {
            m.mayEnable = m.carrier && lacp.mayEnable(m.name);
            linkStatusUpdate(m, nowMs);
            if (settings.mode() == BondMode.ACTIVE_BACKUP && m.primary && m.enabled) {
                primary = m;
            }
        }
        if (active == null || !active.enabled || (primary != null && active != primary)) {
            chooseActiveMember(nowMs);
        }
        refreshTable();
        boolean learn = sendLearningPackets && maySendLearningPackets();
        sendLearningPackets = false;
        boolean changed = activeMemberChanged;
        activeMemberChanged = false;
        BondRun r = new BondRun(changed, active == null ? null : active.name, activeMemberMac, learn,
                List.copyOf(enabledSinceRun), List.copyOf(disabledSinceRun), tableChangedSinceRun, List.copyOf(log));
        enabledSinceRun.clear();
        disabledSinceRun.clear();
        log.clear();
        tableChangedSinceRun = false;
        return r;
    }

    /** When {@link #run} must be called next for a pending up/down delay ({@code bond_wait}); MAX_VALUE if none. */
    public long nextWakeMs() {
        long t = Long.MAX_VALUE;
        for (BondMember m : members) {
            t = Math.min(t, m.delayExpires);
        }
        return t;
    }

    private void linkStatusUpdate(BondMember m, long now) {
        boolean up = m.carrier && m.mayEnable;
        if ((up == m.enabled) != (m.delayExpires == Long.MAX_VALUE)) {
            log.add("member " + m.name + ": link state " + (up ? "up" : "down"));
            if (up == m.enabled) {
                m.delayExpires = Long.MAX_VALUE;
                log.add("member " + m.name + ": will not be " + (up ? "disabled" : "enabled"));
            } else {
                int delay = up ? settings.updelayMs() : settings.downdelayMs();
                m.delayExpires = now + delay;
                if (delay != 0) {
                    log.add("member " + m.name + ": will be " + (up ? "enabled" : "disabled") + " if it stays "
                            + (up ? "up" : "down") + " for " + delay + " ms");
                }
            }
        }
        if (now >= m.delayExpires) {
            enableMember(m, up);
        }
    }

    /** {@code bond_enable_member}. */
    private void enableMember(BondMember m, boolean enable) {
        m.delayExpires = Long.MAX_VALUE;
        if (enable != m.enabled) {
            m.enabled = enable;
            if (enable) {
                enabledRoundRobin.add(m);
                enabledSinceRun.add(m.name);
            } else {
                sendLearningPackets = true;
                enabledRoundRobin.remove(m);
                disabledSinceRun.add(m.name);
            }
            log.add("member " + m.name + ": " + (enable ? "enabled" : "disabled"));
        }
    }

    private BondMember chooseMember() {
        for (BondMember m : members) {
            if (m.primary && m.enabled) {
                return m;
            }
        }
        BondMember byMac = memberByMac(activeMemberMac);
        if (byMac != null && byMac.enabled) {
            return byMac;
        }
        for (BondMember m : members) {
            if (m.enabled) {
                return m;
            }
        }
        BondMember best = null;
        for (BondMember m : members) {
            if (m.delayExpires != Long.MAX_VALUE && m.mayEnable
                    && (best == null || m.delayExpires < best.delayExpires)) {
                best = m;
            }
        }
        return best;
    }

    /** {@code bond_choose_active_member}. */
    private void chooseActiveMember(long now) {
        BondMember old = active;
        active = chooseMember();
        if (active != null) {
            if (active.enabled) {
                log.add("bond " + name() + ": active member is now " + active.name);
            } else {
                log.add("bond " + name() + ": active member is now " + active.name + ", skipping remaining "
                        + (active.delayExpires - now) + " ms updelay (since no member was enabled)");
                enableMember(active, true);
            }
            sendLearningPackets = true;
            if (active != old) {
                activeChanged();
            }
        } else if (old != null) {
            activeChanged();
            log.add("bond " + name() + ": all members disabled");
        }
    }

    private void activeChanged() {
        activeMemberMac = active == null ? 0 : active.mac;
        activeMemberChanged = true;
    }

    private boolean maySendLearningPackets() {
        BondMode mode = settings.mode();
        return ((lacpStatus == LacpStatus.OFF && (mode == BondMode.BALANCE_SLB || mode == BondMode.ACTIVE_BACKUP))
                || (settings.lacpFallbackAb() && lacpStatus == LacpStatus.CONFIGURED)) && active != null;
    }

    // ---- commands (ovs-appctl bond/...) -------------------------------------------------------------------

    /** {@code bond/set-active-member}: "done", "no change", or an error. */
    public Reply setActiveMember(String member) {
        BondMember m = member(member);
        if (m == null) {
            return Reply.err("no such member");
        }
        if (!m.enabled) {
            return Reply.err("cannot make disabled member active");
        }
        if (active == m) {
            return Reply.ok("no change");
        }
        active = m;
        log.add("bond " + name() + ": active member is now " + m.name);
        sendLearningPackets = true;
        activeChanged();
        refreshTable();
        return Reply.ok("done");
    }

    /** {@code bond/enable-member} / {@code bond/disable-member}: "enabled"/"disabled" or an error. */
    public Reply setMemberEnabled(String member, boolean enable) {
        BondMember m = member(member);
        if (m == null) {
            return Reply.err("no such member");
        }
        enableMember(m, enable);
        refreshTable();
        return Reply.ok(enable ? "enabled" : "disabled");
    }

    /** {@code bond/migrate}: moves bucket {@code hash & 0xff} to {@code member} (balance-slb only). */
    public Reply migrate(String hash, String member) {
        if (settings.mode() != BondMode.BALANCE_SLB) {
            return Reply.err("not an SLB bond");
        }
        if (hash.isEmpty() || !hash.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Reply.err("bad hash");
        }
        BondMember m = member(member);
        if (m == null) {
            return Reply.err("no such member");
        }
        if (!m.enabled) {
            return Reply.err("cannot migrate to disabled member");
        }
        if (owner != null) {
            owner[atoi(hash) & BondHash.MASK] = m;
            refreshTable();
        }
        return Reply.ok("migrated");
    }

    private static int atoi(String digits) {
        int v = 0;
        for (int i = 0; i < digits.length(); i++) {
            v = v * 10 + (digits.charAt(i) - '0');
        }
        return v;
    }

    // ---- transmit -----------------------------------------------------------------------------------------

    /**
     * The transmit table: for each of the 256 buckets the index of its member ({@link #memberNames()} order),
     * -1 for drop. Active-backup (and falling back to it): the active member everywhere; balance-slb and
     * balance-tcp: each bucket's member; LACP configured but not negotiated without fallback, or balance-tcp
     * without negotiated LACP: all -1. A fresh copy.
     */
    public int[] bucketTable() {
        return table.clone();
    }

    /** Changes whenever {@link #bucketTable()} changes. */
    public long tableVersion() {
        return tableVersion;
    }

    /** Member names in index order (the indices of {@link #bucketTable()}). */
    public List<String> memberNames() {
        List<String> names = new ArrayList<>(members.size());
        for (BondMember m : members) {
            names.add(m.name);
        }
        return names;
    }

    /** The bucket to look up for a balance-slb packet from {@code srcMac} on {@code vlan}. */
    public int slbBucket(long srcMac, int vlan) {
        return BondHash.slbBucket(srcMac, vlan, settings.hashBasis());
    }

    /** The member to send a learning packet for {@code mac} on {@code vlan} on, or null (drop). */
    public String learningPacketMember(long mac, int vlan) {
        int b = BondHash.slbBucket(mac, vlan, settings.hashBasis());
        int idx = table[b];
        if (idx < 0) {
            return null;
        }
        if (owner != null && owner[b] == null) {
            owner[b] = members.get(idx);    // choose_output_member commits the bucket, as in OVS
        }
        return members.get(idx).name;
    }

    /** {@code bond_account}: {@code bytes} sent through {@code bucket}; counted only on balanced bonds. */
    public void account(int bucket, long bytes) {
        if (isBalanced()) {
            int b = bucket & BondHash.MASK;
            if (owner[b] == null && table[b] >= 0) {
                owner[b] = members.get(table[b]);   // first use commits the bucket to its member, as in OVS
            }
            tx[b] += bytes;
        }
    }

    /** {@code bond_rebalance}: OVS's "shift" INFO lines; empty when not due, not balanced or balanced already. */
    public List<String> rebalance(long nowMs) {
        if (!isBalanced() || nowMs < nextRebalance) {
            return List.of();
        }
        nextRebalance = nowMs + settings.rebalanceIntervalMs();
        List<String> lines = Rebalancer.rebalance(name(), members, owner, tx);
        for (int i = 0; i < tx.length; i++) {
            tx[i] >>>= 1;
        }
        refreshTable();
        return lines;
    }

    private void refreshTable() {
        int[] t = computeTable();
        if (!Arrays.equals(t, table)) {
            table = t;
            tableVersion++;
            tableChangedSinceRun = true;
        }
    }

    private int[] computeTable() {
        BondMode mode = settings.mode();
        if (lacpStatus == LacpStatus.CONFIGURED) {
            if (!settings.lacpFallbackAb()) {
                return NONE_TABLE.clone();
            }
            mode = BondMode.ACTIVE_BACKUP;
        }
        if (mode == BondMode.ACTIVE_BACKUP || owner == null) {
            return filled(active == null ? -1 : active.index);
        }
        if (mode == BondMode.BALANCE_TCP && lacpStatus != LacpStatus.NEGOTIATED) {
            return NONE_TABLE.clone();
        }
        int[] t = new int[BondHash.BUCKETS];
        int n = enabledRoundRobin.size();
        for (int i = 0; i < t.length; i++) {
            BondMember m = owner[i];
            if (m != null && !m.enabled) {
                m = nextEnabled();          // a used bucket of a disabled member moves now, round robin
                owner[i] = m;
            }
            if (m == null) {
                m = n == 0 ? null : enabledRoundRobin.get(i % n);   // unused: provisional, not committed
            }
            t[i] = m == null ? -1 : m.index;
        }
        return t;
    }

    /** {@code get_enabled_member}: round robin over enabled members, in the order they were enabled. */
    private BondMember nextEnabled() {
        if (enabledRoundRobin.isEmpty()) {
            return null;
        }
        BondMember m = enabledRoundRobin.remove(0);
        enabledRoundRobin.add(m);
        return m;
    }

    private static int[] filled(int v) {
        int[] t = new int[BondHash.BUCKETS];
        Arrays.fill(t, v);
        return t;
    }

    /** {@code bond_entry_reset}. */
    private void entryReset(long now) {
        if (settings.mode() != BondMode.ACTIVE_BACKUP && !fallingBackToAb()) {
            owner = new BondMember[BondHash.BUCKETS];
            Arrays.fill(tx, 0);
            nextRebalance = now + settings.rebalanceIntervalMs();
        } else {
            owner = null;
        }
    }

    // ---- state --------------------------------------------------------------------------------------------

    /** {@code bond_is_falling_back_to_ab}. */
    public boolean fallingBackToAb() {
        return settings.lacpFallbackAb() && settings.mode() != BondMode.ACTIVE_BACKUP
                && lacpStatus == LacpStatus.CONFIGURED;
    }

    /** {@code bond_is_balanced}: rebalancing applies (and {@code bond/show} lists hashes and next rebalance). */
    public boolean isBalanced() {
        return settings.rebalanceIntervalMs() != 0 && settings.mode() != BondMode.ACTIVE_BACKUP
                && !(settings.lacpFallbackAb() && lacpStatus == LacpStatus.CONFIGURED);
    }

    /** {@code bond_may_recirc}: balance-tcp with a recirculation id, not falling back. */
    public boolean mayRecirc() {
        return settings.mode() == BondMode.BALANCE_TCP && recircId != 0 && !fallingBackToAb();
    }

    public int recircId() {
        return recircId;
    }

    /** {@code bond_use_lb_output_action}. */
    public boolean lbOutputInUse() {
        return mayRecirc() && lbOutputInUse;
    }

    /** The LACP status as of the last run. */
    public LacpStatus lacpStatus() {
        return lacpStatus;
    }

    public long nextRebalanceMs() {
        return nextRebalance;
    }

    /** The active member's name, or null. */
    public String activeMember() {
        return active == null ? null : active.name;
    }

    /** The MAC of the active member as OVS remembers it ({@code active_member_mac}), 0 when none. */
    public long activeMemberMac() {
        return activeMemberMac;
    }

    /** Members in index order. */
    public List<MemberStatus> members() {
        List<MemberStatus> out = new ArrayList<>(members.size());
        for (BondMember m : members) {
            out.add(m.status(m == active));
        }
        return out;
    }

    /** The member of {@code bucket} (index) in OVS's hash array, -1 when unassigned or the bond has no hash. */
    public int bucketOwner(int bucket) {
        BondMember m = owner == null ? null : owner[bucket & BondHash.MASK];
        return m == null ? -1 : m.index;
    }

    /** Bytes accounted to {@code bucket} (after the EWMA halvings). */
    public long bucketTxBytes(int bucket) {
        return owner == null ? 0 : tx[bucket & BondHash.MASK];
    }

    /** Whether the bond keeps per-bucket state (balance-slb/tcp not falling back). */
    public boolean hasBuckets() {
        return owner != null;
    }

    /** The first member whose MAC is {@code mac} ({@code bond_find_member_by_mac}), or null. */
    String memberNameByMac(long mac) {
        BondMember m = memberByMac(mac);
        return m == null ? null : m.name;
    }

    private BondMember memberByMac(long mac) {
        for (BondMember m : members) {
            if (m.mac == mac) {
                return m;
            }
        }
        return null;
    }

    BondMember member(String name) {
        for (BondMember m : members) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        return null;
    }

    MemberStatus memberStatus(String name) {
        BondMember m = member(name);
        return m == null ? null : m.status(m == active);
    }
}
