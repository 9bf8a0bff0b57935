package io.jvswitch.control.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpMode;
import io.jvswitch.control.model.BondConfig;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.FailMode;
import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the config file's JSON with Jackson's streaming parser, straight into the model, recording the line and
 * column of every object and field value in a {@link SourceMap}. Shape errors (unknown keys, wrong JSON types,
 * unknown enum names) are collected, not thrown, so one run reports all of them; bad JSON stops at the first
 * syntax error. Range and cross-reference rules are left to {@link ConfigValidator}.
 */
final class ConfigParser {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    private static final List<String> ROOT_KEYS = List.of("bridges", "other_config");
    private static final List<String> BRIDGE_KEYS = List.of("name", "fail_mode", "other_config", "ports");
    private static final List<String> OTHER_CONFIG_KEYS = List.of("mac-aging-time", "mac-table-size");
    // ingress_policing_*: the Interface columns of ingress policing (issue 7), OVS's names and units
    private static final List<String> IFACE_KEYS =
            List.of("name", "type", "options", "mtu_request", "mac", "other_config", "ingress_policing_rate",
                    "ingress_policing_burst", "ingress_policing_kpkts_rate", "ingress_policing_kpkts_burst");
    private static final List<String> SHORTHAND_KEYS = List.of("type", "options", "mtu_request", "mac",
            "ingress_policing_rate", "ingress_policing_burst", "ingress_policing_kpkts_rate",
            "ingress_policing_kpkts_burst");
    private static final List<String> PORT_KEYS =
            List.of("name", "vlan_mode", "tag", "trunks", "interfaces", "bond_mode", "lacp", "bond_updelay",
                    "bond_downdelay", "other_config", "qos", "type", "options", "mtu_request", "mac",
                    "ingress_policing_rate", "ingress_policing_burst", "ingress_policing_kpkts_rate",
                    "ingress_policing_kpkts_burst");
    private static final List<String> QOS_KEYS = List.of("type", "other_config", "queues");
    /** The keys OVS's egress-policer and trtcm-policer read from a Queue row's other_config. */
    private static final List<String> QUEUE_KEYS = List.of("cir", "cbs", "eir", "ebs");
    /** ... and from a QoS row's (queue-by-dscp: jvswitch's trtcm-policer addition, docs/qos.md). */
    private static final List<String> QOS_OTHER_KEYS = List.of("cir", "cbs", "eir", "ebs", "queue-by-dscp");
    /** OVS's QoS {@code queues} keys: 0..2^32-1. */
    private static final long MAX_QUEUE_ID = 0xffff_ffffL;

    /** What a parse produced: the model (partial when there are errors), locations and problems found. */
    record Result(SwitchConfig config, SourceMap map, List<Diagnostic> problems) { }

    private final String source;
    private final JsonParser p;
    private final SourceMap map = new SourceMap();
    private final List<Diagnostic> problems = new ArrayList<>();
    /** Object names by {@link ConfigPath#key()}, to name objects in messages about fields read before "name". */
    private final Map<String, String> names = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    /** Where the field name just read starts (unknown keys point there rather than at their value). */
    private JsonLocation keyLocation;

    private record Pending(ConfigPath path, int line, int column, String message) { }

    private ConfigParser(String text, String source) throws IOException {
        this.source = source;
        this.p = FACTORY.createParser(text);
    }

    /** Parses {@code text}; throws only for bad JSON (with its line and column). */
    static Result parse(String text, String source) throws ConfigException {
        try {
            ConfigParser cp = new ConfigParser(text, source);
            try (JsonParser ignored = cp.p) {
                SwitchConfig config = cp.root();
                return new Result(config, cp.map, cp.named());
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; ", "[");
            throw ConfigException.of(source, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    "syntax error: " + msg);
        } catch (IOException e) {
            throw ConfigException.of(source, 0, 0, "cannot read: " + e.getMessage());
        }
    }

    private SwitchConfig root() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            problem(ConfigPath.ROOT, 1, 1, "empty file: expected a JSON object with \"bridges\"");
            return SwitchConfig.empty();
        }
        if (t != JsonToken.START_OBJECT) {
            problem(ConfigPath.ROOT, "the top level must be a JSON object with \"bridges\"");
            p.skipChildren();
            return SwitchConfig.empty();
        }
        List<BridgeConfig> bridges = new ArrayList<>();
        Map<String, String> otherConfig = Map.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            ConfigPath fp = ConfigPath.ROOT.field(key);
            value(fp);
            if (key.equals("other_config")) {
                otherConfig = options(fp);
            } else if (key.equals("bridges")) {
                if (array(fp, "an array of bridges")) {
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        BridgeConfig b = bridge(ConfigPath.ROOT.bridge(i++, null));
                        if (b != null) {
                            bridges.add(b);
                        }
                    }
                }
            } else {
                unknown(fp, key, "the top level", ROOT_KEYS);
            }
        }
        if (p.nextToken() != null) {
            problem(ConfigPath.ROOT, "unexpected content after the top-level object");
        }
        return new SwitchConfig(bridges, otherConfig);
    }

    private BridgeConfig bridge(ConfigPath bp) throws IOException {
        if (!object(bp, "a bridge object")) {
            return null;
        }
        String name = null;
        FailMode failMode = FailMode.STANDALONE;
        int aging = BridgeConfig.DEFAULT_MAC_AGING_SEC;
        int size = BridgeConfig.DEFAULT_MAC_TABLE_SIZE;
        List<PortConfig> ports = new ArrayList<>();
        JsonLocation start = p.currentTokenLocation();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            ConfigPath fp = bp.field(key);
            value(fp);
            switch (key) {
                case "name" -> name = name(bp, fp);
                case "fail_mode" -> {
                    String s = string(fp);
                    if (s != null) {
                        switch (s) {
                            case "standalone" -> failMode = FailMode.STANDALONE;
                            case "secure" -> failMode = FailMode.SECURE;
                            default -> problem(fp, "unknown fail_mode \"" + s + "\" (known: standalone, secure)");
                        }
                    }
                }
                case "other_config" -> {
                    if (object(fp, "an object of strings")) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            ConfigPath kp = bp.field("other_config." + k);
                            value(kp);
                            switch (k) {
                                case "mac-aging-time" -> aging = otherConfigInt(kp, k, aging);
                                case "mac-table-size" -> size = otherConfigInt(kp, k, size);
                                default -> unknown(kp, k, "other_config", OTHER_CONFIG_KEYS);
                            }
                        }
                    }
                }
                case "ports" -> {
                    if (array(fp, "an array of ports")) {
                        int i = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            PortConfig port = port(bp.port(i++, null));
                            if (port != null) {
                                ports.add(port);
                            }
                        }
                    }
                }
                default -> unknown(fp, key, "a bridge", BRIDGE_KEYS);
            }
        }
        if (name == null) {
            problem(bp, start.getLineNr(), start.getColumnNr(), "missing \"name\"");
        }
        return new BridgeConfig(name, failMode, aging, size, ports);
    }

    private PortConfig port(ConfigPath pp) throws IOException {
        if (!object(pp, "a port object")) {
            return null;
        }
        JsonLocation start = p.currentTokenLocation();
        // the interface a port without "interfaces" has: same name, port-level shorthand fields
        ConfigPath shortPath = pp.iface(0, null);
        String name = null;
        VlanMode mode = null;
        Integer tag = null;
        Set<Integer> trunks = new LinkedHashSet<>();
        List<InterfaceConfig> ifaces = null;
        BondMode bondMode = null;
        LacpMode lacp = null;
        int updelay = 0;
        int downdelay = 0;
        Map<String, String> portOther = Map.of();
        QosConfig qos = null;
        IfaceFields shorthand = new IfaceFields();
        Map<String, JsonLocation> shorthandKeys = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            ConfigPath fp = pp.field(key);
            value(fp);
            switch (key) {
                case "name" -> name = name(pp, fp);
                case "vlan_mode" -> {
                    String s = string(fp);
                    if (s != null) {
                        mode = VlanMode.ofOvsName(s);
                        if (mode == null) {
                            problem(fp, "dot1q-tunnel".equals(s) ? "vlan_mode dot1q-tunnel is not supported yet"
                                    : "unknown vlan_mode \"" + s + "\" (known: access, trunk, native-tagged, "
                                    + "native-untagged)");
                        }
                    }
                }
                case "tag" -> tag = integer(fp, "tag", 0, ConfigValidator.MAX_VLAN);
                case "trunks" -> {
                    if (array(fp, "an array of VLAN numbers")) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            Integer v = integer(fp, "trunk VLAN", 0, ConfigValidator.MAX_VLAN);
                            if (v != null) {
                                trunks.add(v);
                            }
                        }
                    }
                }
                case "interfaces" -> {
                    ifaces = new ArrayList<>();
                    if (array(fp, "an array of interfaces")) {
                        int i = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            InterfaceConfig ic = iface(pp.iface(i++, null));
                            if (ic != null) {
                                ifaces.add(ic);
                            }
                        }
                    }
                }
                case "bond_mode" -> {
                    String v = string(fp);
                    bondMode = BondMode.parse(v);
                    if (v != null && bondMode == null) {
                        problem(fp, "unknown bond_mode \"" + v + "\" (known: active-backup, balance-slb, "
                                + "balance-tcp)");
                    }
                }
                case "lacp" -> {
                    String v = string(fp);
                    lacp = LacpMode.parse(v);
                    if (lacp == null) {
                        problem(fp, "unknown lacp \"" + v + "\" (known: off, active, passive)");
                    }
                }
                case "bond_updelay" -> updelay = nonNull(integer(fp, "bond_updelay", 0, Integer.MAX_VALUE));
                case "bond_downdelay" -> downdelay = nonNull(integer(fp, "bond_downdelay", 0, Integer.MAX_VALUE));
                case "other_config" -> {
                    portOther = options(fp);
                    for (String k : portOther.keySet()) {
                        if (!BondConfig.KEYS.contains(k)) {
                            unknown(fp.field("other_config." + k), k, "a port's other_config",
                                    BondConfig.KEYS.stream().sorted().toList());
                        }
                    }
                }
                case "qos" -> qos = qos(fp);
                case "type", "options", "mtu_request", "mac", "ingress_policing_rate", "ingress_policing_burst",
                     "ingress_policing_kpkts_rate", "ingress_policing_kpkts_burst" -> {
                    ConfigPath ip = shortPath.field(key);
                    map.put(ip, p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr());
                    shorthandKeys.put(key, keyLocation);
                    ifaceField(ip, key, shorthand);
                }
                default -> unknown(fp, key, "a port", PORT_KEYS);
            }
        }
        if (name == null) {
            problem(pp, start.getLineNr(), start.getColumnNr(), "missing \"name\"");
        }
        if (ifaces == null) {
            map.put(shortPath, start.getLineNr(), start.getColumnNr());
            names.put(shortPath.key(), name);
            ifaces = List.of(new InterfaceConfig(name, shorthand.type, shorthand.options, shorthand.mtu,
                    shorthand.mac, Map.of(), shorthand.policing()));
        } else {
            for (Map.Entry<String, JsonLocation> e : shorthandKeys.entrySet()) {
                String k = e.getKey();
                problem(pp.field(k), e.getValue().getLineNr(), e.getValue().getColumnNr(), "\"" + k
                        + "\" at port level is shorthand for a port's only interface; with \"interfaces\", put it "
                        + "inside the interface");
            }
        }
        return new PortConfig(name, mode, tag, trunks, ifaces,
                new BondConfig(bondMode, lacp, updelay, downdelay, portOther), qos);
    }

    /**
     * A port's {@code qos}: OVS's QoS row ({@code type}, {@code other_config}) with its {@code queues} inline, queue
     * id → the Queue row's {@code other_config}. Values are checked by the validator (it builds the policer).
     */
    private QosConfig qos(ConfigPath fp) throws IOException {
        if (!object(fp, "a QoS object (type, other_config, queues)")) {
            return null;
        }
        JsonLocation start = p.currentTokenLocation();
        String type = null;
        Map<String, String> other = Map.of();
        Map<Long, Map<String, String>> queues = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            ConfigPath kp = fp.field("qos." + key);
            value(kp);
            switch (key) {
                case "type" -> type = string(kp);
                case "other_config" -> other = rates(kp, "a QoS's other_config", QOS_OTHER_KEYS);
                case "queues" -> {
                    if (object(kp, "an object of queues (queue id: other_config)")) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String id = p.currentName();
                            ConfigPath qp = kp.field("qos.queues." + id);
                            value(qp);
                            Long n = queueId(id);
                            if (n == null) {
                                problem(qp, keyLocation.getLineNr(), keyLocation.getColumnNr(), "queue id \"" + id
                                        + "\" is not an integer 0.." + MAX_QUEUE_ID);
                                p.skipChildren();
                            } else if (queues.containsKey(n)) {
                                problem(qp, keyLocation.getLineNr(), keyLocation.getColumnNr(), "queue " + n
                                        + " is defined twice");
                                p.skipChildren();
                            } else {
                                queues.put(n, rates(qp, "a queue", QUEUE_KEYS));
                            }
                        }
                    }
                }
                default -> unknown(kp, key, "a port's qos", QOS_KEYS);
            }
        }
        if (type == null) {
            problem(fp, start.getLineNr(), start.getColumnNr(), "qos: missing \"type\" (supported: "
                    + String.join(", ", QosConfig.TYPES) + ")");
        }
        return new QosConfig(type, other, queues);
    }

    /** A QoS or Queue row's other_config: strings, keys among {@code known} (a typo is an error). */
    private Map<String, String> rates(ConfigPath fp, String where, List<String> known) throws IOException {
        Map<String, String> m = options(fp);
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                ConfigPath kp = fp.field(fp.field() + "." + k);
                SourceMap.Location l = map.find(kp);
                problem(kp, l.line(), l.column(), "unknown key \"" + k
                        + "\" in " + where + " (known: " + String.join(", ", known) + ")");
            }
        }
        return m;
    }

    private static Long queueId(String id) {
        if (!id.matches("[0-9]{1,10}")) {
            return null;
        }
        long n = Long.parseLong(id);
        return n <= MAX_QUEUE_ID ? n : null;
    }

    private static int nonNull(Integer v) {
        return v == null ? 0 : v;
    }

    /** The fields an interface object (or a port's shorthand) may set. */
    private static final class IfaceFields {
        String type;
        Map<String, String> options = Map.of();
        Integer mtu;
        String mac;
        long policingRate;
        long policingBurst;
        long policingKpktsRate;
        long policingKpktsBurst;

        IngressPolicing policing() {
            return new IngressPolicing(policingRate, policingBurst, policingKpktsRate, policingKpktsBurst);
        }
    }

    private InterfaceConfig iface(ConfigPath ip) throws IOException {
        if (!object(ip, "an interface object")) {
            return null;
        }
        JsonLocation start = p.currentTokenLocation();
        String name = null;
        Map<String, String> otherConfig = Map.of();
        IfaceFields f = new IfaceFields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            ConfigPath fp = ip.field(key);
            value(fp);
            if (key.equals("name")) {
                name = name(ip, fp);
            } else if (key.equals("other_config")) {
                otherConfig = options(fp);
            } else if (SHORTHAND_KEYS.contains(key)) {
                ifaceField(fp, key, f);
            } else {
                unknown(fp, key, "an interface", IFACE_KEYS);
            }
        }
        if (name == null) {
            problem(ip, start.getLineNr(), start.getColumnNr(), "missing \"name\"");
        }
        return new InterfaceConfig(name, f.type, f.options, f.mtu, f.mac, otherConfig, f.policing());
    }

    private void ifaceField(ConfigPath fp, String key, IfaceFields f) throws IOException {
        switch (key) {
            case "type" -> f.type = string(fp);
            case "mtu_request" -> f.mtu = integer(fp, "mtu_request", ConfigValidator.MIN_MTU, ConfigValidator.MAX_MTU);
            case "mac" -> f.mac = string(fp);
            case "options" -> f.options = options(fp);
            case "ingress_policing_rate" -> f.policingRate = longValue(fp, key, f.policingRate);
            case "ingress_policing_burst" -> f.policingBurst = longValue(fp, key, f.policingBurst);
            case "ingress_policing_kpkts_rate" -> f.policingKpktsRate = longValue(fp, key, f.policingKpktsRate);
            case "ingress_policing_kpkts_burst" -> f.policingKpktsBurst = longValue(fp, key, f.policingKpktsBurst);
            default -> throw new IllegalArgumentException(key);
        }
    }

    /** Options are strings in OVS; numbers and booleans are accepted and kept as their text. */
    private Map<String, String> options(ConfigPath fp) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        if (!object(fp, "an object of strings")) {
            return options;
        }
        String base = fp.field();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            ConfigPath kp = fp.field(base + "." + k);
            value(kp);
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_TRUE
                    || t == JsonToken.VALUE_FALSE) {
                options.put(k, p.getText());
            } else {
                problem(kp, "option \"" + k + "\" must be a string");
                p.skipChildren();
            }
        }
        return options;
    }

    /** other_config values are strings in OVS ("300"); a JSON integer is accepted too. */
    private int otherConfigInt(ConfigPath kp, String key, int current) throws IOException {
        JsonToken t = p.currentToken();
        String text;
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
            text = p.getText().trim();
        } else {
            problem(kp, key + " must be a string holding an integer");
            p.skipChildren();
            return current;
        }
        if (!text.matches("[+-]?[0-9]{1,10}")) {
            problem(kp, key + " \"" + text + "\" is not an integer");
            return current;
        }
        long v = Long.parseLong(text);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            problem(kp, key + " \"" + text + "\" is not an integer");
            return current;
        }
        return (int) v;
    }

    private String name(ConfigPath object, ConfigPath fp) throws IOException {
        String s = string(fp);
        if (s != null) {
            names.put(object.key(), s);
        }
        return s;
    }

    private String string(ConfigPath fp) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t != JsonToken.VALUE_NULL) {
            problem(fp, "\"" + fp.field() + "\" must be a string");
            p.skipChildren();
        }
        return null;
    }

    /** An integer value; one that does not fit an int is reported here with the range the validator checks. */
    private Integer integer(ConfigPath fp, String what, int min, int max) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.INT) {
                return p.getIntValue();
            }
            problem(fp, what + " " + p.getText() + " out of range " + min + ".." + max);
            return null;
        }
        if (t != JsonToken.VALUE_NULL) {
            problem(fp, what + " must be an integer" + (t == JsonToken.VALUE_STRING ? ", not a string" : ""));
            p.skipChildren();
        }
        return null;
    }

    /**
     * An integer column read as a long (OVS's integer columns are 64-bit); the range is the validator's (it builds
     * the policer), so negative values get through to it.
     */
    private long longValue(ConfigPath fp, String what, long current) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return p.getLongValue();
            }
            problem(fp, what + " " + p.getText() + " is not a 64-bit integer");
            return current;
        }
        if (t != JsonToken.VALUE_NULL) {
            problem(fp, what + " must be an integer" + (t == JsonToken.VALUE_STRING ? ", not a string" : ""));
            p.skipChildren();
        }
        return current;
    }

    /** Checks the current token starts an object; reports and skips the value otherwise. */
    private boolean object(ConfigPath path, String what) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            JsonLocation l = p.currentTokenLocation();
            map.put(path, l.getLineNr(), l.getColumnNr());
            return true;
        }
        expected(path, what);
        return false;
    }

    private boolean array(ConfigPath path, String what) throws IOException {
        if (p.currentToken() == JsonToken.START_ARRAY) {
            return true;
        }
        expected(path, what);
        return false;
    }

    private void expected(ConfigPath path, String what) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NULL) {
            problem(path, "expected " + what);
        }
        p.skipChildren();
    }

    /** Moves to a field's value and records where it is. */
    private void value(ConfigPath fp) throws IOException {
        keyLocation = p.currentTokenLocation();
        p.nextToken();
        JsonLocation l = p.currentTokenLocation();
        map.put(fp, l.getLineNr(), l.getColumnNr());
    }

    private void unknown(ConfigPath fp, String key, String where, List<String> known) throws IOException {
        JsonLocation l = keyLocation;
        problem(fp, l.getLineNr(), l.getColumnNr(), "unknown key \"" + key + "\" in " + where + " (known: "
                + String.join(", ", known) + ")");
        p.skipChildren();
    }

    private void problem(ConfigPath path, String message) {
        JsonLocation l = p.currentTokenLocation();
        problem(path, l.getLineNr(), l.getColumnNr(), message);
    }

    private void problem(ConfigPath path, int line, int column, String message) {
        pending.add(new Pending(path, line, column, message));
    }

    /** The problems, with the objects' names filled in now that every "name" has been read. */
    private List<Diagnostic> named() {
        for (Pending x : pending) {
            ConfigPath in = x.path();
            ConfigPath out = ConfigPath.ROOT;
            if (in.bridgeIndex() >= 0) {
                out = out.bridge(in.bridgeIndex(), names.get(ConfigPath.ROOT.bridge(in.bridgeIndex(), null).key()));
            }
            if (in.portIndex() >= 0) {
                out = out.port(in.portIndex(), names.get(out.port(in.portIndex(), null).key()));
            }
            if (in.interfaceIndex() >= 0) {
                out = out.iface(in.interfaceIndex(), names.get(out.iface(in.interfaceIndex(), null).key()));
            }
            problems.add(new Diagnostic(source, x.line(), x.column(), ConfigProblem.error(out.field(in.field()), x
                    .message())));
        }
        return problems;
    }
}
