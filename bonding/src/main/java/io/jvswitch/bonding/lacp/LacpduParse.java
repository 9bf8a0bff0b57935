package io.jvswitch.bonding.lacp;

/**
 * What {@link Lacpdu} made of a received frame or PDU: an LACPDU (actor and partner information), a Marker PDU
 * (recognised and counted, not answered, as in OVS), or malformed (with a reason, never an exception).
 */
public record LacpduParse(Kind kind, LacpInfo actor, LacpInfo partner, int version, String reason) {
    /** The three outcomes; OVS counts them as RX PDUs, RX Marker Request PDUs and RX Bad PDUs. */
    public enum Kind { LACP, MARKER, MALFORMED }

    static LacpduParse lacp(LacpInfo actor, LacpInfo partner, int version) {
        return new LacpduParse(Kind.LACP, actor, partner, version, null);
    }

    static LacpduParse marker(int version) {
        return new LacpduParse(Kind.MARKER, null, null, version, null);
    }

    static LacpduParse malformed(String reason) {
        return new LacpduParse(Kind.MALFORMED, null, null, -1, reason);
    }

    public boolean isLacp() {
        return kind == Kind.LACP;
    }
}
