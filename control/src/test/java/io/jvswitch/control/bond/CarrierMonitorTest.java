package io.jvswitch.control.bond;

import io.jvswitch.vport.netns.NetTopology;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Carrier from rtnetlink, as a bond sees its members: a veth end is up when both ends are up; taking the peer
 * down drops the carrier; a missing device is down. Privileged (veth in the root namespace, removed afterwards).
 */
class CarrierMonitorTest {
    @Test
    void reportsCarrierChangesOfRealLinks() throws Exception {
        NetTopology.requireRoot("CarrierMonitorTest");
        try (NetTopology t = new NetTopology(); CarrierMonitor m = new CarrierMonitor()) {
            String a = t.name("cma");
            String b = t.name("cmb");
            t.vethPair(a, b, 1500);
            NetTopology.run("ip", "link", "set", a, "up");
            NetTopology.run("ip", "link", "set", b, "up");
            assertEquals(List.of(new CarrierMonitor.Change(a, true)), m.poll(Set.of(a)), "first poll reports");
            assertEquals(List.of(), m.poll(Set.of(a)), "no change, nothing reported");
            NetTopology.run("ip", "link", "set", b, "down");
            assertEquals(List.of(new CarrierMonitor.Change(a, false)), m.poll(Set.of(a)), "peer down: no carrier");
            NetTopology.run("ip", "link", "set", b, "up");
            assertTrue(m.carrier(a));
            assertEquals(List.of(new CarrierMonitor.Change(a, true)), m.poll(Set.of(a)));
            NetTopology.run("ip", "link", "set", a, "down");
            assertFalse(m.carrier(a), "administratively down");
            assertFalse(m.carrier("jvnosuch" + t.suffix()), "a missing device is down");
        }
    }
}
