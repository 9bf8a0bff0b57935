package io.jvswitch.vport.pcap;

import java.nio.file.Path;

/**
 * Settings of a {@link PcapPort}, after OVS's dummy-port options {@code rxq_pcap=} / {@code pcap=}
 * (rx from a file) and {@code tx_pcap=} (tx to a file). Either file may be null, not both.
 *
 * @param rxFile capture to replay on rx, or null for a port that never receives
 * @param txFile file every transmitted frame is recorded to (created or truncated), or null to count and drop
 * @param loop replay the rx capture forever (true) or once (false)
 * @param strict a malformed record in the rx capture fails the open (true), or ends the replay before it
 *               and is reported by {@link PcapPort#rxLoadError()} (false)
 * @param flushIntervalNanos longest time recorded frames stay buffered before a transmit flushes them
 * @param maxRxBytes largest rx capture loaded (frames are held in memory)
 */
public record PcapPortSettings(Path rxFile, Path txFile, boolean loop, boolean strict, long flushIntervalNanos,
        long maxRxBytes) {
    public static final long DEFAULT_FLUSH_INTERVAL_NANOS = 100_000_000L;
    public static final long DEFAULT_MAX_RX_BYTES = 1L << 30;

    public PcapPortSettings {
        if (rxFile == null && txFile == null) {
            throw new IllegalArgumentException("a pcap port needs an rx file, a tx file, or both");
        }
        if (flushIntervalNanos < 0 || maxRxBytes < 0) {
            throw new IllegalArgumentException("negative flush interval or rx size limit");
        }
    }

    /** Replays {@code rxFile} once (strict) and records tx to {@code txFile}; either may be null. */
    public static PcapPortSettings of(Path rxFile, Path txFile) {
        return new PcapPortSettings(rxFile, txFile, false, true, DEFAULT_FLUSH_INTERVAL_NANOS, DEFAULT_MAX_RX_BYTES);
    }

    public static PcapPortSettings rxOnly(Path rxFile) {
        return of(rxFile, null);
    }

    public static PcapPortSettings txOnly(Path txFile) {
        return of(null, txFile);
    }

    public PcapPortSettings withLoop(boolean value) {
        return new PcapPortSettings(rxFile, txFile, value, strict, flushIntervalNanos, maxRxBytes);
    }

    public PcapPortSettings withStrict(boolean value) {
        return new PcapPortSettings(rxFile, txFile, loop, value, flushIntervalNanos, maxRxBytes);
    }

    public PcapPortSettings withFlushIntervalNanos(long value) {
        return new PcapPortSettings(rxFile, txFile, loop, strict, value, maxRxBytes);
    }

    public PcapPortSettings withMaxRxBytes(long value) {
        return new PcapPortSettings(rxFile, txFile, loop, strict, flushIntervalNanos, value);
    }
}
