package io.jvswitch.bonding.lacp;

/**
 * A member's counters as {@code lacp/show-stats} prints them. As in OVS, {@code rxPdus} counts every frame handed to
 * the member, including the bad and Marker ones; {@code linkExpired} counts only receive-timer expiries (a carrier
 * change expires a member without counting here).
 */
public record LacpStats(long txPdus, long rxPdus, long rxBadPdus, long rxMarkerPdus, long linkExpired,
                        long linkDefaulted, long carrierChanged) {
}
