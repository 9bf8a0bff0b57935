package io.jvswitch.control.qos;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.control.runtime.SwitchRuntime;
import io.jvswitch.control.unixctl.UnixctlException;
import io.jvswitch.control.unixctl.UnixctlServer;

import java.util.List;

/**
 * The QoS commands of ovs-vswitchd's unixctl (issue 7), OVS 3.1's names, usages and arities:
 * {@code qos/show interface} and {@code qos/show-types interface}, in both daemons ({@code jvswitch run} and the
 * drop-in {@code jvswitch vswitchd}); texts from {@link QosShow}. The embedding API answers from the same methods.
 *
 * <p>Which interfaces exist follows OVS's {@code iface_find}: every interface of the configuration that is open
 * in the datapath, and patch interfaces (which take no QoS: "No QoS types supported", "QoS not configured"). An
 * interface that is not configured, or could not be opened, is "no such interface", an error reply.
 */
public final class QosAppctl {
    private QosAppctl() {
    }

    public static void register(UnixctlServer server, SwitchRuntime rt) {
        server.register("qos/show-types", "interface", 1, 1, args -> call(() -> showTypes(rt, args[0])));
        server.register("qos/show", "interface", 1, 1, args -> call(() -> show(rt, args[0])));
    }

    /**
     * {@code qos/show}'s text for {@code iface}.
     *
     * @throws IllegalArgumentException {@value QosShow#NO_SUCH_INTERFACE}
     */
    public static String show(SwitchRuntime rt, String iface) {
        return QosShow.show(snapshot(rt, iface));
    }

    /**
     * {@code qos/show-types}'s text for {@code iface}.
     *
     * @throws IllegalArgumentException {@value QosShow#NO_SUCH_INTERFACE}
     */
    public static String showTypes(SwitchRuntime rt, String iface) {
        return QosShow.showTypes(iface, isPatch(rt, iface) ? List.of() : QosConfig.TYPES);
    }

    /**
     * The policers of {@code iface} and their counters, now.
     *
     * @throws IllegalArgumentException {@value QosShow#NO_SUCH_INTERFACE}
     */
    public static QosSnapshot snapshot(SwitchRuntime rt, String iface) {
        isPatch(rt, iface);
        return QosSnapshot.read(iface, rt.egressPolicy(iface), rt.ingressPolicer(iface));
    }

    /** True for a patch interface, false for one open in the datapath; throws for anything else. */
    private static boolean isPatch(SwitchRuntime rt, String iface) {
        for (BridgeConfig b : rt.config().bridges()) {
            for (PortConfig p : b.ports()) {
                for (InterfaceConfig ic : p.interfaces()) {
                    if (ic.name().equals(iface)) {
                        if ("patch".equals(ic.type())) {
                            return true;
                        }
                        if (rt.port(iface) != null) {
                            return false;
                        }
                    }
                }
            }
        }
        throw new IllegalArgumentException(QosShow.NO_SUCH_INTERFACE);
    }

    private interface Call {
        String get();
    }

    private static String call(Call c) throws UnixctlException {
        try {
            return c.get();
        } catch (IllegalArgumentException e) {
            throw new UnixctlException(e.getMessage());
        }
    }
}
