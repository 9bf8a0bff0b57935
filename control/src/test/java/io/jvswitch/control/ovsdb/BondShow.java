package io.jvswitch.control.ovsdb;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts {@link BondInteropSystemTest} reads from {@code ovs-appctl bond/show BOND} and {@code lacp/show BOND}, in
 * Open vSwitch 3.1's text format ({@code ofproto/bond.c} {@code bond_print_details}, {@code lib/lacp.c}
 * {@code lacp_print_details}; samples in {@code src/test/resources/ovs-3.1-bond-interop/}). Only the lines the test
 * needs are read, and a line that is not there reads as {@code null}: a format check is a separate test.
 */
final class BondShow {
    private BondShow() {
    }

    /**
     * {@code bond/show}: {@code lacp_status: X}, {@code active member mac: MAC(NAME)} (name {@code null} when
     * {@code none}) and per member {@code member NAME: enabled|disabled}.
     */
    record Bond(String lacpStatus, String activeMember, Map<String, String> members) {
        /** Whether every member is enabled (and there is at least one). */
        boolean allEnabled() {
            return !members.isEmpty() && members.values().stream().allMatch("enabled"::equals);
        }
    }

    /** One member of {@code lacp/show}: {@code member: NAME: STATUS} (e.g. {@code current attached}), partner id. */
    record LacpMember(String status, String partnerSysId) {
    }

    /** {@code lacp/show}: {@code status: ...}, the actor {@code sys_id: ...}, and its members. */
    record Lacp(String status, String sysId, Map<String, LacpMember> members) {
        /** Negotiated, and every member {@code current attached}. */
        boolean negotiatedAllCurrent() {
            return "active negotiated".equals(status) && !members.isEmpty()
                    && members.values().stream().allMatch(m -> "current attached".equals(m.status()));
        }
    }

    static Bond bond(String text) {
        String lacpStatus = null;
        String active = null;
        Map<String, String> members = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("lacp_status: ")) {
                lacpStatus = line.substring("lacp_status: ".length()).trim();
            } else if (line.startsWith("active member mac: ")) {
                int open = line.lastIndexOf('(');
                String name = open < 0 ? null : line.substring(open + 1, line.length() - 1);
                active = "none".equals(name) ? null : name;
            } else if (line.startsWith("member ") && line.contains(": ")) {
                int colon = line.lastIndexOf(": ");
                members.put(line.substring("member ".length(), colon), line.substring(colon + 2).trim());
            }
        }
        return new Bond(lacpStatus, active, members);
    }

    static Lacp lacp(String text) {
        String status = null;
        String sysId = null;
        Map<String, LacpMember> members = new LinkedHashMap<>();
        String member = null;
        String memberStatus = null;
        String partner = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("member: ")) {
                if (member != null) {
                    members.put(member, new LacpMember(memberStatus, partner));
                }
                String rest = line.substring("member: ".length());
                int colon = rest.indexOf(": ");
                member = colon < 0 ? rest : rest.substring(0, colon);
                memberStatus = colon < 0 ? null : rest.substring(colon + 2).trim();
                partner = null;
            } else if (member == null && line.startsWith("  status: ")) {
                status = line.substring("  status: ".length()).trim();
            } else if (member == null && line.startsWith("  sys_id: ")) {
                sysId = line.substring("  sys_id: ".length()).trim();
            } else if (member != null && line.startsWith("  partner sys_id: ")) {
                partner = line.substring("  partner sys_id: ".length()).trim();
            }
        }
        if (member != null) {
            members.put(member, new LacpMember(memberStatus, partner));
        }
        return new Lacp(status, sysId, members);
    }
}
