package io.jvswitch.control.model;

/**
 * An interface's ingress policing, in OVS's Interface columns and units: {@code ingress_policing_rate} (kbps),
 * {@code ingress_policing_burst} (kb; 0: OVS's default 8000), {@code ingress_policing_kpkts_rate} (kpps) and
 * {@code ingress_policing_kpkts_burst} (kpkts; 0: the default 16). All zero: no policing ({@link #NONE}).
 * The datapath's policer is {@code io.jvswitch.qos.IngressPolicer}.
 */
public record IngressPolicing(long rateKbps, long burstKb, long kpktsRate, long kpktsBurst) {
    public static final IngressPolicing NONE = new IngressPolicing(0, 0, 0, 0);

    /** True when a rate is set (the burst alone polices nothing). */
    public boolean active() {
        return rateKbps != 0 || kpktsRate != 0;
    }

    /**
     * The datapath's policer for these settings, its buckets full at {@code now}: the one place the settings are
     * checked (the config file's validator and the runtime both call it).
     *
     * @throws IllegalArgumentException naming the column, for a negative value or one beyond what a bucket holds
     */
    public io.jvswitch.qos.IngressPolicer policer(long now) {
        return new io.jvswitch.qos.IngressPolicer(rateKbps, burstKb, kpktsRate, kpktsBurst, now);
    }
}
