package io.jvswitch.bonding.lacp;

/**
 * Settings of one member (OVS {@code struct lacp_member_settings}, from {@code iface_configure_lacp}) plus the
 * member's own MAC, the source address of the PDUs it sends: port id ({@code lacp-port-id}, default the OpenFlow
 * port number), port priority ({@code lacp-port-priority}, default {@link #DEFAULT_PORT_PRIORITY}) and aggregation
 * key ({@code lacp-aggregation-key}; 0 means "the key member's port id").
 */
public record LacpMemberSettings(String name, int portId, int portPriority, int key, long mac) {
    /** OVS's default {@code lacp-port-priority}. */
    public static final int DEFAULT_PORT_PRIORITY = 65535;

    public LacpMemberSettings {
        if (name == null) {
            throw new IllegalArgumentException("name is required");
        }
        checkU16("port id", portId);
        checkU16("port priority", portPriority);
        checkU16("aggregation key", key);
        mac &= 0xffff_ffff_ffffL;
    }

    /** A member with the default port priority and key. */
    public static LacpMemberSettings of(String name, int portId, long mac) {
        return new LacpMemberSettings(name, portId, DEFAULT_PORT_PRIORITY, 0, mac);
    }

    private static void checkU16(String what, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
    }
}
