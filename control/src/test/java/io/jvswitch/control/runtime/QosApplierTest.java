package io.jvswitch.control.runtime;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.dataplane.qos.PortQos;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class QosApplierTest {
    private final PortQos portQos = new PortQos();
    private final QosApplier applier = new QosApplier(portQos);
    private final Map<String, Integer> odp = Map.of("p1", 1, "p2", 2);

    private static SwitchConfig config(PortConfig... ports) {
        return new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(ports))), Map.of());
    }

    private static PortConfig policed(String name, long kbps) {
        PortConfig p = PortConfig.of(name, "dummy");
        return new PortConfig(name, null, null, null,
                List.of(p.interfaces().getFirst().withPolicing(new IngressPolicing(kbps, 0, 0, 0))));
    }

    private void apply(SwitchConfig cfg) {
        applier.apply(cfg, n -> odp.getOrDefault(n, -1), 0);
    }

    @Test
    void policiesFollowTheConfigurationAndSurviveUnrelatedChanges() {
        QosConfig q = new QosConfig("egress-policer", Map.of("cir", "1000", "cbs", "2000"), Map.of());
        apply(config(policed("p1", 1000), PortConfig.of("p2", "dummy").withQos(q)));
        assertNotNull(portQos.ingress(1));
        assertNull(portQos.ingress(2));
        assertNotNull(portQos.egress(2));
        var in = portQos.ingress(1);
        var out = portQos.egress(2);
        apply(config(policed("p1", 1000), PortConfig.of("p2", "dummy").withQos(q), PortConfig.of("p3", "dummy")));
        assertSame(in, portQos.ingress(1), "same settings: same policer, counters kept");
        assertSame(out, portQos.egress(2));
        apply(config(policed("p1", 2000), PortConfig.of("p2", "dummy")));
        assertNotSame(in, portQos.ingress(1), "a new rate: a new policer");
        assertEquals(2000, portQos.ingress(1).unguarded().rateKbps());
        assertNull(portQos.egress(2), "QoS removed");
        apply(config(PortConfig.of("p1", "dummy")));
        assertNull(portQos.ingress(1), "policing removed");
        assertEquals(Map.of(), applier.errors());
    }

    @Test
    void invalidSettingsLeaveThatInterfaceUnpolicedWithAClearError() {
        apply(config(PortConfig.of("p1", "dummy").withQos(new QosConfig("egress-policer", Map.of("cbs", "9"),
                Map.of())), PortConfig.of("p2", "dummy").withQos(new QosConfig("linux-htb", Map.of(), Map.of()))));
        assertNull(portQos.egress(1));
        assertNull(portQos.egress(2));
        assertEquals("QoS: cir=0: must be at least 1 and at most " + io.jvswitch.qos.TokenBucket.MAX_RATE,
                applier.errors().get("p1"));
        assertEquals("QoS: type \"linux-htb\" is not supported (supported: egress-policer, trtcm-policer)",
                applier.errors().get("p2"));
    }
}
