package io.jvswitch.control.bridge;

import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.jvswitch.control.bridge.SwitchHarness.bridge;
import static io.jvswitch.control.bridge.SwitchHarness.patch;
import static io.jvswitch.control.bridge.SwitchHarness.port;
import static io.jvswitch.control.bridge.SwitchHarness.sw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invalid configurations are rejected with a clear message and change nothing. */
class ReconfigureValidationTest {
    private final SwitchHarness h = new SwitchHarness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    private String reject(SwitchConfig cfg) {
        Topology before = h.bridges.topology();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> h.bridges.reconfigure(cfg, n -> 1));
        assertSame(before, h.bridges.topology(), "a rejected config changes nothing");
        return e.getMessage();
    }

    @Test
    void anInterfaceInTwoBridgesIsRejected() {
        h.apply(sw(bridge("br0", port("p1"))));
        String m = reject(sw(bridge("br0", port("p1")), bridge("br1", port("p1"))));
        assertEquals("interface p1 is in bridge br0 and in bridge br1: an interface belongs to one bridge only", m);
    }

    @Test
    void patchPeersMustExistAndPointBack() {
        assertEquals("patch interface a: peer nope does not exist",
                reject(sw(bridge("br0", patch("a", "nope")))));
        assertEquals("patch interface a: peer b does not point back (its peer is c)",
                reject(sw(bridge("br0", patch("a", "b")), bridge("br1", patch("b", "c"), patch("c", "b")))));
        assertTrue(reject(sw(bridge("br0", patch("a", "b"), port("b")))).contains("is not a patch interface"));
        assertEquals("patch interface a: options:peer is required", reject(sw(bridge("br0",
                new PortConfig("a", null, null, null,
                        List.of(InterfaceConfig.of("a", "patch")))))));
    }

    @Test
    void duplicateBridgesAndBadTagsAreRejected() {
        assertTrue(reject(sw(bridge("br0"), bridge("br0"))).contains("configured twice"));
        assertTrue(reject(sw(bridge("br0", SwitchHarness.access("p1", 4096)))).contains("tag 4096"));
    }

    @Test
    void theLocalPortIsOpenFlowPortLocalAndOthersCountFromOne() {
        h.apply(sw(bridge("br0", port("br0"), port("x"), port("y"))));
        Bridge b = h.bridges.bridge("br0");
        assertEquals(Map.of("br0", BridgePort.OFPP_LOCAL, "x", 1, "y", 2), Map.of(
                "br0", b.port("br0").ofport(), "x", b.port("x").ofport(), "y", b.port("y").ofport()));
    }
}
