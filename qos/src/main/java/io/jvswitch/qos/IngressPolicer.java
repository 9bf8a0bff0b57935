package io.jvswitch.qos;

/**
 * OVS's per-interface ingress policer ({@code ingress_policing_rate}/{@code _burst} in kbps/kb and
 * {@code ingress_policing_kpkts_rate}/{@code _kpkts_burst} in kpps/kpkts), applied to a whole received batch.
 *
 * <h2>Semantics (OVS 3.1, {@code vswitchd/vswitch.xml} and {@code lib/netdev-dpdk.c})</h2>
 * <ul>
 *   <li>Byte policing is an srTCM with EBS 0 (only GREEN passes): CIR = kbps × 1000 / 8 bytes/s, CBS =
 *       kb × 1000 / 8 bytes (DPDK's in-process policer; the kernel's tc uses × 1024 for the burst), a
 *       packet costs its length without the 14-byte Ethernet header. Burst 0 means the default 8000 kb.</li>
 *   <li>Packet policing: kpps × 1000 packets/s, burst kpkts × 1000 packets (0: the default 16 kpkts), one
 *       packet per packet.</li>
 *   <li>Both set: a packet passes only if both buckets hold its cost ("the smaller limit wins"); it is
 *       charged to both, or to neither when dropped. Buckets start full.</li>
 * </ul>
 *
 * <h2>Performance</h2> {@link #police} refills once per batch, then per packet a compare and a subtract.
 * No allocation. <h2>Thread-safety</h2> None: the caller serialises batches (see the datapath's policer).
 */
public final class IngressPolicer {
    /** The Ethernet header the byte cost leaves out. */
    public static final int ETH_HEADER = 14;
    /** OVS's burst when {@code ingress_policing_burst} is 0 (kb). */
    public static final long DEFAULT_BURST_KB = 8000;
    /** OVS's burst when {@code ingress_policing_kpkts_burst} is 0 (kpkts). */
    public static final long DEFAULT_KPKTS_BURST = 16;

    private final long rateKbps;
    private final long burstKb;
    private final long kpktsRate;
    private final long kpktsBurst;
    private final TokenBucket bytes;
    private final TokenBucket packets;
    private long passed;
    private long droppedByRate;
    private long droppedByPacketRate;

    /**
     * @param rateKbps   {@code ingress_policing_rate}; 0: no byte policing
     * @param burstKb    {@code ingress_policing_burst}; 0: {@value #DEFAULT_BURST_KB}
     * @param kpktsRate  {@code ingress_policing_kpkts_rate}; 0: no packet policing
     * @param kpktsBurst {@code ingress_policing_kpkts_burst}; 0: {@value #DEFAULT_KPKTS_BURST}
     * @throws IllegalArgumentException for a negative value or one beyond what a bucket can hold
     */
    public IngressPolicer(long rateKbps, long burstKb, long kpktsRate, long kpktsBurst, long now) {
        check("ingress_policing_rate", rateKbps, TokenBucket.MAX_RATE / 125);
        check("ingress_policing_burst", burstKb, TokenBucket.MAX_BURST / 125);
        check("ingress_policing_kpkts_rate", kpktsRate, TokenBucket.MAX_RATE / 1000);
        check("ingress_policing_kpkts_burst", kpktsBurst, TokenBucket.MAX_BURST / 1000);
        this.rateKbps = rateKbps;
        this.burstKb = burstKb == 0 ? DEFAULT_BURST_KB : burstKb;
        this.kpktsRate = kpktsRate;
        this.kpktsBurst = kpktsBurst == 0 ? DEFAULT_KPKTS_BURST : kpktsBurst;
        this.bytes = rateKbps == 0 ? null : new TokenBucket(rateKbps * 125, this.burstKb * 125, now);
        this.packets = kpktsRate == 0 ? null : new TokenBucket(kpktsRate * 1000, this.kpktsBurst * 1000, now);
    }

    private static void check(String what, long v, long max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " " + v + " outside 0.." + max);
        }
    }

    /** True when the settings police anything (a rate is set). */
    public boolean active() {
        return bytes != null || packets != null;
    }

    /**
     * Polices the first {@code count} packets, of lengths {@code length[0..count)} (whole frames), at
     * {@code now}; returns the bitmask of those that pass (bit i = packet i).
     */
    public int police(int[] length, int count, long now) {
        final TokenBucket b = bytes;
        final TokenBucket p = packets;
        if (b != null) {
            b.refill(now);
        }
        if (p != null) {
            p.refill(now);
        }
        int pass;
        int byRate = 0;
        int byPackets = 0;
        if (p == null) {                                    // byte policing only (the common case)
            pass = b.takeEach(length, count, ETH_HEADER);
            byRate = count - Integer.bitCount(pass);
        } else if (b == null) {                             // packet policing only
            pass = p.takeOneEach(count);
            byPackets = count - Integer.bitCount(pass);
        } else {                                            // both: a packet must fit both, charged to both
            long bt = b.tokens();
            long pt = p.tokens();
            pass = 0;
            for (int i = 0; i < count; i++) {
                final long cost = Math.max(length[i] - ETH_HEADER, 0) * TokenBucket.NANO;
                if (bt < cost) {
                    byRate++;
                } else if (pt < TokenBucket.NANO) {
                    byPackets++;
                } else {
                    bt -= cost;
                    pt -= TokenBucket.NANO;
                    pass |= 1 << i;
                }
            }
            b.setTokens(bt);
            p.setTokens(pt);
        }
        passed += count - byRate - byPackets;
        droppedByRate += byRate;
        droppedByPacketRate += byPackets;
        return pass;
    }

    public long rateKbps() {
        return rateKbps;
    }

    /** The burst in effect (kb; the default when configured 0). */
    public long burstKb() {
        return burstKb;
    }

    public long kpktsRate() {
        return kpktsRate;
    }

    /** The packet burst in effect (kpkts; the default when configured 0). */
    public long kpktsBurst() {
        return kpktsBurst;
    }

    /** Packets that passed so far. */
    public long passed() {
        return passed;
    }

    /** Packets dropped by the byte rate so far. */
    public long droppedByRate() {
        return droppedByRate;
    }

    /** Packets dropped by the packet rate so far (that the byte rate let through). */
    public long droppedByPacketRate() {
        return droppedByPacketRate;
    }
}
