package io.jvswitch.pcap;

/**
 * One captured packet: the captured bytes (possibly fewer than were on the wire), the original length and
 * the timestamp in nanoseconds since the epoch.
 */
public record PcapRecord(long timestampNanos, int originalLength, byte[] data) {
}
