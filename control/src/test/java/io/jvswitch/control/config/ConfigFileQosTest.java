package io.jvswitch.control.config;

import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.qos.IngressPolicer;
import io.jvswitch.qos.TokenBucket;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.jvswitch.control.config.ConfigFileParseTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingress policing and egress QoS in the standalone config file (issue 7): the Interface columns and the Port's
 * QoS row with its queues, OVS's names and units; invalid values are errors at their line with the qos module's
 * messages.
 */
class ConfigFileQosTest {
    private static final String QOS = """
            {"bridges": [{"name": "br0", "ports": [
              {"name": "vm1", "ingress_policing_rate": 10000, "ingress_policing_burst": 8000,
               "qos": {"type": "egress-policer", "other_config": {"cir": "1250000", "cbs": 100000}}},
              {"name": "up", "qos": {"type": "trtcm-policer",
                                     "other_config": {"cir": "125000", "cbs": "2048", "eir": "250000", "ebs": "2048",
                                                      "queue-by-dscp": "true"},
                                     "queues": {"0": {},
                                                "10": {"cir": "62500", "cbs": "2048", "eir": "0", "ebs": "0"}}},
               "interfaces": [{"name": "eth0", "type": "dummy", "ingress_policing_kpkts_rate": 100,
                               "ingress_policing_kpkts_burst": 20}]}]}]}
            """;

    private static PortConfig port(SwitchConfig c, int i) {
        return c.bridges().getFirst().ports().get(i);
    }

    @Test
    void policingAndQosParseIntoTheModel() throws Exception {
        SwitchConfig c = ConfigFile.parse(QOS, "qos.json");
        PortConfig vm1 = port(c, 0);
        assertEquals(new IngressPolicing(10000, 8000, 0, 0), vm1.interfaces().getFirst().policing());
        assertEquals(new QosConfig("egress-policer", Map.of("cir", "1250000", "cbs", "100000"), Map.of()),
                vm1.qos());
        PortConfig up = port(c, 1);
        assertEquals(new IngressPolicing(0, 0, 100, 20), up.interfaces().getFirst().policing());
        assertEquals("trtcm-policer", up.qos().type());
        assertEquals(List.of(0L, 10L), List.copyOf(up.qos().queues().keySet()));
        assertEquals(Map.of("cir", "62500", "cbs", "2048", "eir", "0", "ebs", "0"), up.qos().queues().get(10L));
    }

    @Test
    void aPortWithoutThemHasNoPolicingAndNoQos() throws Exception {
        PortConfig p = port(ConfigFile.parse("{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"p1\"}]}]}",
                "p.json"), 0);
        assertNull(p.qos());
        assertEquals(IngressPolicing.NONE, p.interfaces().getFirst().policing());
    }

    @Test
    void policingAndQosSurviveWritingAndReading() throws Exception {
        SwitchConfig c = ConfigFile.parse(QOS, "qos.json");
        String saved = ConfigFile.toJson(c);
        assertEquals(c, ConfigFile.parse(saved, "saved.json"));
        // the one-interface port keeps the shorthand, its policing at port level; zero columns are left out
        assertTrue(saved.contains("\"ingress_policing_rate\": 10000"), saved);
        assertTrue(!saved.contains("ingress_policing_kpkts_rate\": 0"), saved);
    }

    @Test
    void badPolicingIsAnErrorAtItsLineWithThePolicersMessage() {
        String msg = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1",
                   "ingress_policing_rate": -5}]}]}
                """).getMessage();
        String policer = assertThrows(IllegalArgumentException.class,
                () -> new IngressPolicer(-5, 0, 0, 0, 0)).getMessage();
        assertEquals("br.json:3:29: bridge \"br0\" port \"p1\" interface \"p1\": ingress policing: " + policer, msg);
        String burst = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "interfaces": [{"name": "p1", "ingress_policing_rate": 1000,
                                                 "ingress_policing_kpkts_burst": 9223372036854775807}]}]}]}
                """).getMessage();
        assertTrue(burst.startsWith("br.json:3:") && burst.contains("ingress_policing_kpkts_burst 9223372036854775807"
                + " outside 0.." + TokenBucket.MAX_BURST / 1000), burst);
        assertTrue(rejected("""
                {"bridges": [{"name": "br0", "ports": [{"name": "p1", "ingress_policing_rate": "10"}]}]}
                """).getMessage().contains("ingress_policing_rate must be an integer, not a string"));
    }

    @Test
    void badQosIsAnErrorAtItsLineWithThePolicysMessage() {
        String cir = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "qos": {"type": "egress-policer",
                                         "other_config": {"cir": "fast", "cbs": "1000"}}}]}]}
                """).getMessage();
        assertEquals("br.json:3:50: bridge \"br0\" port \"p1\": QoS: cir=fast: not an integer", cir);
        String missing = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "qos": {"type": "egress-policer", "other_config": {"cbs": "1000"}}}]}]}
                """).getMessage();
        assertTrue(missing.startsWith("br.json:2:") && missing.contains("QoS: cir=0: must be at least 1"), missing);
        String queue = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "qos": {"type": "trtcm-policer", "other_config": {"cir": "1000", "cbs": "100"},
                                         "queues": {
                                           "7": {"cir": "500"}}}}]}]}
                """).getMessage();
        assertEquals("br.json:4:33: bridge \"br0\" port \"p1\": QoS: queue 7: cir=500 needs a cbs", queue);
        String type = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "qos": {"type": "linux-htb"}}]}]}
                """).getMessage();
        assertTrue(type.startsWith("br.json:2:") && type.contains("QoS: type \"linux-htb\" is not supported "
                + "(supported: egress-policer, trtcm-policer)"), type);
    }

    @Test
    void shapeErrorsOfTheQosObjectAreReported() {
        String msg = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "qos": {"other_config": {}, "rate": 5,
                                         "queues": {"x": {}, "4294967296": {}}}}]}]}
                """).getMessage();
        assertTrue(msg.contains("br.json:2:") && msg.contains("qos: missing \"type\""), msg);
        assertTrue(msg.contains("unknown key \"rate\" in a port's qos (known: type, other_config, queues)"), msg);
        assertTrue(msg.contains("br.json:3:") && msg.contains("queue id \"x\" is not an integer 0..4294967295"), msg);
        assertTrue(msg.contains("queue id \"4294967296\" is not an integer"), msg);
    }

    @Test
    void unknownRateKeysAreErrorsAtTheirValue() {
        String msg = rejected("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "qos": {"type": "trtcm-policer",
                                         "other_config": {"cir": "1000", "cbs": "100", "CIR": "5"},
                                         "queues": {"1": {"pir": "9"}}}}]}]}
                """).getMessage();
        assertTrue(msg.contains("br.json:3:79: bridge \"br0\" port \"p1\": unknown key \"CIR\" in a QoS's "
                + "other_config (known: cir, cbs, eir, ebs, queue-by-dscp)"), msg);
        assertTrue(msg.contains("br.json:4:50: bridge \"br0\" port \"p1\": unknown key \"pir\" in a queue"), msg);
    }

    @Test
    void queuesOnAnEgressPolicerAreAWarning() throws Exception {
        LoadedConfig loaded = ConfigFile.parseWithWarnings("""
                {"bridges": [{"name": "br0", "ports": [
                  {"name": "p1", "qos": {"type": "egress-policer", "other_config": {"cir": "1000", "cbs": "100"},
                                         "queues": {"1": {}}}}]}]}
                """, "br.json");
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().getFirst().toString().contains("egress-policer has no queues"),
                loaded.warnings().toString());
    }

    @Test
    void theStrictValidatorChecksModelsBuiltInCodeTheSameWay() {
        InterfaceConfig ic = InterfaceConfig.of("p1", "dummy").withPolicing(new IngressPolicing(100, -1, 0, 0));
        PortConfig p = new PortConfig("p1", null, null, null, List.of(ic), null,
                new QosConfig("trtcm-policer", Map.of(), Map.of()));
        SwitchConfig c = new SwitchConfig(List.of(io.jvswitch.control.model.BridgeConfig.of("br0", List.of(p))));
        assertEquals(List.of(), ConfigValidator.errors(c), "what the runtime and the drop-in require: it runs, "
                + "unpoliced, and reports why (SwitchRuntime.qosErrors)");
        List<ConfigProblem> errors = ConfigValidator.validateStrict(c).stream().filter(ConfigProblem::isError)
                .toList();
        assertEquals(List.of("bridge \"br0\" port \"p1\": QoS: trtcm-policer: cir and eir are both 0 (or missing)",
                "bridge \"br0\" port \"p1\" interface \"p1\": ingress policing: ingress_policing_burst -1 outside 0.."
                        + TokenBucket.MAX_BURST / 125), errors.stream().map(ConfigProblem::toString).toList());
    }
}
