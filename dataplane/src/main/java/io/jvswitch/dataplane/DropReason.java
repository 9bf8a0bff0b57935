package io.jvswitch.dataplane;

/**
 * Why the datapath dropped a packet. Closed set; per-PMD counters are indexed by {@link #ordinal()}.
 */
public enum DropReason {
    /** Shorter than an Ethernet header (14 bytes). */
    RUNT_FRAME,
    /** Longer than the frame can hold or the port's MTU allows. */
    OVERSIZE_FRAME,
    /** The flow's actions say drop (or the action list is empty). */
    ACTION_DROP,
    /** A cache miss that could not go up: the upcall budget was spent (a "lost upcall"). */
    UPCALL_LOST,
    /** The upcall handler refused or failed to translate the packet. */
    UPCALL_ERROR,
    /** Output to a port that does not exist (or was removed). */
    NO_SUCH_PORT,
    /** The egress port's tx queue was full. */
    TX_QUEUE_FULL,
    /** No free frame to copy a packet for a second output. */
    POOL_EXHAUSTED,
    /** An action could not be applied (e.g. pop VLAN on an untagged packet, no headroom for a push). */
    ACTION_FAILED,
    /** A bond output whose bucket has no member (or an unknown bond): LACP not negotiated, no member up. */
    BOND_NO_MEMBER,
    /** The slow-path queue to the control plane was full. */
    SLOW_PATH_FULL,
    /** Over the receiving interface's {@code ingress_policing_rate} (bytes). */
    INGRESS_POLICED_RATE,
    /** Over the receiving interface's {@code ingress_policing_kpkts_rate} (packets). */
    INGRESS_POLICED_PKT_RATE,
    /** Coloured RED by the transmitting port's egress QoS policy ({@code egress-policer}, {@code trtcm-policer}). */
    EGRESS_POLICED,
    /** Dropped by a band of an OpenFlow meter (the {@code meter} action). */
    METER_DROP;

    public static final DropReason[] VALUES = values();
}
