package io.jvswitch.control.bridge;

/**
 * One row of a MAC learning table as a snapshot: the OpenFlow port the MAC was learned on (for a bond, its
 * port's first member, like OVS), the VLAN, the MAC, its age in seconds, and whether it is a static entry.
 */
public record MacEntry(int port, int vlan, long mac, int ageSec, boolean isStatic) {
    @Override
    public String toString() {
        return port + "/" + vlan + "/" + MacAddresses.format(mac) + (isStatic ? "/static" : "/" + ageSec + "s");
    }
}
