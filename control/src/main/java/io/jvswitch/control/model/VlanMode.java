package io.jvswitch.control.model;

/** Port {@code vlan_mode}, as in the Open_vSwitch schema (dot1q-tunnel is not supported yet). */
public enum VlanMode {
    ACCESS("access"), TRUNK("trunk"), NATIVE_TAGGED("native-tagged"), NATIVE_UNTAGGED("native-untagged");

    private final String ovsName;

    VlanMode(String ovsName) {
        this.ovsName = ovsName;
    }

    /** The name OVS uses in the database and ovs-vsctl. */
    public String ovsName() {
        return ovsName;
    }

    /** Parses an OVS name; null when unknown. */
    public static VlanMode ofOvsName(String s) {
        for (VlanMode m : values()) {
            if (m.ovsName.equals(s)) {
                return m;
            }
        }
        return null;
    }
}
