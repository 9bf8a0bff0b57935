package io.jvswitch.control.daemon;

import java.util.Map;

/**
 * One interface of a bridge as {@code ovs-appctl dpif/show} lists it.
 *
 * @param bridge  the bridge
 * @param name    the interface name
 * @param ofport  its OpenFlow port number (65534 for the bridge's own port)
 * @param odpPort its datapath port number, or -1 when it has none (patch ports)
 * @param type    the netdev type OVS's userspace datapath would report ({@code internal} shows as {@code tap})
 * @param config  the netdev's configuration as OVS's {@code netdev_get_config} gives it (e.g. a patch port's
 *                {@code peer}), key order irrelevant
 */
public record DpifPortView(String bridge, String name, int ofport, int odpPort, String type,
                           Map<String, String> config) {
    public DpifPortView {
        config = Map.copyOf(config);
    }
}
