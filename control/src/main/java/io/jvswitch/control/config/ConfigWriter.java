package io.jvswitch.control.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.jvswitch.control.model.BondConfig;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.FailMode;
import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.model.SwitchConfig;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link SwitchConfig} in the config file format, so that what the embedding API built can be saved and
 * loaded back equal. Defaults are left out (fail_mode standalone, the MAC-table defaults, empty trunks, ingress
 * policing columns at 0); a port with one interface of its own name uses the port-level shorthand; options are
 * written sorted, QoS queues by id.
 */
final class ConfigWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ConfigWriter() {
    }

    static String toJson(SwitchConfig config) {
        StringWriter out = new StringWriter();
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indent).withArrayIndenter(indent);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(pretty);
            g.writeStartObject();
            if (!config.otherConfig().isEmpty()) {
                stringMap(g, "other_config", config.otherConfig());
            }
            g.writeArrayFieldStart("bridges");
            for (BridgeConfig b : config.bridges()) {
                bridge(g, b);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    private static void bridge(JsonGenerator g, BridgeConfig b) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", b.name());
        if (b.failMode() != FailMode.STANDALONE) {
            g.writeStringField("fail_mode", b.failMode().name().toLowerCase(java.util.Locale.ROOT));
        }
        boolean aging = b.macAgingTimeSec() != BridgeConfig.DEFAULT_MAC_AGING_SEC;
        boolean size = b.macTableSize() != BridgeConfig.DEFAULT_MAC_TABLE_SIZE;
        if (aging || size) {
            g.writeObjectFieldStart("other_config");
            if (aging) {
                g.writeStringField("mac-aging-time", Integer.toString(b.macAgingTimeSec()));
            }
            if (size) {
                g.writeStringField("mac-table-size", Integer.toString(b.macTableSize()));
            }
            g.writeEndObject();
        }
        g.writeArrayFieldStart("ports");
        for (PortConfig p : b.ports()) {
            port(g, p);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void port(JsonGenerator g, PortConfig p) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", p.name());
        if (p.vlanMode() != null) {
            g.writeStringField("vlan_mode", p.vlanMode().ovsName());
        }
        if (p.tag() != null) {
            g.writeNumberField("tag", p.tag());
        }
        if (!p.trunks().isEmpty()) {
            g.writeArrayFieldStart("trunks");
            for (int t : p.trunks()) {
                g.writeNumber(t);
            }
            g.writeEndArray();
        }
        if (p.bond() != null) {
            BondConfig b = p.bond();
            if (b.mode() != BondConfig.DEFAULT.mode()) {
                g.writeStringField("bond_mode", b.mode().ovsName());
            }
            if (b.lacp() != BondConfig.DEFAULT.lacp()) {
                g.writeStringField("lacp", b.lacp().name().toLowerCase(java.util.Locale.ROOT));
            }
            if (b.updelayMs() != 0) {
                g.writeNumberField("bond_updelay", b.updelayMs());
            }
            if (b.downdelayMs() != 0) {
                g.writeNumberField("bond_downdelay", b.downdelayMs());
            }
            if (!b.otherConfig().isEmpty()) {
                stringMap(g, "other_config", b.otherConfig());
            }
        }
        if (p.qos() != null) {
            qos(g, p.qos());
        }
        if (p.interfaces().size() == 1 && p.interfaces().getFirst().name() != null
                && p.interfaces().getFirst().name().equals(p.name())
                && p.interfaces().getFirst().otherConfig().isEmpty()) {
            ifaceFields(g, p.interfaces().getFirst());
        } else {
            g.writeArrayFieldStart("interfaces");
            for (InterfaceConfig i : p.interfaces()) {
                g.writeStartObject();
                g.writeStringField("name", i.name());
                ifaceFields(g, i);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** A port's QoS: type, other_config and queues (ids ascending) as the parser reads them. */
    private static void qos(JsonGenerator g, QosConfig q) throws IOException {
        g.writeObjectFieldStart("qos");
        g.writeStringField("type", q.type());
        if (!q.otherConfig().isEmpty()) {
            stringMap(g, "other_config", q.otherConfig());
        }
        if (!q.queues().isEmpty()) {
            g.writeObjectFieldStart("queues");
            for (Map.Entry<Long, Map<String, String>> e : q.queues().entrySet()) {
                stringMap(g, Long.toString(e.getKey()), e.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** The ingress policing columns that are set (0, OVS's default, is left out). */
    private static void policing(JsonGenerator g, IngressPolicing p) throws IOException {
        if (p.rateKbps() != 0) {
            g.writeNumberField("ingress_policing_rate", p.rateKbps());
        }
        if (p.burstKb() != 0) {
            g.writeNumberField("ingress_policing_burst", p.burstKb());
        }
        if (p.kpktsRate() != 0) {
            g.writeNumberField("ingress_policing_kpkts_rate", p.kpktsRate());
        }
        if (p.kpktsBurst() != 0) {
            g.writeNumberField("ingress_policing_kpkts_burst", p.kpktsBurst());
        }
    }

    private static void ifaceFields(JsonGenerator g, InterfaceConfig i) throws IOException {
        g.writeStringField("type", i.type());
        if (!i.options().isEmpty()) {
            g.writeObjectFieldStart("options");
            for (Map.Entry<String, String> e : new TreeMap<>(i.options()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        if (i.mtuRequest() != null) {
            g.writeNumberField("mtu_request", i.mtuRequest());
        }
        if (i.mac() != null) {
            g.writeStringField("mac", i.mac());
        }
        policing(g, i.policing());
        if (!i.otherConfig().isEmpty()) {
            stringMap(g, "other_config", i.otherConfig());
        }
    }

    private static void stringMap(JsonGenerator g, String field, Map<String, String> m) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
