package io.jvswitch.control.bridge;

import java.util.List;

/**
 * The text of {@code ovs-appctl fdb/show <bridge>}, byte-for-byte as OVS 3.1 prints it
 * ({@code ofproto/ofproto-dpif.c ofproto_unixctl_fdb_show}): a header with a leading space, then one row per
 * entry in LRU order, {@code "%5s  %4d  xx:xx:xx:xx:xx:xx  "} followed by {@code "%3d"} (age in seconds) or
 * {@code static}. The port column is the OpenFlow port number, {@code LOCAL} for 65534.
 */
public final class FdbShow {
    public static final String HEADER = " port  VLAN  MAC                Age\n";

    private FdbShow() {
    }

    public static String format(List<MacEntry> entries) {
        StringBuilder sb = new StringBuilder(HEADER.length() + entries.size() * 40);
        sb.append(HEADER);
        for (MacEntry e : entries) {
            sb.append(String.format("%5s  %4d  %s  ", portName(e.port()), e.vlan(), MacAddresses.format(e.mac())));
            if (e.isStatic()) {
                sb.append("static\n");
            } else {
                sb.append(String.format("%3d\n", e.ageSec()));
            }
        }
        return sb.toString();
    }

    /** OVS {@code ofputil_port_to_string} for the ports a bridge can have. */
    public static String portName(int ofport) {
        return ofport == BridgePort.OFPP_LOCAL ? "LOCAL" : Integer.toString(ofport);
    }
}
