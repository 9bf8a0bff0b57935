package io.jvswitch.bonding.lacp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ovs-appctl lacp/show} and {@code lacp/show-stats} text in OVS 3.1's formats ({@code lacp_print_details},
 * {@code lacp_print_stats}): members sorted by name (byte order, as {@code shash_sort}), no blank line between
 * ports, no trailing blank line. With several ports the caller concatenates them in creation order (OVS lists
 * all LACP objects that way); an unknown port name is the error {@link #NO_SUCH_LACP}.
 */
public final class LacpText {
    /** OVS's error reply for an unknown port. */
    public static final String NO_SUCH_LACP = "no such lacp object";

    private LacpText() {
    }

    /** {@code lacp/show} for every port, in the given order. */
    public static String show(Iterable<Lacp> ports) {
        StringBuilder sb = new StringBuilder();
        for (Lacp l : ports) {
            sb.append(show(l));
        }
        return sb.toString();
    }

    /** {@code lacp/show-stats} for every port, in the given order. */
    public static String showStats(Iterable<Lacp> ports) {
        StringBuilder sb = new StringBuilder();
        for (Lacp l : ports) {
            sb.append(showStats(l));
        }
        return sb.toString();
    }

    /** {@code lacp/show PORT}. */
    public static String show(Lacp lacp) {
        StringBuilder sb = new StringBuilder();
        LacpSettings s = lacp.settings();
        sb.append("---- ").append(s.name()).append(" ----\n");
        sb.append("  status: ").append(s.active() ? "active" : "passive");
        if (lacp.isNegotiated()) {
            sb.append(" negotiated");
        }
        sb.append('\n');
        sb.append("  sys_id: ").append(mac(s.sysId())).append('\n');
        sb.append("  sys_priority: ").append(s.sysPriority()).append('\n');
        int key = lacp.aggregationKey();
        sb.append("  aggregation key: ").append(key < 0 ? "none" : Integer.toString(key)).append('\n');
        sb.append("  lacp_time: ").append(s.fast() ? "fast" : "slow").append('\n');
        for (String name : sortedMembers(lacp)) {
            LacpInfo actor = lacp.actor(name);
            LacpInfo partner = lacp.partner(name);
            LacpMemberSettings ms = lacp.memberSettings(name);
            sb.append("\nmember: ").append(name).append(": ").append(lacp.memberStatus(name).text()).append(' ')
                    .append(lacp.isAttached(name) ? "attached" : "detached").append('\n');
            sb.append("  port_id: ").append(ms.portId()).append('\n');
            sb.append("  port_priority: ").append(ms.portPriority()).append('\n');
            sb.append("  may_enable: ").append(lacp.mayEnable(name)).append('\n');
            sb.append('\n');
            info(sb, "actor", actor);
            sb.append('\n');
            info(sb, "partner", partner);
        }
        return sb.toString();
    }

    /** {@code lacp/show-stats PORT}. */
    public static String showStats(Lacp lacp) {
        StringBuilder sb = new StringBuilder();
        sb.append("---- ").append(lacp.name()).append(" statistics ----\n");
        for (String name : sortedMembers(lacp)) {
            LacpStats st = lacp.stats(name);
            sb.append("\nmember: ").append(name).append(":\n");
            sb.append("  TX PDUs: ").append(u32(st.txPdus())).append('\n');
            sb.append("  RX PDUs: ").append(u32(st.rxPdus())).append('\n');
            sb.append("  RX Bad PDUs: ").append(u32(st.rxBadPdus())).append('\n');
            sb.append("  RX Marker Request PDUs: ").append(u32(st.rxMarkerPdus())).append('\n');
            sb.append("  Link Expired: ").append(u32(st.linkExpired())).append('\n');
            sb.append("  Link Defaulted: ").append(u32(st.linkDefaulted())).append('\n');
            sb.append("  Carrier Status Changed: ").append(u32(st.carrierChanged())).append('\n');
        }
        return sb.toString();
    }

    /** A MAC in the low 48 bits as OVS's {@code ETH_ADDR_FMT} prints it. */
    public static String mac(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            int b = (int) (mac >>> (40 - 8 * i)) & 0xff;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    private static void info(StringBuilder sb, String who, LacpInfo i) {
        sb.append("  ").append(who).append(" sys_id: ").append(mac(i.sysId())).append('\n');
        sb.append("  ").append(who).append(" sys_priority: ").append(i.sysPriority()).append('\n');
        sb.append("  ").append(who).append(" port_id: ").append(i.portId()).append('\n');
        sb.append("  ").append(who).append(" port_priority: ").append(i.portPriority()).append('\n');
        sb.append("  ").append(who).append(" key: ").append(i.key()).append('\n');
        sb.append("  ").append(who).append(" state:").append(LacpStateBits.format(i.state())).append('\n');
    }

    private static List<String> sortedMembers(Lacp lacp) {
        List<String> names = new ArrayList<>(lacp.members());
        names.sort(LacpText::compareBytes);
        return names;
    }

    /** strcmp order on the UTF-8 bytes of the names. */
    private static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return Arrays.compareUnsigned(x, y);
    }

    /** OVS's counters are uint32_t printed with %u. */
    private static long u32(long v) {
        return v & 0xffff_ffffL;
    }
}
