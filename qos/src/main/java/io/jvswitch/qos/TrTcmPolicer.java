package io.jvswitch.qos;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * OVS's {@code trtcm-policer} (RFC 4115, {@code lib/netdev-dpdk.c}): a port-level marker and one marker per
 * queue, each with {@code cir}/{@code eir} (bytes/s of the frame without its Ethernet header) and
 * {@code cbs}/{@code ebs} (bytes). A packet is coloured colour-blind by its queue's marker (the queue named by
 * its queue id, else queue 0), then colour-aware by the port's; RED is dropped, GREEN and YELLOW go out.
 * Queue 0 always exists: configured without settings (or not at all) it takes the port's. A queue's
 * {@code tx_packets}/{@code tx_bytes}/{@code tx_errors} count its own marker's verdict (as OVS does: a packet
 * its queue passed and the port dropped counts as sent by the queue); bytes exclude the Ethernet header.
 *
 * <p>Queue selection: the packet's queue id as a flow action set it (OVS {@code set_queue}); with
 * {@code other_config:queue-by-dscp=true} (a jvswitch addition: it has no OpenFlow tables yet), a packet without
 * one is policed by the queue whose id is its IP DSCP (0–63), else queue 0.
 *
 * <p>Invalid settings (DPDK's {@code rte_meter_trtcm_rfc4115_profile_config} rules: neither rate set, or a
 * rate without its burst) throw {@link IllegalArgumentException} naming the queue and key. Single-threaded.
 */
public final class TrTcmPolicer implements EgressPolicer {
    public static final String TYPE = "trtcm-policer";

    private final Params port;
    private final TrTcm4115 portMeter;
    private final int[] ids;
    private final Params[] params;
    private final TrTcm4115[] meters;
    private final long[] txPackets;
    private final long[] txBytes;
    private final long[] txErrors;
    private final int defaultQueue;
    private final boolean queueByDscp;

    /** One marker's settings (bytes/s and bytes). */
    public record Params(long cir, long cbs, long eir, long ebs) {
        static Params of(Map<String, String> c) {
            return new Params(QosSettings.get(c, "cir", 0), QosSettings.get(c, "cbs", 0),
                    QosSettings.get(c, "eir", 0), QosSettings.get(c, "ebs", 0));
        }

        void check(String where) {
            if (cir == 0 && eir == 0) {
                throw new IllegalArgumentException(where + ": cir and eir are both 0 (or missing)");
            }
            if (cir != 0 && cbs == 0) {
                throw new IllegalArgumentException(where + ": cir=" + cir + " needs a cbs");
            }
            if (eir != 0 && ebs == 0) {
                throw new IllegalArgumentException(where + ": eir=" + eir + " needs an ebs");
            }
            QosSettings.requireRange(where + " cir", cir, 0, TokenBucket.MAX_RATE);
            QosSettings.requireRange(where + " eir", eir, 0, TokenBucket.MAX_RATE);
            QosSettings.requireRange(where + " cbs", cbs, 0, TokenBucket.MAX_BURST);
            QosSettings.requireRange(where + " ebs", ebs, 0, TokenBucket.MAX_BURST);
        }

        TrTcm4115 meter(long now) {
            return new TrTcm4115(cir, cbs, eir, ebs, now);
        }

        void addTo(SortedMap<String, String> m) {
            m.put("cbs", Long.toString(cbs));
            m.put("cir", Long.toString(cir));
            m.put("ebs", Long.toString(ebs));
            m.put("eir", Long.toString(eir));
        }
    }

    /**
     * @param portConfig the QoS row's {@code other_config}
     * @param queues     queue id → the Queue row's {@code other_config} (ids 0..2^32-1)
     */
    public TrTcmPolicer(Map<String, String> portConfig, Map<Long, Map<String, String>> queues, long now) {
        this.port = Params.of(portConfig);
        String byDscp = portConfig.getOrDefault("queue-by-dscp", "false");
        if (!byDscp.equals("true") && !byDscp.equals("false")) {
            throw new IllegalArgumentException("queue-by-dscp=" + byDscp + ": must be true or false");
        }
        this.queueByDscp = byDscp.equals("true");
        port.check("trtcm-policer");
        this.portMeter = port.meter(now);
        TreeMap<Long, Map<String, String>> q = new TreeMap<>(queues);
        q.putIfAbsent(0L, Map.of());
        int n = q.size();
        this.ids = new int[n];
        this.params = new Params[n];
        this.meters = new TrTcm4115[n];
        this.txPackets = new long[n];
        this.txBytes = new long[n];
        this.txErrors = new long[n];
        int k = 0;
        for (Map.Entry<Long, Map<String, String>> e : q.entrySet()) {
            long id = e.getKey();
            if (id < 0 || id > 0xffff_ffffL) {
                throw new IllegalArgumentException("queue " + id + ": ids are 0..4294967295");
            }
            Params p;
            try {
                p = id == 0 && e.getValue().isEmpty() ? port : Params.of(e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("queue " + id + ": " + ex.getMessage(), ex);
            }
            p.check("queue " + id);
            ids[k] = (int) id;
            params[k] = p;
            meters[k] = p.meter(now);
            k++;
        }
        this.defaultQueue = 0;                          // id 0 sorts first
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean queueByDscp() {
        return queueByDscp;
    }

    private int slotOf(int id) {
        final int[] a = ids;
        for (int k = 0; k < a.length; k++) {
            if (a[k] == id) {
                return k;
            }
        }
        return defaultQueue;
    }

    @Override
    public int police(int[] length, int[] queue, int count, long now) {
        portMeter.refill(now);
        for (TrTcm4115 m : meters) {
            m.refill(now);
        }
        int pass = 0;
        for (int i = 0; i < count; i++) {
            final int k = slotOf(queue == null ? 0 : queue[i]);
            final long len = Math.max(length[i] - IngressPolicer.ETH_HEADER, 0);
            int colour = meters[k].colour(len);
            if (colour == Colour.RED) {
                txErrors[k]++;
            } else {
                txPackets[k]++;
                txBytes[k] += len;
            }
            colour = portMeter.colour(len, colour);
            if (colour != Colour.RED) {
                pass |= 1 << i;
            }
        }
        return pass;
    }

    @Override
    public int[] queueIds() {
        return ids.clone();
    }

    @Override
    public long txPackets(int id) {
        int k = indexOf(id);
        return k < 0 ? 0 : txPackets[k];
    }

    @Override
    public long txBytes(int id) {
        int k = indexOf(id);
        return k < 0 ? 0 : txBytes[k];
    }

    @Override
    public long txErrors(int id) {
        int k = indexOf(id);
        return k < 0 ? 0 : txErrors[k];
    }

    /** Queue {@code id}'s settings as {@code qos/show} prints them, or null when there is no such queue. */
    public SortedMap<String, String> queueDetails(int id) {
        int k = indexOf(id);
        if (k < 0) {
            return null;
        }
        SortedMap<String, String> m = new TreeMap<>();
        params[k].addTo(m);
        return m;
    }

    private int indexOf(int id) {
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] == id) {
                return k;
            }
        }
        return -1;
    }

    @Override
    public SortedMap<String, String> details() {
        SortedMap<String, String> m = new TreeMap<>();
        port.addTo(m);
        if (queueByDscp) {
            m.put("queue-by-dscp", "true");
        }
        return m;
    }
}
