package io.jvswitch.bonding.bond;

import java.util.Objects;

/**
 * A bond member as configured: its interface name and MAC (48 bits as a {@code long}; OVS identifies the
 * remembered active member by MAC because names need not survive a reboot).
 */
public record MemberConfig(String name, long mac) {
    public MemberConfig {
        Objects.requireNonNull(name, "name");
    }
}
