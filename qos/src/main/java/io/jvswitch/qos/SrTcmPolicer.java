package io.jvswitch.qos;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * OVS's {@code egress-policer}: an srTCM with EBS 0 on the port, {@code other_config:cir} in bytes per second
 * of the IP packet (the frame without its 14-byte Ethernet header) and {@code other_config:cbs} in bytes;
 * only GREEN leaves. No queues: every packet counts as queue 0, whose counters (bytes without the Ethernet
 * header, as OVS counts for {@code trtcm-policer}) {@code qos/show} prints — OVS 3.1 prints none for this
 * type. Single-threaded.
 */
public final class SrTcmPolicer implements EgressPolicer {
    public static final String TYPE = "egress-policer";
    private static final int[] QUEUES = {0};

    private final long cir;
    private final long cbs;
    private final SrTcm meter;
    private long txPackets;
    private long txBytes;
    private long txErrors;

    /**
     * @param cir bytes/s, at least 1
     * @param cbs bytes, at least 1
     * @throws IllegalArgumentException with the setting named, for a value out of range
     */
    public SrTcmPolicer(long cir, long cbs, long now) {
        QosSettings.requireRange("cir", cir, 1, TokenBucket.MAX_RATE);
        QosSettings.requireRange("cbs", cbs, 1, TokenBucket.MAX_BURST);
        this.cir = cir;
        this.cbs = cbs;
        this.meter = new SrTcm(cir, cbs, 0, now);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int police(int[] length, int[] queue, int count, long now) {
        final SrTcm m = meter;
        m.refill(now);
        final int pass = m.conformEach(length, count, IngressPolicer.ETH_HEADER);
        long bytes = 0;
        for (int k = pass; k != 0; k &= k - 1) {
            bytes += Math.max(length[Integer.numberOfTrailingZeros(k)] - IngressPolicer.ETH_HEADER, 0);
        }
        final int sent = Integer.bitCount(pass);
        txPackets += sent;
        txBytes += bytes;
        txErrors += count - sent;
        return pass;
    }

    @Override
    public int[] queueIds() {
        return QUEUES.clone();
    }

    @Override
    public long txPackets(int id) {
        return id == 0 ? txPackets : 0;
    }

    @Override
    public long txBytes(int id) {
        return id == 0 ? txBytes : 0;
    }

    @Override
    public long txErrors(int id) {
        return id == 0 ? txErrors : 0;
    }

    @Override
    public SortedMap<String, String> details() {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("cbs", Long.toString(cbs));
        m.put("cir", Long.toString(cir));
        return m;
    }
}
