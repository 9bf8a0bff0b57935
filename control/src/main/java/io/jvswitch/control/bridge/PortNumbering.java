package io.jvswitch.control.bridge;

/**
 * What the switch runtime tells the bridges about the datapath: the datapath (odp) port number it opened for
 * each non-patch interface. Patch interfaces are never asked about (they have no datapath port).
 */
@FunctionalInterface
public interface PortNumbering {
    /** The datapath port number of interface {@code ifaceName}, or a negative number when it has none (an
     *  interface that failed to open: the bridge leaves it out, as OVS does). */
    int odpPort(String ifaceName);

    /**
     * The OpenFlow port number interface {@code ifaceName} should get when its bridge numbers it for the first
     * time, or a negative number for "any": the database's {@code ofport_request}, or the {@code ofport} it had
     * before a restart (as ovs-vswitchd reuses it). A hint already taken in the bridge is ignored.
     */
    default int ofportHint(String ifaceName) {
        return -1;
    }
}
