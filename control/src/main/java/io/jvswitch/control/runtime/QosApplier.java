package io.jvswitch.control.runtime;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.dataplane.qos.Locked;
import io.jvswitch.dataplane.qos.PortQos;
import io.jvswitch.qos.EgressPolicer;
import io.jvswitch.qos.IngressPolicer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Keeps the datapath's per-port QoS ({@link PortQos}) in step with the configuration: each interface's ingress
 * policing and its port's egress QoS (OVS applies a Port's QoS to every interface of the port, as
 * {@code bridge.c iface_configure_qos} does).
 *
 * <h2>Design</h2> A policy is rebuilt only when its settings or its datapath port number changed, so
 * counters and bucket levels survive unrelated reconfigurations (OVS: {@code qos_is_equal}). Invalid settings
 * never throw out of {@link #apply}: the interface runs without that policy and {@link #errors()} says why
 * (one clear message per interface), so the rest of the configuration still applies.
 *
 * <h2>Thread-safety</h2> Called by the runtime under its lock; the PMDs see {@link PortQos}'s published arrays.
 */
final class QosApplier {
    private record Applied<S>(int odp, S settings) {
    }

    private final PortQos portQos;
    private final Map<String, Applied<IngressPolicing>> ingress = new LinkedHashMap<>();
    private final Map<String, Applied<QosConfig>> egress = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    QosApplier(PortQos portQos) {
        this.portQos = portQos;
    }

    /**
     * Applies {@code cfg}'s policies to the interfaces {@code odpOf} maps to a datapath port (negative: not
     * in the datapath — its policies are removed).
     */
    void apply(SwitchConfig cfg, ToIntFunction<String> odpOf, long now) {
        Map<String, Applied<IngressPolicing>> wantIn = new LinkedHashMap<>();
        Map<String, Applied<QosConfig>> wantOut = new LinkedHashMap<>();
        for (BridgeConfig b : cfg.bridges()) {
            for (PortConfig p : b.ports()) {
                for (InterfaceConfig ic : p.interfaces()) {
                    int odp = odpOf.applyAsInt(ic.name());
                    if (odp < 0) {
                        continue;
                    }
                    if (ic.policing().active()) {
                        wantIn.put(ic.name(), new Applied<>(odp, ic.policing()));
                    }
                    if (p.qos() != null) {
                        wantOut.put(ic.name(), new Applied<>(odp, p.qos()));
                    }
                }
            }
        }
        errors.clear();
        for (Map.Entry<String, Applied<IngressPolicing>> e : new LinkedHashMap<>(ingress).entrySet()) {
            Applied<IngressPolicing> want = wantIn.get(e.getKey());
            if (want == null || want.odp() != e.getValue().odp()) {
                portQos.setIngress(e.getValue().odp(), null);
                ingress.remove(e.getKey());
            }
        }
        for (Map.Entry<String, Applied<QosConfig>> e : new LinkedHashMap<>(egress).entrySet()) {
            Applied<QosConfig> want = wantOut.get(e.getKey());
            if (want == null || want.odp() != e.getValue().odp()) {
                portQos.setEgress(e.getValue().odp(), null);
                egress.remove(e.getKey());
            }
        }
        wantIn.forEach((name, want) -> {
            if (want.equals(ingress.get(name))) {
                return;
            }
            IngressPolicing s = want.settings();
            try {
                portQos.setIngress(want.odp(), s.policer(now));
                ingress.put(name, want);
            } catch (IllegalArgumentException ex) {
                portQos.setIngress(want.odp(), null);
                ingress.remove(name);
                errors.put(name, "ingress policing: " + ex.getMessage());
            }
        });
        wantOut.forEach((name, want) -> {
            if (want.equals(egress.get(name))) {             // applied before: keep it (and its counters)
                return;
            }
            try {
                portQos.setEgress(want.odp(), want.settings().policer(now));
                egress.put(name, want);
            } catch (IllegalArgumentException ex) {
                portQos.setEgress(want.odp(), null);
                egress.remove(name);
                errors.merge(name, "QoS: " + ex.getMessage(), (a, b) -> a + "; " + b);
            }
        });
    }

    /** Interface name → why its QoS or policing is not applied (empty when all applied). */
    Map<String, String> errors() {
        return Map.copyOf(errors);
    }

    /** The egress policy in effect on interface {@code name}, or null. */
    Locked<EgressPolicer> egress(String name) {
        Applied<QosConfig> a = egress.get(name);
        return a == null ? null : portQos.egress(a.odp());
    }

    /** The egress QoS settings in effect on interface {@code name}, or null. */
    QosConfig egressSettings(String name) {
        Applied<QosConfig> a = egress.get(name);
        return a == null ? null : a.settings();
    }

    /** The ingress policer in effect on interface {@code name}, or null. */
    Locked<IngressPolicer> ingress(String name) {
        Applied<IngressPolicing> a = ingress.get(name);
        return a == null ? null : portQos.ingress(a.odp());
    }
}
