package io.jvswitch.control.runtime;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.port.Mtu;
import io.jvswitch.dataplane.port.Port;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mtu_request} handling that needs no devices (the device side is {@link MtuSystemTest}): the runtime's
 * pool carries MTU 9000, what it cannot carry or a port type without an MTU is a clear error that leaves the port
 * in the datapath, a change of {@code mtu_request} alone does not reopen the port, and errors clear when the
 * request does.
 */
class MtuRequestTest {
    private static SwitchConfig config(Integer mtuA) {
        InterfaceConfig a = new InterfaceConfig("a", "dummy", Map.of(), mtuA, null);
        return new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(
                new PortConfig("a", null, null, Set.of(), List.of(a)), PortConfig.of("b", "dummy")))));
    }

    @Test
    void theRuntimesPacketBuffersCarryMtu9000() {
        try (SwitchRuntime rt = new SwitchRuntime(new CachedNanoClock(), PmdConfig.defaults(), 64)) {
            assertEquals(9133, rt.maxMtu());
            assertTrue(rt.maxMtu() >= 9000);
        }
        try (FramePool small = new FramePool(1)) {
            assertEquals(1901, Mtu.maxMtu(small), "the old 2048-byte frames carry MTU 1500 only");
        }
        assertEquals(9018, Mtu.maxFrameLength(9000));
    }

    @Test
    void requestsThatCannotBeAppliedAreClearErrorsAndThePortStays() {
        try (SwitchRuntime rt = new SwitchRuntime(new CachedNanoClock(), PmdConfig.defaults(), 64)) {
            rt.reconfigure(config(null));
            assertEquals(Map.of(), rt.mtuErrors());
            Port a = rt.port("a");
            assertEquals(Mtu.DEFAULT, a.mtu());

            rt.reconfigure(config(9000));
            assertSame(a, rt.port("a"), "a change of mtu_request alone does not reopen the port");
            assertEquals("a: mtu_request 9000 ignored: interface type \"dummy\" has no settable MTU (the port keeps "
                    + "MTU 1500)", rt.mtuErrors().get("a"));

            rt.reconfigure(config(9134));
            assertEquals("a: mtu_request 9134 is more than this datapath carries: 9133 (its packet buffers hold "
                    + "9152-byte frames) (the port keeps MTU 1500)", rt.mtuErrors().get("a"));
            assertSame(a, rt.port("a"));
            assertEquals(Map.of(), rt.interfaceErrors(), "the port is open");

            rt.reconfigure(config(1500));
            assertEquals(Map.of(), rt.mtuErrors(), "1500 is what the port has: nothing to apply");
            rt.reconfigure(config(null));
            assertEquals(Map.of(), rt.mtuErrors());
        }
    }

    @Test
    void onlyMtuDiffersComparesEverythingElse() {
        InterfaceConfig base = new InterfaceConfig("p", "system", Map.of(), 1500, null);
        assertTrue(DatapathPorts.onlyMtuDiffers(base, new InterfaceConfig("p", "system", Map.of(), 9000, null)));
        assertTrue(DatapathPorts.onlyMtuDiffers(base, new InterfaceConfig("p", "system", Map.of(), null, null)));
        assertFalse(DatapathPorts.onlyMtuDiffers(base, base));
        assertFalse(DatapathPorts.onlyMtuDiffers(base, new InterfaceConfig("p", "tap", Map.of(), 9000, null)));
        assertFalse(DatapathPorts.onlyMtuDiffers(base,
                new InterfaceConfig("p", "system", Map.of("x", "1"), 9000, null)));
        assertFalse(DatapathPorts.onlyMtuDiffers(base,
                new InterfaceConfig("p", "system", Map.of(), 9000, "02:00:00:00:00:01")));
    }
}
