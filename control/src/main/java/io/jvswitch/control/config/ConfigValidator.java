package io.jvswitch.control.config;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PmdSettings;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.model.RxqAffinity;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a whole {@link SwitchConfig} before anything applies it: the config file loader runs it (and maps each
 * problem to a line), and so do the runtime and the embedding API. Nothing is applied when {@link #errors} is not
 * empty, so a switch never runs half of a bad configuration.
 *
 * <p>The rules follow Open vSwitch: the Open_vSwitch schema's ranges (tag and trunks 0..4095), ovs-vsctl's name
 * conflicts (a bridge, port or interface name is used once in the whole switch; "interface p1 is already in bridge
 * br0"), vswitchd's patch checks ({@code netdev-vport.c} {@code set_patch_config}), its VLAN-mode fallbacks
 * ({@code bridge.c} {@code port_configure}: they become warnings here) and its MAC-table clamping
 * ({@code mac-learning.c}: also a warning, then {@link #normalize}). Ingress policing and a port's QoS are checked
 * by building the datapath's policer ({@link IngressPolicing#policer}, {@link QosConfig#policer}), so the
 * messages are the qos module's. Where jvswitch is stricter than OVS (an
 * unpaired patch port, mtu_request below 68, a malformed or multicast mac), docs/config-file.md says so.
 */
public final class ConfigValidator {
    public static final int MAX_VLAN = 4095;
    public static final int MIN_MTU = 68;
    public static final int MAX_MTU = 65535;
    public static final int MIN_MAC_AGING_SEC = 15;
    public static final int MAX_MAC_AGING_SEC = 3600;
    public static final int MIN_MAC_TABLE_SIZE = 10;
    public static final int MAX_MAC_TABLE_SIZE = 1_000_000;
    /** Linux IFNAMSIZ - 1: the longest name a kernel network device may have. */
    public static final int MAX_DEVICE_NAME_BYTES = 15;

    /** Interface types accepted by name; the runtime reports those it cannot open yet. */
    public static final List<String> KNOWN_TYPES =
            List.of("dummy", "pcap", "internal", "patch", "system", "afpacket", "afxdp", "tap");
    /** Types backed by a kernel network device, whose names must be valid Linux device names. */
    private static final Set<String> DEVICE_TYPES = Set.of("system", "afpacket", "internal", "tap", "afxdp");

    static final String MAC_AGING = "other_config.mac-aging-time";
    static final String MAC_TABLE = "other_config.mac-table-size";

    /** What a QoS message starts with when it names a queue, the type or a port-level key. */
    private static final Pattern QOS_FIELD =
            Pattern.compile("QoS: (?:queue (\\d+)|(type)|(cir|cbs|eir|ebs|queue-by-dscp)=)");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    private ConfigValidator() {
    }

    /**
     * Every problem found, errors and warnings, in configuration order — except in the values of ingress policing
     * and QoS: what the runtime requires. A configuration with policing or QoS that cannot be applied still runs
     * (that interface unpoliced, {@code SwitchRuntime.qosErrors()} says why), as ovs-vswitchd runs it; the
     * drop-in relies on that. The config file and the embedding API use {@link #validateStrict}.
     */
    public static List<ConfigProblem> validate(SwitchConfig config) {
        return new Run(config, false).run();
    }

    /**
     * {@link #validate}, plus the ingress policing and QoS values, checked by building the datapath's policers
     * ({@link #policingProblem}, {@link #qosProblem}): what the config file and the embedding API refuse.
     */
    public static List<ConfigProblem> validateStrict(SwitchConfig config) {
        return new Run(config, true).run();
    }

    /** The errors only: the config may be applied when this is empty. */
    public static List<ConfigProblem> errors(SwitchConfig config) {
        return validate(config).stream().filter(ConfigProblem::isError).toList();
    }

    /**
     * Validates ({@link #validateStrict}) and returns the config to apply ({@link #normalize}d), or throws a
     * {@link ConfigException} listing every error (the caller keeps what it had).
     */
    public static SwitchConfig requireValid(SwitchConfig config) throws ConfigException {
        List<ConfigProblem> problems = validateStrict(config);
        if (problems.stream().anyMatch(ConfigProblem::isError)) {
            throw new ConfigException(problems.stream().map(p -> new Diagnostic(null, 0, 0, p)).toList());
        }
        return normalize(config);
    }

    /**
     * What OVS does with the MAC-table settings: 0 means the default (300 s, 8192 entries), other values are forced
     * into 15..3600 s and 10..1 000 000 entries. Negative values (errors) are left alone.
     */
    public static SwitchConfig normalize(SwitchConfig config) {
        List<BridgeConfig> bridges = new ArrayList<>();
        boolean changed = false;
        for (BridgeConfig b : config.bridges()) {
            int aging = effectiveMacAging(b.macAgingTimeSec());
            int size = effectiveMacTableSize(b.macTableSize());
            if (aging != b.macAgingTimeSec() || size != b.macTableSize()) {
                changed = true;
                b = new BridgeConfig(b.name(), b.failMode(), aging, size, b.ports());
            }
            bridges.add(b);
        }
        return changed ? config.withBridges(bridges) : config;
    }

    /** OVS's mac-aging-time: 0 → 300, else forced into 15..3600; negative values are returned unchanged. */
    public static int effectiveMacAging(int configured) {
        if (configured < 0) {
            return configured;
        }
        return configured == 0 ? BridgeConfig.DEFAULT_MAC_AGING_SEC
                : Math.clamp(configured, MIN_MAC_AGING_SEC, MAX_MAC_AGING_SEC);
    }

    /** OVS's mac-table-size: 0 → 8192, else forced into 10..1 000 000; negative values are returned unchanged. */
    public static int effectiveMacTableSize(int configured) {
        if (configured < 0) {
            return configured;
        }
        return configured == 0 ? BridgeConfig.DEFAULT_MAC_TABLE_SIZE
                : Math.clamp(configured, MIN_MAC_TABLE_SIZE, MAX_MAC_TABLE_SIZE);
    }

    /**
     * Why {@code name} cannot name a bridge, port or interface, or null when it can. Every name must be non-empty,
     * without '/', whitespace or control characters, and not "." or ".."; a kernel device name ({@code device})
     * also has at most 15 bytes and no ':' (Linux {@code dev_valid_name}).
     */
    public static String nameProblem(String name, boolean device) {
        if (name == null || name.isEmpty()) {
            return "name must not be empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "name \"" + name + "\" is not allowed";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/') {
                return "name \"" + name + "\" must not contain '/'";
            }
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "name \"" + name + "\" must not contain whitespace or control characters";
            }
            if (device && c == ':') {
                return "name \"" + name + "\" must not contain ':' (not a valid Linux device name)";
            }
        }
        if (device && name.getBytes(StandardCharsets.UTF_8).length > MAX_DEVICE_NAME_BYTES) {
            return "name \"" + name + "\" is longer than " + MAX_DEVICE_NAME_BYTES
                    + " bytes (Linux device names are limited by IFNAMSIZ)";
        }
        return null;
    }

    /** lacp-port-id and lacp-port-priority: 1..65535; lacp-aggregation-key: 0..65535 (OVS's ranges). */
    static String lacpKeyProblem(String key, String value) {
        int min = "lacp-aggregation-key".equals(key) ? 0 : 1;
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= min && v <= 65535) {
                return null;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        return key + " must be an integer " + min + "..65535, not \"" + value + "\"";
    }

    /**
     * Why {@code p} cannot be applied ("ingress policing: ingress_policing_rate -1 outside 0..N"), or null when it
     * can: the message of the policer's constructor, as the runtime reports it.
     */
    public static String policingProblem(IngressPolicing p) {
        try {
            p.policer(0);
            return null;
        } catch (IllegalArgumentException e) {
            return "ingress policing: " + e.getMessage();
        }
    }

    /**
     * Why {@code q} cannot be applied ("QoS: cir=0: must be at least 1 ..."), or null when it can: the message of
     * the policy's constructor, as the runtime reports it.
     */
    public static String qosProblem(QosConfig q) {
        try {
            q.policer(0);
            return null;
        } catch (IllegalArgumentException e) {
            return "QoS: " + e.getMessage();
        }
    }

    /** The field a policing message is about, for its position in the file ({@code ingress_policing_burst}...). */
    private static String policingField(String message) {
        for (String f : List.of("ingress_policing_kpkts_rate", "ingress_policing_kpkts_burst",
                "ingress_policing_rate", "ingress_policing_burst")) {
            if (message.startsWith("ingress policing: " + f)) {
                return f;
            }
        }
        return "ingress_policing_rate";
    }

    /** The field a QoS message is about, for its position in the file ({@code qos.queues.1}, {@code qos.type}...). */
    private static String qosField(String message) {
        java.util.regex.Matcher m = QOS_FIELD.matcher(message);
        if (!m.lookingAt()) {
            return "qos.other_config";
        }
        return m.group(1) != null ? "qos.queues." + m.group(1) : m.group(2) != null ? "qos.type"
                : "qos.other_config." + m.group(3);
    }

    /** Why {@code mac} is not a usable interface MAC address, or null when it is. */
    public static String macProblem(String mac) {
        if (!MAC.matcher(mac).matches()) {
            return "mac \"" + mac + "\" is not an Ethernet address (xx:xx:xx:xx:xx:xx)";
        }
        int first = Integer.parseInt(mac.substring(0, 2), 16);
        if ((first & 1) != 0) {
            return "mac \"" + mac + "\" is a multicast address";
        }
        if (mac.replace(":", "").chars().allMatch(c -> c == '0')) {
            return "mac \"" + mac + "\" is the all-zero address";
        }
        return null;
    }

    /** One validation pass: the name tables it builds are local to it. */
    private static final class Run {
        private record Owner(String bridge, ConfigPath port) { }

        private final SwitchConfig config;
        private final boolean qosValues;
        private final List<ConfigProblem> problems = new ArrayList<>();
        private final Set<String> bridgeNames = new HashSet<>();
        private final Map<String, Owner> portOwners = new HashMap<>();
        private final Map<String, Owner> ifaceOwners = new HashMap<>();
        private final Map<String, InterfaceConfig> ifaces = new HashMap<>();

        Run(SwitchConfig config, boolean qosValues) {
            this.config = config;
            this.qosValues = qosValues;
        }

        List<ConfigProblem> run() {
            for (Map.Entry<String, String> e : config.otherConfig().entrySet()) {
                String bad = PmdSettings.problem(Map.of(e.getKey(), e.getValue()));
                if (bad != null) {
                    error(ConfigPath.ROOT.field("other_config." + e.getKey()), bad);
                }
            }
            collectNames();
            for (int b = 0; b < config.bridges().size(); b++) {
                bridge(ConfigPath.ROOT.bridge(b, config.bridges().get(b).name()), config.bridges().get(b));
            }
            return problems;
        }

        /** First pass: who owns each name (the first one to use it), and duplicates. */
        private void collectNames() {
            for (int b = 0; b < config.bridges().size(); b++) {
                BridgeConfig br = config.bridges().get(b);
                ConfigPath bp = ConfigPath.ROOT.bridge(b, br.name());
                if (br.name() != null && !br.name().isEmpty() && !bridgeNames.add(br.name())) {
                    error(bp.field("name"), "bridge \"" + br.name() + "\" is defined twice");
                }
                for (int p = 0; p < br.ports().size(); p++) {
                    PortConfig port = br.ports().get(p);
                    ConfigPath pp = bp.port(p, port.name());
                    if (port.name() != null && !port.name().isEmpty()) {
                        Owner first = portOwners.putIfAbsent(port.name(), new Owner(br.name(), pp));
                        if (first != null) {
                            error(pp.field("name"), "port \"" + port.name() + "\" is already in bridge \""
                                    + first.bridge() + "\"");
                        }
                    }
                    for (int i = 0; i < port.interfaces().size(); i++) {
                        InterfaceConfig iface = port.interfaces().get(i);
                        if (iface.name() == null || iface.name().isEmpty()) {
                            continue;
                        }
                        Owner first = ifaceOwners.putIfAbsent(iface.name(), new Owner(br.name(), pp));
                        if (first != null) {
                            error(pp.iface(i, iface.name()).field("name"), "interface \"" + iface.name()
                                    + "\" is already in bridge \"" + first.bridge() + "\"");
                        } else {
                            ifaces.put(iface.name(), iface);
                        }
                    }
                }
            }
        }

        private void bridge(ConfigPath bp, BridgeConfig br) {
            String bad = nameProblem(br.name(), true);
            if (bad != null) {
                error(bp.field("name"), bad);
            }
            if (br.macAgingTimeSec() < 0) {
                error(bp.field(MAC_AGING), "mac-aging-time " + br.macAgingTimeSec() + " must not be negative");
            } else if (effectiveMacAging(br.macAgingTimeSec()) != br.macAgingTimeSec()
                    && br.macAgingTimeSec() != 0) {
                warning(bp.field(MAC_AGING), "mac-aging-time " + br.macAgingTimeSec() + " is forced to "
                        + effectiveMacAging(br.macAgingTimeSec()) + " (OVS range " + MIN_MAC_AGING_SEC + ".."
                        + MAX_MAC_AGING_SEC + ")");
            }
            if (br.macTableSize() < 0) {
                error(bp.field(MAC_TABLE), "mac-table-size " + br.macTableSize() + " must not be negative");
            } else if (effectiveMacTableSize(br.macTableSize()) != br.macTableSize() && br.macTableSize() != 0) {
                warning(bp.field(MAC_TABLE), "mac-table-size " + br.macTableSize() + " is forced to "
                        + effectiveMacTableSize(br.macTableSize()) + " (OVS range " + MIN_MAC_TABLE_SIZE + ".."
                        + MAX_MAC_TABLE_SIZE + ")");
            }
            for (int p = 0; p < br.ports().size(); p++) {
                PortConfig port = br.ports().get(p);
                port(br, bp.port(p, port.name()), port);
            }
        }

        private void port(BridgeConfig br, ConfigPath pp, PortConfig port) {
            String bad = nameProblem(port.name(), false);
            if (bad != null) {
                error(pp.field("name"), bad);
            } else {
                nameConflicts(br, pp, port);
            }
            if (port.interfaces().isEmpty()) {
                error(pp.field("interfaces"), "port has no interfaces");
            }
            vlan(pp, port);
            if (qosValues && port.qos() != null) {
                qos(pp, port.qos());
            }
            for (int i = 0; i < port.interfaces().size(); i++) {
                InterfaceConfig iface = port.interfaces().get(i);
                iface(br, pp.iface(i, iface.name()), iface);
            }
        }

        /** ovs-vsctl's rules: a bridge's name belongs to its local port; a port does not take an interface's name. */
        private void nameConflicts(BridgeConfig br, ConfigPath pp, PortConfig port) {
            String name = port.name();
            if (name.equals(br.name())) {
                boolean local = port.interfaces().size() == 1 && name.equals(port.interfaces().getFirst().name())
                        && "internal".equals(port.interfaces().getFirst().type());
                if (!local) {
                    error(pp.field("name"), "port \"" + name + "\" is the bridge's local port: it must have one "
                            + "interface \"" + name + "\" of type internal");
                }
            } else if (bridgeNames.contains(name)) {
                error(pp.field("name"), "port name \"" + name + "\" is already the name of bridge \"" + name + "\"");
            }
            Owner ifaceOwner = ifaceOwners.get(name);
            boolean own = port.interfaces().stream().anyMatch(i -> name.equals(i.name()));
            if (ifaceOwner != null && !own) {
                error(pp.field("name"), "port name \"" + name + "\" is already used by an interface of port \""
                        + ifaceOwner.port().port() + "\" in bridge \"" + ifaceOwner.bridge() + "\"");
            }
        }

        private void qos(ConfigPath pp, QosConfig q) {
            String bad = qosProblem(q);
            if (bad != null) {
                error(pp.field(qosField(bad)), bad);
            } else if (!q.queues().isEmpty() && !"trtcm-policer".equals(q.type())) {
                warning(pp.field("qos.queues"), q.type() + " has no queues: queues are ignored");
            }
        }

        private void vlan(ConfigPath pp, PortConfig port) {
            Integer tag = port.tag();
            if (tag != null && (tag < 0 || tag > MAX_VLAN)) {
                error(pp.field("tag"), "tag " + tag + " out of range 0.." + MAX_VLAN);
            }
            for (int t : port.trunks()) {
                if (t < 0 || t > MAX_VLAN) {
                    error(pp.field("trunks"), "trunk VLAN " + t + " out of range 0.." + MAX_VLAN);
                }
            }
            VlanMode mode = port.vlanMode();
            if (mode == null) {
                if (tag != null && !port.trunks().isEmpty()) {
                    warning(pp.field("trunks"), "ignoring trunks in favor of implicit vlan (access port, tag "
                            + tag + ")");
                }
                return;
            }
            switch (mode) {
                case ACCESS -> {
                    if (tag == null) {
                        warning(pp.field("vlan_mode"), "access port without tag carries VLAN 0 (untagged frames)");
                    }
                    if (!port.trunks().isEmpty()) {
                        warning(pp.field("trunks"), "trunks are ignored on an access port");
                    }
                }
                case TRUNK -> {
                    if (tag != null) {
                        warning(pp.field("tag"), "tag is ignored on a trunk port");
                    }
                }
                case NATIVE_TAGGED, NATIVE_UNTAGGED -> {
                    if (tag == null) {
                        warning(pp.field("vlan_mode"), mode.ovsName() + " port without tag: native VLAN is 0");
                    }
                }
            }
        }

        private void iface(BridgeConfig br, ConfigPath ip, InterfaceConfig iface) {
            String type = iface.type();
            boolean known = KNOWN_TYPES.contains(type);
            if (!known) {
                error(ip.field("type"), "unknown type \"" + type + "\" (known: " + String.join(", ", KNOWN_TYPES)
                        + ")");
            }
            String bad = nameProblem(iface.name(), DEVICE_TYPES.contains(type));
            if (bad != null) {
                error(ip.field("name"), bad);
            } else if (!iface.name().equals(br.name()) && bridgeNames.contains(iface.name())) {
                error(ip.field("name"), "interface name \"" + iface.name() + "\" is already the name of bridge \""
                        + iface.name() + "\"");
            }
            if ("patch".equals(type)) {
                patch(ip, iface);
            }
            Integer mtu = iface.mtuRequest();
            if (mtu != null && (mtu < MIN_MTU || mtu > MAX_MTU)) {
                error(ip.field("mtu_request"), "mtu_request " + mtu + " out of range " + MIN_MTU + ".." + MAX_MTU);
            }
            if (iface.mac() != null) {
                String macBad = macProblem(iface.mac());
                if (macBad != null) {
                    error(ip.field("mac"), macBad);
                }
            }
            String policingBad = qosValues ? policingProblem(iface.policing()) : null;
            if (policingBad != null) {
                error(ip.field(policingField(policingBad)), policingBad);
            }
            for (Map.Entry<String, String> e : iface.otherConfig().entrySet()) {
                ConfigPath where = ip.field("other_config." + e.getKey());
                if (InterfaceConfig.LACP_KEYS.contains(e.getKey())) {
                    String lacpBad = lacpKeyProblem(e.getKey(), e.getValue());
                    if (lacpBad != null) {
                        error(where, lacpBad);
                    }
                } else if (!InterfaceConfig.PMD_RXQ_AFFINITY.equals(e.getKey())) {
                    error(where, "unknown other_config key \"" + e.getKey() + "\" (known: "
                            + InterfaceConfig.PMD_RXQ_AFFINITY + ", " + String.join(", ", InterfaceConfig.LACP_KEYS)
                            + ")");
                } else {
                    String affBad = RxqAffinity.problem(e.getValue());
                    if (affBad != null) {
                        error(where, affBad);
                    }
                }
            }
        }

        /** netdev-vport.c's checks, plus: the peer must exist, be a patch interface and name this one back. */
        private void patch(ConfigPath ip, InterfaceConfig iface) {
            String peer = iface.options().get("peer");
            if (peer == null || peer.isEmpty()) {
                error(ip.field("options"), "patch type requires valid 'peer' argument");
                return;
            }
            if (iface.options().size() > 1) {
                error(ip.field("options"), "patch type takes only a 'peer' argument");
            }
            ConfigPath where = ip.field("options.peer");
            if (peer.equals(iface.name())) {
                error(where, "patch peer must not be self");
                return;
            }
            InterfaceConfig other = ifaces.get(peer);
            if (other == null) {
                error(where, "patch peer \"" + peer + "\" does not exist");
            } else if (!"patch".equals(other.type())) {
                error(where, "patch peer \"" + peer + "\" is not a patch interface (type " + other.type() + ")");
            } else if (!iface.name().equals(other.options().get("peer"))) {
                String back = other.options().get("peer");
                error(where, "patch peer \"" + peer + "\" has peer " + (back == null ? "unset" : "\"" + back + "\"")
                        + ", not \"" + iface.name() + "\"");
            }
        }

        private void error(ConfigPath path, String message) {
            problems.add(ConfigProblem.error(path, message));
        }

        private void warning(ConfigPath path, String message) {
            problems.add(ConfigProblem.warning(path, message));
        }
    }
}
