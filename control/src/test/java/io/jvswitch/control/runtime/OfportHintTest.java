package io.jvswitch.control.runtime;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * OpenFlow port numbers follow the database's hints ({@code ofport_request}, or the {@code ofport} an interface
 * had before a restart) when they are free, as ovs-vswitchd does; otherwise they are allocated as before.
 */
class OfportHintTest {
    private static SwitchConfig cfg(String... ports) {
        return new SwitchConfig(List.of(BridgeConfig.of("br0",
                java.util.Arrays.stream(ports).map(p -> PortConfig.of(p, "dummy")).toList())));
    }

    private static int ofport(SwitchRuntime rt, String port) {
        return rt.bridges().bridge("br0").port(port).ofport();
    }

    @Test
    void aRestartedSwitchGivesEveryInterfaceItsPreviousNumber() {
        try (SwitchRuntime rt = new SwitchRuntime()) {
            rt.reconfigure(cfg("p1", "p2", "p3"), Map.of("p1", 5, "p2", 2, "p3", 9));
            assertEquals(5, ofport(rt, "p1"));
            assertEquals(2, ofport(rt, "p2"));
            assertEquals(9, ofport(rt, "p3"));
            rt.reconfigure(cfg("p1", "p2", "p3", "p4"), Map.of("p1", 5, "p2", 2, "p3", 9));
            assertEquals(10, ofport(rt, "p4"), "a new interface without a hint gets a number after the highest");
        }
    }

    @Test
    void aHintTakenByAnotherInterfaceOrOutOfRangeIsIgnored() {
        try (SwitchRuntime rt = new SwitchRuntime()) {
            rt.reconfigure(cfg("p1", "p2"), Map.of());
            assertEquals(1, ofport(rt, "p1"));
            assertEquals(2, ofport(rt, "p2"));
            rt.reconfigure(cfg("p1", "p2", "p3", "p4"), Map.of("p3", 1, "p4", 70000));
            assertEquals(3, ofport(rt, "p3"));
            assertEquals(4, ofport(rt, "p4"));
        }
    }

    @Test
    void aHintDoesNotRenumberAnInterfaceThatAlreadyHasANumber() {
        try (SwitchRuntime rt = new SwitchRuntime()) {
            rt.reconfigure(cfg("p1"), Map.of());
            rt.reconfigure(cfg("p1"), Map.of("p1", 7));
            assertEquals(1, ofport(rt, "p1"));
        }
    }
}
