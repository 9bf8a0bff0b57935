package io.jvswitch.bonding.bond;

import io.jvswitch.bonding.BondMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ovs-appctl bond/show}, {@code bond/list} and {@code bond/hash} in OVS 3.1's text formats
 * ({@code ofproto/bond.c} {@code bond_print_details}, {@code bond_unixctl_list}, {@code bond_unixctl_hash}).
 *
 * <h2>Design</h2> Text only, from a bond's public state; the caller picks the bonds and their order (OVS prints
 * them in hash-table order). Members in {@code bond/show} are sorted by name ({@code shash_sort}, byte order);
 * in {@code bond/list} they are in member order. Times are relative to {@code nowMs}. Checked line by line against
 * captures of OVS 3.1 ({@code src/test/resources/ovs-3.1-bond}).
 */
public final class BondText {
    private BondText() {
    }

    /** {@code bond/show PORT}: one bond, ending with the blank line OVS puts after each bond. */
    public static String show(Bond bond, long nowMs) {
        StringBuilder sb = new StringBuilder();
        BondSettings s = bond.settings();
        sb.append("---- ").append(bond.name()).append(" ----\n");
        sb.append("bond_mode: ").append(s.mode().ovsName()).append('\n');
        boolean recirc = bond.mayRecirc();
        sb.append("bond may use recirculation: ").append(recirc ? "yes" : "no").append(", Recirc-ID : ")
                .append(recirc ? bond.recircId() : -1).append('\n');
        sb.append("bond-hash-basis: ").append(Integer.toUnsignedString(s.hashBasis())).append('\n');
        boolean lb = bond.lbOutputInUse();
        sb.append("lb_output action: ").append(lb ? "enabled" : "disabled").append(", bond-id: ")
                .append(lb ? bond.recircId() : -1).append('\n');
        if (s.mode() == BondMode.BALANCE_SLB) {
            sb.append("all members active: ").append(s.allMembersActive()).append('\n');
        }
        sb.append("updelay: ").append(s.updelayMs()).append(" ms\n");
        sb.append("downdelay: ").append(s.downdelayMs()).append(" ms\n");
        boolean balanced = bond.isBalanced();
        if (balanced) {
            sb.append("next rebalance: ").append(bond.nextRebalanceMs() - nowMs).append(" ms\n");
        }
        sb.append("lacp_status: ").append(bond.lacpStatus().text()).append('\n');
        sb.append("lacp_fallback_ab: ").append(s.lacpFallbackAb()).append('\n');
        List<MemberStatus> members = new ArrayList<>(bond.members());
        boolean foundPrimary = members.stream().anyMatch(MemberStatus::primary);
        sb.append("active-backup primary: ").append(s.primary() != null ? s.primary() : "<none>")
                .append(!foundPrimary && s.primary() != null ? " (no such member)" : "").append('\n');
        String byMac = bond.memberNameByMac(bond.activeMemberMac());
        sb.append("active member mac: ").append(Macs.format(bond.activeMemberMac())).append('(')
                .append(byMac != null ? byMac : "none").append(")\n");
        members.sort(Comparator.comparing(MemberStatus::name, BondText::compareBytes));
        for (MemberStatus m : members) {
            sb.append("\nmember ").append(m.name()).append(": ").append(m.enabled() ? "enabled" : "disabled")
                    .append('\n');
            if (m.active()) {
                sb.append("  active member\n");
            }
            if (m.delayPending()) {
                sb.append("  ").append(m.enabled() ? "downdelay" : "updelay").append(" expires in ")
                        .append(m.delayExpiresMs() - nowMs).append(" ms\n");
            }
            sb.append("  may_enable: ").append(m.mayEnable()).append('\n');
            if (!balanced) {
                continue;
            }
            for (int h = 0; h < BondHash.BUCKETS; h++) {
                if (bond.bucketOwner(h) != m.index()) {
                    continue;
                }
                long kb = Long.divideUnsigned(bond.bucketTxBytes(h), 1024);
                if (kb != 0) {
                    sb.append("  hash ").append(h).append(": ").append(Long.toUnsignedString(kb))
                            .append(" kB load\n");
                }
            }
        }
        sb.append('\n');
        return sb.toString();
    }

    /** {@code bond/show} without a port: every bond in the order given. */
    public static String showAll(Collection<Bond> bonds, long nowMs) {
        StringBuilder sb = new StringBuilder();
        for (Bond b : bonds) {
            sb.append(show(b, nowMs));
        }
        return sb.toString();
    }

    /** {@code bond/list}. */
    public static String list(Collection<Bond> bonds) {
        StringBuilder sb = new StringBuilder("bond\ttype\trecircID\tmembers\n");
        for (Bond b : bonds) {
            sb.append(b.name()).append('\t').append(b.settings().mode().ovsName()).append('\t').append(b.recircId())
                    .append('\t').append(String.join(", ", b.memberNames())).append('\n');
        }
        return sb.toString();
    }

    /** {@code bond/hash MAC [VLAN] [BASIS]}: the bucket in decimal, or "invalid vlan|basis|mac". */
    public static Reply hash(String mac, String vlan, String basis) {
        long v = 0;
        if (vlan != null) {
            v = parseUnsigned(vlan);
            if (v < 0) {
                return Reply.err("invalid vlan");
            }
        }
        long b = 0;
        if (basis != null) {
            b = parseUnsigned(basis);
            if (b < 0) {
                return Reply.err("invalid basis");
            }
        }
        long m = Macs.parse(mac);
        if (m < 0) {
            return Reply.err("invalid mac");
        }
        return Reply.ok(Integer.toString(BondHash.slbBucket(m, (int) v, (int) b)));
    }

    /** A decimal uint32 ({@code %u}), -1 when not one. */
    private static long parseUnsigned(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 10 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long v = Long.parseLong(t);
        return v > 0xffff_ffffL ? -1 : v;
    }

    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
