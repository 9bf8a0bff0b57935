package io.jvswitch.qos;

/**
 * An egress QoS policy applied to a port's transmit batch: decides per packet whether it goes out, and keeps
 * the per-queue counters {@code qos/show} prints. Implementations: {@link SrTcmPolicer} (OVS
 * {@code egress-policer}) and {@link TrTcmPolicer} (OVS {@code trtcm-policer}). Single-threaded.
 */
public interface EgressPolicer {
    /** OVS's QoS {@code type}. */
    String type();

    /**
     * True when a packet whose queue id was not set by a flow action (0) is policed as queue = its IP DSCP
     * (jvswitch's {@code other_config:queue-by-dscp=true}); the datapath then fills the queue ids in.
     */
    default boolean queueByDscp() {
        return false;
    }

    /**
     * Polices the first {@code count} packets of a transmit batch, of whole-frame lengths {@code length} and
     * queue ids {@code queue} (OVS {@code skb_priority}; 0 when unset), at {@code now}; returns the bitmask of
     * those that go out.
     */
    int police(int[] length, int[] queue, int count, long now);

    /** The queues with counters, in ascending id order ({@code qos/show}'s order). */
    int[] queueIds();

    /** Packets of queue {@code id} sent. */
    long txPackets(int id);

    /** Bytes (whole frames) of queue {@code id} sent. */
    long txBytes(int id);

    /** Packets of queue {@code id} dropped by the policy. */
    long txErrors(int id);

    /** The policy's settings as OVS's {@code qos/show} details (key → value, keys sorted). */
    java.util.SortedMap<String, String> details();
}
