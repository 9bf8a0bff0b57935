package io.jvswitch.bonding.lacp;

/**
 * Settings of one LACP instance (OVS {@code struct lacp_settings}, filled by {@code port_configure_lacp}): the
 * port name, active or passive, fast (1 s) or slow (30 s) timers, the system id (a non-zero MAC in the low 48
 * bits; OVS defaults it to the bridge MAC), the system priority, and {@code lacp-fallback-ab}.
 */
public record LacpSettings(String name, boolean active, boolean fast, long sysId, int sysPriority,
                           boolean fallbackAb) {
    public LacpSettings {
        if (name == null) {
            throw new IllegalArgumentException("name is required");
        }
        sysId &= 0xffff_ffff_ffffL;
        if (sysId == 0) {
            throw new IllegalArgumentException("LACP system id must be non-zero");
        }
        if (sysPriority < 0 || sysPriority > 0xffff) {
            throw new IllegalArgumentException("system priority out of range: " + sysPriority);
        }
    }

    /**
     * OVS's default {@code lacp-system-priority} ({@code port_configure_lacp}): 65534 for a port with two or more
     * members ("prefer bondable links"), 65535 otherwise.
     */
    public static int defaultSystemPriority(int memberCount) {
        return memberCount >= 2 ? 65534 : 65535;
    }
}
