package io.jvswitch.bonding;

/** OVS's {@code lacp_status}: how far LACP got on a bond ({@code bond/show}'s {@code lacp_status:} line). */
public enum LacpStatus {
    /** LACP runs and a partner was selected (some member attached). */
    NEGOTIATED("negotiated"),
    /** LACP runs but nothing is attached (no partner, or none usable). */
    CONFIGURED("configured"),
    /** LACP is off on this port. */
    OFF("off");

    private final String text;

    LacpStatus(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
