package io.jvswitch.bonding.lacp;

import io.jvswitch.bonding.LacpStatus;
import io.jvswitch.bonding.LacpView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LACP on one port (OVS {@code struct lacp}, {@code lib/lacp.c}): its members' receive machines (current → expired
 * → defaulted), periodic and need-to-transmit PDUs, and the selection of attached members.
 *
 * <p>Pure logic on the caller's clock: every call that involves time takes {@code nowMs}; nothing runs by itself.
 * The caller feeds carrier changes ({@link #setCarrier}) and received slow-protocols frames ({@link #receive}),
 * calls {@link #run} at {@link #nextWakeMs} at the latest (and after feeding events), sends what {@code run} hands
 * to the {@link PduSink}, and reads the state back ({@link LacpView}, {@link #isCurrent}, {@link #stats},
 * {@link LacpText}). Not thread-safe: one owner thread. Received input never throws.
 *
 * <p>Differences from OVS that do not change behaviour: members are named (OVS keys them by pointer) and kept in
 * registration order (OVS: hash order), which decides the key member (the first registered; after it is
 * unregistered, the next in order) and ties in selection. OVS learns a member's initial carrier without counting
 * it; here the first {@link #setCarrier} after registration plays that role.
 */
public final class Lacp implements LacpView {
    static final long FAST_TX_MS = 1000;
    static final long SLOW_TX_MS = 30000;
    static final int RX_MULTIPLIER = 3;

    private final Map<String, LacpMember> members = new LinkedHashMap<>();
    private LacpSettings settings;
    private LacpMember keyMember;
    private boolean negotiated;
    private boolean update;

    public Lacp(LacpSettings settings) {
        this.settings = settings;
    }

    /** Reconfigures (OVS {@code lacp_configure}); a new system id/priority or fallback re-runs selection. */
    public void configure(LacpSettings s) {
        if (s.sysId() != settings.sysId() || s.sysPriority() != settings.sysPriority()
                || s.fallbackAb() != settings.fallbackAb()) {
            update = true;
        }
        settings = s;
    }

    public LacpSettings settings() {
        return settings;
    }

    public String name() {
        return settings.name();
    }

    /**
     * Registers a member or changes its settings (OVS {@code lacp_member_register}). A new member starts
     * DEFAULTED with carrier down; a change of port id, port priority or key expires the member when this port
     * is active or negotiated.
     */
    public void registerMember(LacpMemberSettings s, long nowMs) {
        LacpMember m = members.get(s.name());
        LacpMemberSettings old;
        if (m == null) {
            m = new LacpMember(s);
            members.put(s.name(), m);
            setDefaulted(m);
            if (keyMember == null) {
                keyMember = m;
            }
            old = new LacpMemberSettings(s.name(), 0, 0, 0, 0);
        } else {
            old = m.settings;
        }
        m.settings = s;
        if (old.portId() != s.portId() || old.portPriority() != s.portPriority() || old.key() != s.key()) {
            update = true;
            if (settings.active() || negotiated) {
                setExpired(m, nowMs);
            }
        }
    }

    /** Removes a member (OVS {@code lacp_member_unregister}); unknown names are ignored. */
    public void unregisterMember(String member) {
        LacpMember m = members.remove(member);
        if (m == null) {
            return;
        }
        update = true;
        if (keyMember == m) {
            keyMember = members.isEmpty() ? null : members.values().iterator().next();
        }
    }

    /**
     * Reports a member's carrier (OVS {@code lacp_member_carrier_changed}; call it when the carrier changes). A
     * CURRENT member, or any member of an active port, becomes EXPIRED; a real change is counted ("Carrier Status
     * Changed"). The first report after registration only sets the initial carrier.
     */
    public void setCarrier(String member, boolean up, long nowMs) {
        LacpMember m = members.get(member);
        if (m == null) {
            return;
        }
        if (m.carrierUnknown) {
            m.carrierUnknown = false;
            m.carrierUp = up;
            return;
        }
        if (m.status == MemberStatus.CURRENT || settings.active()) {
            setExpired(m, nowMs);
        }
        if (m.carrierUp != up) {
            m.carrierUp = up;
            m.carrierChanged++;
        }
    }

    /**
     * Handles a slow-protocols frame received on {@code member} (OVS {@code lacp_process_packet}): counts it,
     * counts Marker and malformed PDUs and ignores them, drops LACPDUs while the carrier is down, otherwise makes
     * the member CURRENT, restarts its receive timer (3 × our own rate) and takes the partner's information.
     * Returns whether the member may be enabled now. Never throws.
     */
    public boolean receive(String member, byte[] frame, int off, int len, long nowMs) {
        LacpMember m = member == null ? null : members.get(member);
        if (m == null) {
            return false;
        }
        m.rxPdus++;
        LacpduParse pdu = Lacpdu.parseFrame(frame, off, len);
        switch (pdu.kind()) {
            case LACP -> { }
            case MARKER -> {
                m.rxMarkerPdus++;
                return false;
            }
            default -> {
                m.rxBadPdus++;
                return false;
            }
        }
        if (!m.carrierUp) {
            return false; // OVS: "carrier state is DOWN, dropping received LACP PDU"
        }
        m.status = MemberStatus.CURRENT;
        m.rxDeadline = nowMs + RX_MULTIPLIER * txPeriod();
        m.nttActor = pdu.partner();
        if (!m.partner.equals(pdu.actor())) {
            update = true;
            m.partner = pdu.actor();
        }
        return mayEnable(m);
    }

    /**
     * Advances the machines to {@code nowMs} (OVS {@code lacp_run}): expires receive timers, re-runs selection when
     * something changed, and sends the PDUs that are due to {@code sink} — on members with carrier whose port is
     * active or that have a partner, when the transmit timer expired or our information differs from what the
     * partner last echoed. The next periodic PDU follows after 1 s if the partner asked for fast timeouts, else
     * 30 s.
     */
    public void run(long nowMs, PduSink sink) {
        for (LacpMember m : members.values()) {
            if (nowMs >= m.rxDeadline) {
                if (m.status == MemberStatus.CURRENT) {
                    setExpired(m, nowMs);
                    m.linkExpired++;
                } else if (m.status == MemberStatus.EXPIRED) {
                    setDefaulted(m);
                    m.linkDefaulted++;
                }
            }
        }
        if (update) {
            update = false;
            negotiated = LacpSelection.update(this, members.values());
        }
        for (LacpMember m : members.values()) {
            if (!mayTx(m)) {
                continue;
            }
            LacpInfo actor = actorOf(m);
            if (nowMs >= m.txDeadline || !actor.txEquals(m.nttActor)) {
                m.nttActor = actor;
                sink.send(m.name(), Lacpdu.frame(m.settings.mac(), actor, m.partner));
                m.txPdus++;
                boolean partnerFast = (m.partner.state() & LacpStateBits.TIME) != 0;
                m.txDeadline = nowMs + (partnerFast ? FAST_TX_MS : SLOW_TX_MS);
            }
        }
    }

    /**
     * When {@link #run} must be called next (OVS {@code lacp_wait}): {@code nowMs} if selection or a transmission is
     * pending, else the earliest transmit deadline of a member that may transmit and receive deadline of a member
     * not DEFAULTED; {@link Long#MAX_VALUE} if none.
     */
    public long nextWakeMs(long nowMs) {
        if (update) {
            return nowMs;
        }
        long next = Long.MAX_VALUE;
        for (LacpMember m : members.values()) {
            if (mayTx(m)) {
                if (!actorOf(m).txEquals(m.nttActor)) {
                    return nowMs;
                }
                next = Math.min(next, m.txDeadline);
            }
            if (m.status != MemberStatus.DEFAULTED) {
                next = Math.min(next, m.rxDeadline);
            }
        }
        return next == Long.MAX_VALUE ? next : Math.max(nowMs, next);
    }

    @Override
    public LacpStatus status() {
        return negotiated ? LacpStatus.NEGOTIATED : LacpStatus.CONFIGURED;
    }

    /** Whether LACP was negotiated (a lead member was selected). */
    public boolean isNegotiated() {
        return negotiated;
    }

    @Override
    public boolean mayEnable(String member) {
        LacpMember m = members.get(member);
        return m != null && mayEnable(m);
    }

    /** {@code Interface.lacp_current}: the member has (possibly expired) partner information; false if unknown. */
    public boolean isCurrent(String member) {
        LacpMember m = members.get(member);
        return m != null && m.status != MemberStatus.DEFAULTED;
    }

    /** Whether {@code member} is registered. */
    public boolean hasMember(String member) {
        return members.containsKey(member);
    }

    /** Members in registration order. */
    public List<String> members() {
        return new ArrayList<>(members.keySet());
    }

    /** The member's receive status; null if unknown. */
    public MemberStatus memberStatus(String member) {
        LacpMember m = members.get(member);
        return m == null ? null : m.status;
    }

    public boolean isAttached(String member) {
        LacpMember m = members.get(member);
        return m != null && m.attached;
    }

    /** What we tell the partner on {@code member} now ({@code member_get_actor}); null if unknown. */
    public LacpInfo actor(String member) {
        LacpMember m = members.get(member);
        return m == null ? null : actorOf(m);
    }

    /** What we know of the partner on {@code member}; null if unknown. */
    public LacpInfo partner(String member) {
        LacpMember m = members.get(member);
        return m == null ? null : m.partner;
    }

    public LacpMemberSettings memberSettings(String member) {
        LacpMember m = members.get(member);
        return m == null ? null : m.settings;
    }

    public LacpStats stats(String member) {
        LacpMember m = members.get(member);
        return m == null ? null : m.stats();
    }

    /** The aggregation key all members advertise (key member's key, else its port id); -1 without members. */
    public int aggregationKey() {
        if (keyMember == null) {
            return -1;
        }
        return keyMember.settings.key() != 0 ? keyMember.settings.key() : keyMember.settings.portId();
    }

    Collection<LacpMember> memberStates() {
        return members.values();
    }

    boolean mayEnable(LacpMember m) {
        return m.attached && ((m.partner.state() & LacpStateBits.SYNC) != 0
                || (settings.fallbackAb() && m.status == MemberStatus.DEFAULTED));
    }

    /** OVS {@code member_get_actor}. */
    LacpInfo actorOf(LacpMember m) {
        int state = 0;
        if (settings.active()) {
            state |= LacpStateBits.ACT;
        }
        if (settings.fast()) {
            state |= LacpStateBits.TIME;
        }
        if (m.attached) {
            state |= LacpStateBits.SYNC;
        }
        if (m.status == MemberStatus.DEFAULTED) {
            state |= LacpStateBits.DEF;
        }
        if (m.status == MemberStatus.EXPIRED) {
            state |= LacpStateBits.EXP;
        }
        if (members.size() > 1) {
            state |= LacpStateBits.AGG;
        }
        if (m.attached || !negotiated) {
            state |= LacpStateBits.COL | LacpStateBits.DIST;
        }
        return new LacpInfo(settings.sysPriority(), settings.sysId(), aggregationKey(), m.settings.portPriority(),
                m.settings.portId(), state);
    }

    private long txPeriod() {
        return settings.fast() ? FAST_TX_MS : SLOW_TX_MS;
    }

    private boolean mayTx(LacpMember m) {
        return m.carrierUp && (settings.active() || m.status != MemberStatus.DEFAULTED);
    }

    private void setDefaulted(LacpMember m) {
        m.partner = LacpInfo.ZERO;
        update = true;
        m.status = MemberStatus.DEFAULTED;
    }

    private void setExpired(LacpMember m, long nowMs) {
        m.status = MemberStatus.EXPIRED;
        m.partner = m.partner.withState((m.partner.state() | LacpStateBits.TIME) & ~LacpStateBits.SYNC);
        m.rxDeadline = nowMs + RX_MULTIPLIER * FAST_TX_MS;
    }
}
