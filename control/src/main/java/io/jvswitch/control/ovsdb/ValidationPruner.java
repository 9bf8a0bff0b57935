package io.jvswitch.control.ovsdb;

import io.jvswitch.control.config.ConfigPath;
import io.jvswitch.control.config.ConfigProblem;
import io.jvswitch.control.config.ConfigValidator;
import io.jvswitch.control.model.SwitchConfig;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a {@link MappingTree} valid by removal: runs {@link ConfigValidator} on the model it stands for and drops
 * what each error is about — the interface (a port left without interfaces goes too), the port, the bridge, or
 * the switch's other_config key — charging the reason to the Interface rows removed. Removing something can make
 * something else invalid (a patch port whose peer was dropped), so it validates again until nothing is rejected;
 * every round removes at least one object, so it ends. One bad port thus never keeps the others from being
 * applied, whereas the runtime refuses a whole configuration that does not validate.
 */
final class ValidationPruner {
    private ValidationPruner() {
    }

    /** The valid configuration that is left; the validator's warnings are added to the tree's. */
    static SwitchConfig prune(MappingTree tree) {
        while (true) {
            SwitchConfig config = model(tree);
            List<ConfigProblem> problems = ConfigValidator.validate(config);
            if (problems.stream().noneMatch(ConfigProblem::isError)) {
                problems.forEach(p -> tree.warnings.add(p.toString()));
                return config;
            }
            Set<MappingTree.Bridge> bridges = identitySet();
            Set<MappingTree.Port> ports = identitySet();
            Set<MappingTree.Iface> ifaces = identitySet();
            Set<String> keys = new HashSet<>();
            for (ConfigProblem p : problems) {
                if (p.isError()) {
                    charge(tree, p, bridges, ports, ifaces, keys);
                }
            }
            boolean keysRemoved = tree.otherConfig.keySet().removeAll(keys);
            if (bridges.isEmpty() && ports.isEmpty() && ifaces.isEmpty() && !keysRemoved) {
                // cannot happen (every error names something removable); never loop, never apply an invalid model
                tree.warnings.add("configuration rejected as a whole: " + problems);
                tree.bridges.clear();
                tree.otherConfig.clear();
                continue;
            }
            tree.bridges.removeIf(bridges::contains);
            for (MappingTree.Bridge b : tree.bridges) {
                b.ports.removeIf(ports::contains);
                for (MappingTree.Port port : b.ports) {
                    port.ifaces.removeIf(ifaces::contains);
                }
                b.ports.removeIf(port -> port.ifaces.isEmpty());
            }
        }
    }

    private static void charge(MappingTree tree, ConfigProblem p, Set<MappingTree.Bridge> bridges,
                               Set<MappingTree.Port> ports, Set<MappingTree.Iface> ifaces, Set<String> keys) {
        ConfigPath at = p.path();
        if (at.isRoot()) {
            String field = at.field() == null ? "" : at.field();
            if (field.startsWith("other_config.")) {
                keys.add(field.substring("other_config.".length()));
            } else {
                keys.addAll(tree.otherConfig.keySet());
            }
            tree.warnings.add("Open_vSwitch " + field + ": " + p.message() + " (ignored)");
            return;
        }
        MappingTree.Bridge b = tree.bridges.get(at.bridgeIndex());
        if (at.portIndex() < 0) {
            bridges.add(b);
            tree.problem(b.ports.stream().flatMap(port -> port.ifaces.stream()).toList(),
                    "bridge \"" + b.config.name() + "\": " + p.message());
            return;
        }
        MappingTree.Port port = b.ports.get(at.portIndex());
        if (at.interfaceIndex() < 0) {
            ports.add(port);
            tree.problem(port.ifaces, "port \"" + port.config.name() + "\": " + p.message());
            return;
        }
        MappingTree.Iface iface = port.ifaces.get(at.interfaceIndex());
        ifaces.add(iface);
        tree.problem(iface.uuid(), p.message());
    }

    private static SwitchConfig model(MappingTree tree) {
        return new SwitchConfig(tree.bridges.stream().map(MappingTree.Bridge::model).toList(),
                Map.copyOf(tree.otherConfig));
    }

    private static <T> Set<T> identitySet() {
        return java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
