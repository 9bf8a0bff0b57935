package io.jvswitch.bonding.lacp;

/** A member's receive state (OVS {@code enum member_status}) and its word in {@code lacp/show}. */
public enum MemberStatus {
    /** Partner information is up to date. */
    CURRENT("current"),
    /** Partner information is out of date (no PDU within the receive timeout). */
    EXPIRED("expired"),
    /** No partner: partner information is zero. */
    DEFAULTED("defaulted");

    private final String text;

    MemberStatus(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
