package io.jvswitch.qos;

import java.util.List;

/**
 * An OpenFlow meter with drop bands, as OVS's userspace datapath runs it ({@code lib/dpif-netdev.c}
 * {@code dp_netdev_run_meter}): rates in kbps (bucket in bits, a packet costs its whole frame × 8) or in
 * packets/s (a packet costs 1); each band's bucket holds {@code burst} (0: the band's rate, i.e. one second's
 * worth) and starts full. Every band sees every packet: a packet that fits a band's bucket drains it; a packet
 * that exceeds one or more bands is dropped by the one with the highest rate, which counts it. Refill runs on a
 * nanosecond clock (OVS: milliseconds).
 *
 * <h2>Performance</h2> Per batch one refill per band; per packet one compare and subtract per band. No
 * allocation. <h2>Thread-safety</h2> None: the caller serialises (a meter is shared by the flows using it).
 */
public final class Meter {
    /** One drop band: {@code rate} in the meter's unit per second, {@code burst} in kbit or packets. */
    public record Band(long rate, long burst) {
        public Band {
            if (rate <= 0) {
                throw new IllegalArgumentException("band rate " + rate + ": must be positive");
            }
            if (burst < 0) {
                throw new IllegalArgumentException("band burst " + burst + ": must not be negative");
            }
        }
    }

    private final boolean packets;
    private final Band[] bands;
    private final TokenBucket[] buckets;
    private final long[] bandPackets;
    private final long[] bandBytes;
    private long inPackets;
    private long inBytes;

    /**
     * @param pktps true: rates in packets/s and bursts in packets; false: kbps and kbit
     * @param bands at least one
     */
    public Meter(boolean pktps, List<Band> bands, long now) {
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("a meter needs at least one band");
        }
        this.packets = pktps;
        this.bands = bands.toArray(new Band[0]);
        this.buckets = new TokenBucket[this.bands.length];
        for (int m = 0; m < this.bands.length; m++) {
            Band b = this.bands[m];
            long burst = b.burst() == 0 ? b.rate() : b.burst();
            long scale = pktps ? 1 : 1000;               // kbit → bit
            QosSettings.requireRange("band rate", b.rate(), 1, TokenBucket.MAX_RATE / scale);
            QosSettings.requireRange("band burst", burst, 1, TokenBucket.MAX_BURST / scale);
            buckets[m] = new TokenBucket(b.rate() * scale, burst * scale, now);
        }
        this.bandPackets = new long[this.bands.length];
        this.bandBytes = new long[this.bands.length];
    }

    /**
     * Meters the first {@code count} packets (whole-frame lengths) at {@code now}; returns the bitmask of those
     * that no band dropped.
     */
    public int meter(int[] length, int count, long now) {
        final TokenBucket[] bk = buckets;
        for (TokenBucket b : bk) {
            b.refill(now);
        }
        int pass = 0;
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            final long cost = (packets ? 1 : length[i] * 8L) * TokenBucket.NANO;
            bytes += length[i];
            int fired = -1;
            for (int m = 0; m < bk.length; m++) {
                if (!bk[m].tryTake(cost) && (fired < 0 || bands[m].rate() > bands[fired].rate())) {
                    fired = m;
                }
            }
            if (fired < 0) {
                pass |= 1 << i;
            } else {
                bandPackets[fired]++;
                bandBytes[fired] += length[i];
            }
        }
        inPackets += count;
        inBytes += bytes;
        return pass;
    }

    public boolean pktps() {
        return packets;
    }

    public List<Band> bands() {
        return List.of(bands);
    }

    /** Packets that reached the meter. */
    public long packetsIn() {
        return inPackets;
    }

    /** Bytes that reached the meter. */
    public long bytesIn() {
        return inBytes;
    }

    /** Packets band {@code m} dropped. */
    public long bandPackets(int m) {
        return bandPackets[m];
    }

    /** Bytes band {@code m} dropped. */
    public long bandBytes(int m) {
        return bandBytes[m];
    }
}
