package io.jvswitch.bonding.lacp;

/**
 * One member's LACP state (OVS {@code struct member}): settings, receive status, attached flag, carrier, the
 * partner's information, what the partner last echoed of us ({@code nttActor}), the two timers as absolute
 * deadlines on the caller's clock (expired when {@code now >= deadline}; {@link Long#MIN_VALUE} is "already
 * expired", as OVS's zeroed timers are) and the counters. Mutated only by {@link Lacp} and {@link LacpSelection}.
 */
final class LacpMember {
    LacpMemberSettings settings;
    MemberStatus status = MemberStatus.DEFAULTED;
    boolean attached;
    boolean carrierUp;
    /** True until the first carrier report, which sets the initial carrier without counting it as a change. */
    boolean carrierUnknown = true;
    LacpInfo partner = LacpInfo.ZERO;
    LacpInfo nttActor = LacpInfo.ZERO;
    long txDeadline = Long.MIN_VALUE;
    long rxDeadline = Long.MIN_VALUE;

    long txPdus;
    long rxPdus;
    long rxBadPdus;
    long rxMarkerPdus;
    long linkExpired;
    long linkDefaulted;
    long carrierChanged;

    LacpMember(LacpMemberSettings settings) {
        this.settings = settings;
    }

    String name() {
        return settings.name();
    }

    LacpStats stats() {
        return new LacpStats(txPdus, rxPdus, rxBadPdus, rxMarkerPdus, linkExpired, linkDefaulted, carrierChanged);
    }
}
