package io.jvswitch.bonding;

/**
 * What a bond needs from the LACP instance of its port (OVS: {@code lacp_status()} and
 * {@code lacp_member_may_enable()}); a bond without LACP uses {@link #OFF}.
 */
public interface LacpView {
    /** LACP off: every member may be enabled (carrier decides). */
    LacpView OFF = new LacpView() {
        @Override
        public LacpStatus status() {
            return LacpStatus.OFF;
        }

        @Override
        public boolean mayEnable(String member) {
            return true;
        }
    };

    LacpStatus status();

    /**
     * Whether LACP allows {@code member} to carry traffic: attached and the partner in sync (or, with
     * {@code lacp-fallback-ab}, defaulted).
     */
    boolean mayEnable(String member);
}
