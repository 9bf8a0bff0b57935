package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.QosConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The QoS columns as ovs-vswitchd reads them ({@code bridge.c iface_configure_qos}, issue 7): an Interface's
 * {@code ingress_policing_rate}/{@code _burst}/{@code _kpkts_rate}/{@code _kpkts_burst} (each clamped to
 * {@code UINT32_MAX} as {@code netdev_set_policing} gets them), and a Port's {@code qos} reference to a QoS row
 * ({@code type}, {@code other_config}, {@code queues}: queue id → Queue row, whose {@code other_config} is the
 * queue's settings). A QoS row with an empty {@code type} means no QoS, as in OVS.
 *
 * <p>Only the shape is checked here: values the schema allows but jvswitch cannot apply (an
 * {@code egress-policer} without {@code cir}, an unsupported type) are passed on unchanged, and the runtime's
 * QoS applier reports them per interface ({@code SwitchRuntime.qosErrors()}) while the rest of the configuration
 * applies. A reference to a missing QoS or Queue row is ignored with a warning. Queue {@code dscp} (remarking
 * packets that selected the queue) is not applied by jvswitch: a warning says so.
 */
final class QosColumns {
    /** OVS passes each policing column through {@code MIN(UINT32_MAX, value)}. */
    static final long UINT32_MAX = 0xffff_ffffL;

    private QosColumns() {
    }

    /** An Interface row's ingress policing; throws {@link MalformedDatumException} when a column is no integer. */
    static IngressPolicing policing(ObjectNode iface) {
        return new IngressPolicing(column(iface, "ingress_policing_rate"), column(iface, "ingress_policing_burst"),
                column(iface, "ingress_policing_kpkts_rate"), column(iface, "ingress_policing_kpkts_burst"));
    }

    private static long column(ObjectNode row, String name) {
        long v = OvsdbDatum.integer(row.get(name));
        return Math.clamp(v, 0, UINT32_MAX);
    }

    /**
     * A Port row's egress QoS, or null when it has none (no reference, a missing row, or an empty type); throws
     * {@link MalformedDatumException} when a column is not of its type.
     */
    static QosConfig qos(DbSnapshot db, String port, ObjectNode portRow, List<String> warnings) {
        UUID ref = OvsdbDatum.optionalUuid(portRow.get("qos"));
        if (ref == null) {
            return null;
        }
        ObjectNode row = db.row("QoS", ref);
        if (row == null) {
            warnings.add("port \"" + port + "\" qos refers to QoS row " + ref + ", which does not exist: ignored");
            return null;
        }
        String type = OvsdbDatum.string(row.get("type"));
        if (type.isEmpty()) {
            return null;    // bridge.c iface_configure_qos: no type, no QoS
        }
        Map<Long, Map<String, String>> queues = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : OvsdbDatum.pairs(row.get("queues")).entrySet()) {
            if (!(e.getKey() instanceof Long id) || !(e.getValue() instanceof UUID queue)) {
                throw new MalformedDatumException("QoS queues is not a map of integer to uuid: " + e.getKey()
                        + " -> " + e.getValue());
            }
            ObjectNode q = db.row("Queue", queue);
            if (q == null) {
                warnings.add("port \"" + port + "\" QoS queue " + id + " refers to Queue row " + queue
                        + ", which does not exist: ignored");
                continue;
            }
            Long dscp = OvsdbDatum.optionalInteger(q.get("dscp"));
            if (dscp != null) {
                warnings.add("port \"" + port + "\" QoS queue " + id + ": dscp " + dscp
                        + " is not applied (jvswitch does not remark DSCP)");
            }
            queues.put(id, OvsdbDatum.stringMap(q.get("other_config")));
        }
        return new QosConfig(type, OvsdbDatum.stringMap(row.get("other_config")), queues);
    }
}
