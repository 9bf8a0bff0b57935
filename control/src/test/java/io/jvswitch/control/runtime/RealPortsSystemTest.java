package io.jvswitch.control.runtime;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;
import io.jvswitch.vport.netns.NetTopology;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real traffic across the running switch: two namespaces, each joined to the root namespace by a veth pair
 * whose root ends are {@code system} (AF_PACKET) ports of one bridge, both access VLAN 10. Ping crosses; a
 * port removed under traffic stops it; re-added, ping crosses again. Privileged: needs root (see
 * {@link NetTopology#requireRootAndPing}).
 */
class RealPortsSystemTest {
    private NetTopology topo;
    private SwitchRuntime rt;

    @BeforeEach
    void setUp() {
        NetTopology.requireRootAndPing("RealPortsSystemTest");
        topo = new NetTopology();
    }

    @AfterEach
    void tearDown() {
        try {
            if (rt != null) {
                rt.close();
            }
        } finally {
            if (topo != null) {
                topo.close();
            }
        }
    }

    private static SwitchConfig config(String bridge, String... ports) {
        return new SwitchConfig(List.of(BridgeConfig.of(bridge, java.util.Arrays.stream(ports)
                .map(p -> PortConfig.of(p, "system").withVlan(VlanMode.ACCESS, 10, Set.of())).toList())));
    }

    @Test
    void pingCrossesTwoSystemPortsAndStopsWhileOnePortIsRemoved() throws Exception {
        String ns1 = topo.netns("a");
        String ns2 = topo.netns("b");
        String jvA = topo.name("jvA");
        String jvB = topo.name("jvB");
        String net = topo.subnet();
        topo.vethIntoNetns(jvA, "eth0", ns1, net + ".1/24");
        topo.vethIntoNetns(jvB, "eth0", ns2, net + ".2/24");
        String br = topo.name("jbr");

        rt = new SwitchRuntime();
        rt.reconfigure(config(br, jvA, jvB));
        assertEquals(Map.of(), rt.interfaceErrors());
        rt.start(new BackoffIdleStrategy());
        assertTrue(rt.awaitPmd(5, TimeUnit.SECONDS));
        assertTrue(NetTopology.ping(ns1, net + ".2", 3), "ping across the switch");

        rt.reconfigure(config(br, jvA));
        assertTrue(rt.awaitPmd(5, TimeUnit.SECONDS));
        assertFalse(NetTopology.ping(ns1, net + ".2", 2), "ping with " + jvB + " removed from the bridge");

        rt.reconfigure(config(br, jvA, jvB));
        assertEquals(Map.of(), rt.interfaceErrors());
        assertTrue(rt.awaitPmd(5, TimeUnit.SECONDS));
        assertTrue(NetTopology.ping(ns1, net + ".2", 3), "ping after " + jvB + " was added back");
        assertTrue(rt.port(jvB).stats().rxPackets() > 0, "the re-added port received");
    }
}
