package io.jvswitch.bonding.lacp;

import java.util.Collection;

/**
 * Which members are attached (OVS {@code lacp_update_attached}), in OVS's order of steps:
 * <ol>
 *   <li>the working lead: among members CURRENT and still attached, the best by priority;</li>
 *   <li>every member is re-decided: loopback (partner system id = ours) never attaches; DEFAULTED attaches only
 *       with fallback-ab and is never the lead; others attach when there is no working lead or their partner
 *       system id is the working lead's; the lead is the attached member that may be enabled, then the best
 *       priority;</li>
 *   <li>with a lead, members whose partner key or system id differ from the lead's (and, with fallback-ab,
 *       DEFAULTED ones) are detached.</li>
 * </ol>
 * Negotiated = a lead exists. Priority ({@code member_get_priority}): the information of whichever system has the
 * lower (system priority, system id) — our actor information or the partner's — compared on system priority,
 * system id, port priority, port id. Ties keep the member seen first (registration order).
 */
final class LacpSelection {
    private LacpSelection() {
    }

    /** Updates every member's attached flag; returns whether negotiation succeeded (a lead exists). */
    static boolean update(Lacp lacp, Collection<LacpMember> members) {
        LacpMember lead = null;
        LacpMember leadCurrent = null;
        LacpInfo leadPri = null;
        boolean leadEnable = false;

        for (LacpMember m : members) {
            if (m.status == MemberStatus.CURRENT && m.attached) {
                LacpInfo pri = priority(lacp, m);
                if (leadCurrent == null || pri.comparePriority(leadPri) < 0) {
                    leadCurrent = m;
                    lead = m;
                    leadPri = pri;
                    leadEnable = true;
                }
            }
        }

        boolean fallback = lacp.settings().fallbackAb();
        for (LacpMember m : members) {
            m.attached = false;
            if (m.partner.sysId() == lacp.settings().sysId()) {
                continue; // loopback: connected to its own bond
            }
            if (m.status == MemberStatus.DEFAULTED) {
                m.attached = fallback;
                continue;
            }
            LacpInfo pri = priority(lacp, m);
            boolean enable = lacp.mayEnable(m);
            if (leadCurrent == null || m.partner.sysId() == leadCurrent.partner.sysId()) {
                m.attached = true;
            }
            if (m.attached && (lead == null || (enable && !leadEnable)
                    || (enable == leadEnable && pri.comparePriority(leadPri) < 0))) {
                lead = m;
                leadEnable = enable;
                leadPri = pri;
            }
        }

        if (lead != null) {
            for (LacpMember m : members) {
                if ((fallback && m.status == MemberStatus.DEFAULTED)
                        || lead.partner.key() != m.partner.key()
                        || lead.partner.sysId() != m.partner.sysId()) {
                    m.attached = false;
                }
            }
        }
        return lead != null;
    }

    /** OVS's {@code member_get_priority}: the higher-priority system's view of this link, key and state zeroed. */
    static LacpInfo priority(Lacp lacp, LacpMember m) {
        int ours = lacp.settings().sysPriority();
        int theirs = m.partner.sysPriority();
        LacpInfo pri;
        if (ours < theirs) {
            pri = lacp.actorOf(m);
        } else if (theirs < ours) {
            pri = m.partner;
        } else if (Long.compare(lacp.settings().sysId(), m.partner.sysId()) < 0) {
            pri = lacp.actorOf(m);
        } else {
            pri = m.partner;
        }
        return new LacpInfo(pri.sysPriority(), pri.sysId(), 0, pri.portPriority(), pri.portId(), 0);
    }
}
