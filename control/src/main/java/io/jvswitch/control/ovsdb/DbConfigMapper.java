package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvswitch.control.config.ConfigValidator;
import io.jvswitch.control.model.BondConfig;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.FailMode;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PmdSettings;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.model.SwitchConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * From a {@link DbSnapshot} of the Open_vSwitch database to the {@link SwitchConfig} to apply, as ovs-vswitchd 3.1
 * reads it ({@code vswitchd/bridge.c}): Open_vSwitch.bridges → Bridge → Port → Interface, references to missing
 * rows ignored (with a warning). A pure function: no I/O, never throws on database content.
 *
 * <p>A bad value never blocks the rest: what cannot be configured is left out and charged to the Interface rows
 * it concerns ({@link MappedDb#rowProblems}, written back as {@code ofport=-1} and {@code error}). A malformed or
 * unsupported Port value (tag, trunks, vlan_mode) drops that port; a malformed Interface value drops that
 * interface; an unsupported datapath_type or a bad Bridge row drops the bridge. QoS settings (ingress policing,
 * a Port's QoS and Queue rows: {@link QosColumns}) that the schema allows but jvswitch cannot apply are passed
 * on: the runtime runs that interface unpoliced and reports why ({@code SwitchRuntime.qosErrors()}). Then
 * {@link ValidationPruner} drops whatever {@link ConfigValidator} still rejects (duplicate names, ranges, unknown
 * types, patch peers), so {@link MappedDb#config} always validates.
 *
 * <p>Order: bridges, ports and interfaces are sorted by name (OVS keeps them in hash tables, and the database's
 * sets are ordered by UUID), so when two rows claim the same name the first by name order wins, and the same
 * database always maps to the same configuration.
 */
public final class DbConfigMapper {

    /** Highest OpenFlow port number an interface may request or keep (OFPP_MAX - 1). */
    public static final int MAX_OFPORT = 65279;

    private DbConfigMapper() {
    }

    /** Maps a snapshot; see the class comment. */
    public static MappedDb map(DbSnapshot db) {
        return new Run(db).map();
    }

    /** One mapping: reads rows into a {@link MappingTree}, prunes it, collects the results. */
    private static final class Run {
        private final DbSnapshot db;
        private final MappingTree tree = new MappingTree();
        private final Map<String, Integer> ofportRequests = new HashMap<>();
        private final Map<String, Integer> previousOfports = new HashMap<>();
        private final Map<UUID, Integer> requestByRow = new HashMap<>();
        private final Map<UUID, Integer> previousByRow = new HashMap<>();

        Run(DbSnapshot db) {
            this.db = db;
        }

        MappedDb map() {
            Map<UUID, ObjectNode> ovsRows = db.rows("Open_vSwitch");
            if (ovsRows.isEmpty()) {
                return MappedDb.empty(List.of("the Open_vSwitch table has no row: nothing to configure"));
            }
            UUID ovsUuid = ovsRows.keySet().stream().min(Comparator.naturalOrder()).orElseThrow();
            if (ovsRows.size() > 1) {
                tree.warnings.add("the Open_vSwitch table has " + ovsRows.size() + " rows: using " + ovsUuid);
            }
            ObjectNode ovs = ovsRows.get(ovsUuid);
            long nextCfg = readCfg(ovs, "next_cfg");
            long curCfg = readCfg(ovs, "cur_cfg");
            readSwitchOtherConfig(ovs);
            List<MappingTree.Bridge> bridges = new ArrayList<>();
            for (UUID b : refs(ovs, "bridges", "Open_vSwitch", "Bridge")) {
                MappingTree.Bridge br = readBridge(b, db.row("Bridge", b));
                if (br != null) {
                    bridges.add(br);
                }
            }
            bridges.sort(Comparator.comparing((MappingTree.Bridge br) -> br.config.name())
                    .thenComparing(br -> br.uuid));
            tree.bridges.addAll(bridges);
            SwitchConfig config = ValidationPruner.prune(tree);
            return result(config, ovsUuid, nextCfg, curCfg);
        }

        private long readCfg(ObjectNode ovs, String column) {
            try {
                return OvsdbDatum.integer(ovs.get(column));
            } catch (MalformedDatumException e) {
                tree.warnings.add("Open_vSwitch " + column + " is malformed (" + e.getMessage() + "): read as 0");
                return 0;
            }
        }

        /** Only the keys {@link PmdSettings} knows; OVS's many other keys (vlan-limit, hw-offload...) are ignored. */
        private void readSwitchOtherConfig(ObjectNode ovs) {
            try {
                OvsdbDatum.stringMap(ovs.get("other_config")).forEach((k, v) -> {
                    if (PmdSettings.KEYS.contains(k)) {
                        tree.otherConfig.put(k, v);
                    }
                });
            } catch (MalformedDatumException e) {
                tree.warnings.add("Open_vSwitch other_config is malformed (" + e.getMessage() + "): ignored");
            }
        }

        /** The rows a reference column names, deduplicated, without the missing ones (warned about). */
        private List<UUID> refs(ObjectNode row, String column, String table, String refTable) {
            List<UUID> out = new ArrayList<>();
            List<UUID> uuids;
            try {
                uuids = OvsdbDatum.uuids(row.get(column));
            } catch (MalformedDatumException e) {
                tree.warnings.add(table + " " + column + " is malformed (" + e.getMessage() + "): ignored");
                return out;
            }
            for (UUID u : new LinkedHashSet<>(uuids)) {
                if (db.row(refTable, u) == null) {
                    tree.warnings.add(table + " " + column + " refers to " + refTable + " row " + u
                            + ", which does not exist: ignored");
                } else {
                    out.add(u);
                }
            }
            return out;
        }

        private MappingTree.Bridge readBridge(UUID uuid, ObjectNode row) {
            String name;
            try {
                name = OvsdbDatum.string(row.get("name"));
            } catch (MalformedDatumException e) {
                tree.warnings.add("Bridge row " + uuid + " has a malformed name (" + e.getMessage() + "): ignored");
                return null;
            }
            List<MappingTree.Port> ports = new ArrayList<>();
            for (UUID p : refs(row, "ports", "bridge \"" + name + "\"", "Port")) {
                MappingTree.Port port = readPort(name, p, db.row("Port", p));
                if (port != null) {
                    ports.add(port);
                }
            }
            ports.sort(Comparator.comparing((MappingTree.Port p) -> p.config.name()).thenComparing(p -> p.uuid));
            String bad;
            BridgeConfig config = null;
            try {
                bad = datapathTypeProblem(name, OvsdbDatum.string(row.get("datapath_type")));
                String failMode = OvsdbDatum.optionalString(row.get("fail_mode"));
                Map<String, String> oc = OvsdbDatum.stringMap(row.get("other_config"));
                int aging = macAging(name, oc.get("mac-aging-time"));
                int size = macTableSize(name, oc.get("mac-table-size"));
                // bridge.c bridge_configure_fail_mode: anything but "standalone" (or unset) is secure
                FailMode mode = failMode == null || failMode.equals("standalone") ? FailMode.STANDALONE
                        : FailMode.SECURE;
                config = new BridgeConfig(name, mode, aging, size, List.of());
            } catch (MalformedDatumException e) {
                bad = "malformed Bridge row: " + e.getMessage();
            }
            if (bad != null) {
                tree.problem(ports.stream().flatMap(p -> p.ifaces.stream()).toList(),
                        "bridge \"" + name + "\": " + bad);
                return null;
            }
            return new MappingTree.Bridge(uuid, config, ports);
        }

        /** jvswitch has one datapath, userspace: "netdev"; "system" (or "", its alias) is served by it too. */
        private String datapathTypeProblem(String bridge, String type) {
            if (type.equals("netdev")) {
                return null;
            }
            if (type.isEmpty() || type.equals("system")) {
                tree.warnings.add("bridge \"" + bridge + "\": datapath_type \"" + (type.isEmpty() ? "system" : type)
                        + "\" is served by jvswitch's userspace datapath (as \"netdev\")");
                return null;
            }
            return "datapath_type \"" + type + "\" is not supported (jvswitch has one datapath: netdev)";
        }

        /** bridge.c: smap_get_int (unparsable = 0), 0 → 300 s; mac-learning.c forces it (as unsigned) into 15..3600. */
        private int macAging(String bridge, String text) {
            return bridgeSetting(bridge, "mac-aging-time", text, BridgeConfig.DEFAULT_MAC_AGING_SEC,
                    ConfigValidator.MIN_MAC_AGING_SEC, ConfigValidator.MAX_MAC_AGING_SEC);
        }

        /** The same for mac-table-size: 0 → 8192, else (as unsigned) into 10..1 000 000. */
        private int macTableSize(String bridge, String text) {
            return bridgeSetting(bridge, "mac-table-size", text, BridgeConfig.DEFAULT_MAC_TABLE_SIZE,
                    ConfigValidator.MIN_MAC_TABLE_SIZE, ConfigValidator.MAX_MAC_TABLE_SIZE);
        }

        /** An integer other_config key read as OVS reads it: 0 (or unparsable) → default, negative → max, clamped. */
        private int bridgeSetting(String bridge, String key, String text, int dflt, int min, int max) {
            long v = smapInt(text);
            int effective = v == 0 ? dflt : v < 0 ? max : (int) Math.clamp(v, min, max);
            if (v != 0 && v != effective) {
                tree.warnings.add("bridge \"" + bridge + "\": " + key + " " + text + " is forced to " + effective);
            }
            return effective;
        }

        /** smap_get_int: a decimal int, else 0. */
        private static long smapInt(String text) {
            if (text == null || !text.matches("[+-]?[0-9]{1,10}")) {
                return 0;
            }
            long v = Long.parseLong(text);
            return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? 0 : v;
        }

        private MappingTree.Port readPort(String bridge, UUID uuid, ObjectNode row) {
            String name = null;
            String bad = null;
            try {
                name = OvsdbDatum.string(row.get("name"));
            } catch (MalformedDatumException e) {
                bad = "malformed Port name: " + e.getMessage();
            }
            String where = "port \"" + (name == null ? uuid.toString() : name) + "\"";
            List<MappingTree.Iface> ifaces = new ArrayList<>();
            for (UUID i : refs(row, "interfaces", where, "Interface")) {
                MappingTree.Iface iface = readIface(bridge, i, db.row("Interface", i));
                if (iface != null) {
                    ifaces.add(iface);
                }
            }
            ifaces.sort(Comparator.comparing((MappingTree.Iface i) -> i.config().name()).thenComparing(i -> i.uuid()));
            PortVlan vlan = null;
            if (bad == null) {
                try {
                    vlan = PortVlan.read(row);
                    bad = vlan.problem();
                } catch (MalformedDatumException e) {
                    bad = "malformed Port row: " + e.getMessage();
                }
            }
            if (bad == null && ifaces.size() > 1) {
                bad = bondProblem(name, ifaces);
            }
            if (bad != null) {
                tree.problem(ifaces, where + ": " + bad);
                return null;
            }
            BondConfig bond;
            try {
                bond = PortBond.read(name, row, tree.warnings);
            } catch (MalformedDatumException e) {
                tree.problem(ifaces, where + ": malformed bond settings: " + e.getMessage());
                return null;
            }
            QosConfig qos;
            try {
                qos = QosColumns.qos(db, name, row, tree.warnings);
            } catch (MalformedDatumException e) {
                tree.problem(ifaces, where + ": malformed QoS settings: " + e.getMessage());
                return null;
            }
            return new MappingTree.Port(uuid, new PortConfig(name, vlan.mode(), vlan.tag(), vlan.trunks(), List.of(),
                    bond, qos), ifaces);
        }

        /** Bonds (issue 6) are kept as one port of several interfaces; the bridges refuse patch members. */
        private String bondProblem(String name, List<MappingTree.Iface> ifaces) {
            for (MappingTree.Iface i : ifaces) {
                if ("patch".equals(i.config().type())) {
                    return "patch interface \"" + i.config().name() + "\" cannot be part of a bond";
                }
            }
            return null;
        }

        private MappingTree.Iface readIface(String bridge, UUID uuid, ObjectNode row) {
            String name;
            try {
                name = OvsdbDatum.string(row.get("name"));
            } catch (MalformedDatumException e) {
                tree.problem(uuid, "malformed Interface name: " + e.getMessage());
                tree.ifaceNames.put(uuid, "");
                return null;
            }
            tree.ifaceNames.put(uuid, name);
            readOfportHints(name, uuid, row);
            try {
                String type = OvsdbDatum.string(row.get("type"));
                // bridge.c iface_get_type: the bridge's local port is always internal; "" means "system"
                if (name.equals(bridge)) {
                    type = "internal";
                } else if (type.isEmpty()) {
                    type = "system";
                }
                Long mtu = OvsdbDatum.optionalInteger(row.get("mtu_request"));
                if (mtu != null && (mtu < 1 || mtu > ConfigValidator.MAX_MTU)) {
                    tree.problem(uuid, "mtu_request " + mtu + " out of range " + ConfigValidator.MIN_MTU + ".."
                            + ConfigValidator.MAX_MTU);
                    return null;
                }
                Map<String, String> other = new LinkedHashMap<>();
                Map<String, String> ioc = OvsdbDatum.stringMap(row.get("other_config"));
                for (String k : InterfaceConfig.LACP_KEYS) {
                    if (ioc.containsKey(k)) {
                        other.put(k, ioc.get(k));
                    }
                }
                String affinity = ioc.get(InterfaceConfig.PMD_RXQ_AFFINITY);
                if (affinity != null) {
                    other.put(InterfaceConfig.PMD_RXQ_AFFINITY, affinity);
                }
                InterfaceConfig cfg = new InterfaceConfig(name, type, OvsdbDatum.stringMap(row.get("options")),
                        mtu == null ? null : mtu.intValue(), OvsdbDatum.optionalString(row.get("mac")), other,
                        QosColumns.policing(row));
                return new MappingTree.Iface(uuid, cfg);
            } catch (MalformedDatumException e) {
                tree.problem(uuid, "malformed Interface row: " + e.getMessage());
                return null;
            }
        }

        /** bridge.c iface_validate_ofport__: a number in 1..65279, else none. A malformed hint is only a warning. */
        private void readOfportHints(String name, UUID uuid, ObjectNode row) {
            try {
                Long req = OvsdbDatum.optionalInteger(row.get("ofport_request"));
                if (req != null && req >= 1 && req <= MAX_OFPORT) {
                    requestByRow.put(uuid, req.intValue());
                } else if (req != null) {
                    tree.warnings.add("interface \"" + name + "\": ofport_request " + req + " ignored (valid: 1.."
                            + MAX_OFPORT + ")");
                }
                Long prev = OvsdbDatum.optionalInteger(row.get("ofport"));
                if (prev != null && prev >= 1 && prev <= MAX_OFPORT) {
                    previousByRow.put(uuid, prev.intValue());
                }
            } catch (MalformedDatumException e) {
                tree.warnings.add("interface \"" + name + "\": ofport hint ignored (" + e.getMessage() + ")");
            }
        }

        private MappedDb result(SwitchConfig config, UUID ovsUuid, long nextCfg, long curCfg) {
            Map<String, UUID> bridgeUuids = new HashMap<>();
            Map<String, UUID> portUuids = new HashMap<>();
            Map<String, UUID> ifaceUuids = new HashMap<>();
            Set<UUID> configured = new HashSet<>();
            for (MappingTree.Bridge b : tree.bridges) {
                bridgeUuids.put(b.config.name(), b.uuid);
                for (MappingTree.Port p : b.ports) {
                    portUuids.put(p.config.name(), p.uuid);
                    for (MappingTree.Iface i : p.ifaces) {
                        String n = i.config().name();
                        ifaceUuids.put(n, i.uuid());
                        configured.add(i.uuid());
                        if (requestByRow.containsKey(i.uuid())) {
                            ofportRequests.put(n, requestByRow.get(i.uuid()));
                        }
                        if (previousByRow.containsKey(i.uuid())) {
                            previousOfports.put(n, previousByRow.get(i.uuid()));
                        }
                    }
                }
            }
            Map<UUID, String> rowProblems = new LinkedHashMap<>();
            Map<String, String> ifaceProblems = new LinkedHashMap<>();
            tree.rowProblems.forEach((row, reason) -> {
                String name = tree.ifaceNames.getOrDefault(row, "");
                if (configured.contains(row)) {
                    // the same row listed twice (two ports name it): configured once, the other listing ignored
                    tree.warnings.add("interface \"" + name + "\": " + reason);
                    return;
                }
                rowProblems.put(row, reason);
                ifaceProblems.putIfAbsent(name, reason);
                ifaceUuids.putIfAbsent(name, row);
            });
            return new MappedDb(config, ovsUuid, nextCfg, curCfg, bridgeUuids, portUuids, ifaceUuids,
                    ofportRequests, previousOfports, ifaceProblems, rowProblems, tree.warnings);
        }
    }
}
