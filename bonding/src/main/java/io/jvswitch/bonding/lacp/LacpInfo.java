package io.jvswitch.bonding.lacp;

/**
 * One side's information in an LACPDU (OVS {@code struct lacp_info}, 15 bytes on the wire): system priority,
 * system id (a MAC in the low 48 bits), operational key, port priority, port id and the state octet
 * ({@link LacpStateBits}). All numbers are unsigned and kept in range by the constructor (masked).
 */
public record LacpInfo(int sysPriority, long sysId, int key, int portPriority, int portId, int state) {
    /** All zero: what OVS holds for a defaulted member's partner. */
    public static final LacpInfo ZERO = new LacpInfo(0, 0, 0, 0, 0, 0);

    public LacpInfo {
        sysPriority &= 0xffff;
        sysId &= 0xffff_ffff_ffffL;
        key &= 0xffff;
        portPriority &= 0xffff;
        portId &= 0xffff;
        state &= 0xff;
    }

    /** This information with another state octet. */
    public LacpInfo withState(int newState) {
        return new LacpInfo(sysPriority, sysId, key, portPriority, portId, newState);
    }

    /**
     * OVS's {@code info_tx_equal}: equal in every field whose change makes LACP transmit (port, port priority,
     * system, system priority, key, and the ACT/TIME/SYNC/AGG state bits).
     */
    public boolean txEquals(LacpInfo o) {
        int mask = LacpStateBits.ACT | LacpStateBits.TIME | LacpStateBits.SYNC | LacpStateBits.AGG;
        return ((state ^ o.state) & mask) == 0 && portId == o.portId && portPriority == o.portPriority
                && key == o.key && sysPriority == o.sysPriority && sysId == o.sysId;
    }

    /**
     * Orders two priority records the way OVS's {@code memcmp} of big-endian {@code lacp_info} does, with key and
     * state ignored (OVS zeroes them in {@code member_get_priority}): system priority, system id, port priority,
     * port id; lower is better.
     */
    public int comparePriority(LacpInfo o) {
        int c = Integer.compare(sysPriority, o.sysPriority);
        if (c == 0) {
            c = Long.compare(sysId, o.sysId);
        }
        if (c == 0) {
            c = Integer.compare(portPriority, o.portPriority);
        }
        if (c == 0) {
            c = Integer.compare(portId, o.portId);
        }
        return c;
    }
}
