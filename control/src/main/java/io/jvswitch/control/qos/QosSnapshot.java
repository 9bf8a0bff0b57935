package io.jvswitch.control.qos;

import io.jvswitch.dataplane.qos.Locked;
import io.jvswitch.qos.EgressPolicer;
import io.jvswitch.qos.IngressPolicer;
import io.jvswitch.qos.TrTcmPolicer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an interface's policers hold at one instant (issue 7): the egress policy in effect (OVS's QoS type, its
 * settings as {@code qos/show} prints them, per-queue counters) and the ingress policer (its settings in effect and
 * counters), or null for either when the interface has none (or its settings were invalid: see
 * {@code SwitchRuntime.qosErrors()}). Read under each policer's lock ({@link Locked#read}), so the counters of one
 * policer are consistent with each other; the two policers are read one after the other.
 *
 * @param iface   the interface
 * @param egress  the egress policy, or null
 * @param ingress the ingress policer, or null
 */
public record QosSnapshot(String iface, Egress egress, Ingress ingress) {

    /**
     * An egress policy: {@code type} ({@code egress-policer}, {@code trtcm-policer}), its settings (OVS's
     * {@code qos_get}: {@code cir}/{@code cbs}, plus {@code eir}/{@code ebs} for trtcm-policer; keys sorted) and its
     * queues in ascending id order.
     */
    public record Egress(String type, SortedMap<String, String> details, List<Queue> queues) {
        public Egress {
            details = Collections.unmodifiableSortedMap(new TreeMap<>(details));
            queues = List.copyOf(queues);
        }

        /** Queue {@code id}, or null. */
        public Queue queue(long id) {
            return queues.stream().filter(q -> q.id() == id).findFirst().orElse(null);
        }
    }

    /**
     * One queue of an egress policy: its id (0 is OVS's "Default"), its settings (empty for an egress-policer, which
     * has no queue settings), and OVS's queue counters: packets and bytes (without the Ethernet header, as OVS
     * counts) its policer let through, packets it dropped.
     */
    public record Queue(long id, SortedMap<String, String> details, long txPackets, long txBytes, long txErrors) {
        public Queue {
            details = Collections.unmodifiableSortedMap(new TreeMap<>(details));
        }
    }

    /**
     * An ingress policer: the settings in effect (a 0 burst reads as OVS's default: 8000 kb, 16 kpkts) and the
     * packets it let through and dropped, by the byte rate and by the packet rate.
     */
    public record Ingress(long rateKbps, long burstKb, long kpktsRate, long kpktsBurst, long passed,
                          long droppedByRate, long droppedByPacketRate) {
        /** Packets dropped, for either reason. */
        public long dropped() {
            return droppedByRate + droppedByPacketRate;
        }
    }

    /** Reads {@code egress} and {@code ingress} (either may be null) under their locks. */
    public static QosSnapshot read(String iface, Locked<EgressPolicer> egress, Locked<IngressPolicer> ingress) {
        return new QosSnapshot(iface, egress == null ? null : egress.read(QosSnapshot::egress),
                ingress == null ? null : ingress.read(p -> new Ingress(p.rateKbps(), p.burstKb(), p.kpktsRate(),
                        p.kpktsBurst(), p.passed(), p.droppedByRate(), p.droppedByPacketRate())));
    }

    private static Egress egress(EgressPolicer p) {
        List<Queue> queues = new ArrayList<>();
        for (int id : p.queueIds()) {
            SortedMap<String, String> details = p instanceof TrTcmPolicer t ? t.queueDetails(id) : null;
            queues.add(new Queue(Integer.toUnsignedLong(id), details == null ? new TreeMap<>() : details,
                    p.txPackets(id),
                    p.txBytes(id), p.txErrors(id)));
        }
        return new Egress(p.type(), p.details(), queues);
    }
}
