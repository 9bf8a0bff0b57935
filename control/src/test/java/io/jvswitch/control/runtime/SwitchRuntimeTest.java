package io.jvswitch.control.runtime;

import io.jvswitch.control.config.ConfigException;
import io.jvswitch.control.config.ConfigFile;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.vport.dummy.DummyPort;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwitchRuntimeTest {
    private final CachedNanoClock clock = new CachedNanoClock();
    private final SwitchRuntime rt = new SwitchRuntime(clock, PmdConfig.defaults(), 2048);

    @AfterEach
    void close() {
        rt.close();
    }

    private static PortConfig access(String name, int vlan) {
        return PortConfig.of(name, "dummy").withVlan(VlanMode.ACCESS, vlan, Set.of());
    }

    private void run(int n) {
        for (int i = 0; i < n; i++) {
            clock.update(clock.nanoTime() + 1_000_000);
            rt.runOnce();
        }
    }

    private DummyPort dummy(String name) {
        return (DummyPort) rt.port(name);
    }

    @Test
    void framesCrossABridgeWithinTheirVlanOnly() {
        rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0",
                List.of(access("a", 10), access("b", 10), access("c", 20))))));
        run(2);
        dummy("a").inject(Frames.udp(0xffffffffffffL, 0x020000000001L, -1, 1, 2, 3, 4));
        run(3);
        assertEquals(1, dummy("b").drainTransmitted().size());
        assertEquals(0, dummy("c").drainTransmitted().size());
        assertEquals(0, dummy("a").drainTransmitted().size(), "no hairpin");
    }

    @Test
    void aBridgeOf1024PortsFloodsThroughTheDatapathAndThenSwitchesToOnePort() {
        try (SwitchRuntime big = new SwitchRuntime(clock, PmdConfig.defaults(), 8192)) {
            java.util.List<PortConfig> ports = new java.util.ArrayList<>();
            for (int i = 0; i < 1024; i++) {
                ports.add(access("q" + i, 10));
            }
            big.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0", ports))));
            Runnable run = () -> {
                for (int i = 0; i < 3; i++) {
                    clock.update(clock.nanoTime() + 1_000_000);
                    big.runOnce();
                }
            };
            run.run();
            ((DummyPort) big.port("q0")).inject(Frames.udp(0xffffffffffffL, 0x020000000001L, -1, 1, 2, 3, 4));
            run.run();
            for (int i = 1; i < 1024; i++) {
                assertEquals(1, ((DummyPort) big.port("q" + i)).drainTransmitted().size(), "q" + i);
            }
            ((DummyPort) big.port("q777")).inject(Frames.udp(0x020000000001L, 0x020000000777L, -1, 1, 2, 3, 4));
            run.run();
            assertEquals(1, ((DummyPort) big.port("q0")).drainTransmitted().size());
            for (int i = 1; i < 1024; i++) {
                assertEquals(0, ((DummyPort) big.port("q" + i)).drainTransmitted().size(), "q" + i);
            }
        }
    }

    @Test
    void anInvalidConfigurationChangesNothing() {
        SwitchConfig good = new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(access("a", 10)))));
        rt.reconfigure(good);
        SwitchConfig bad = new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(access("a", 5000)))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rt.reconfigure(bad));
        assertTrue(e.getMessage().contains("5000"), e.getMessage());
        assertEquals(good, rt.config());
        assertNotNull(rt.port("a"));
    }

    @Test
    void anAfxdpPortThatCannotOpenIsReportedAndTheRestWorks() {
        rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0",
                List.of(access("a", 10), access("b", 10), PortConfig.of("eth9", "afxdp"))))));
        assertTrue(rt.interfaceErrors().get("eth9").contains("no such interface"), rt.interfaceErrors().toString());
        assertNull(rt.port("eth9"));
        run(2);
        dummy("a").inject(Frames.udp(0xffffffffffffL, 0x020000000001L, -1, 1, 2, 3, 4));
        run(3);
        assertEquals(1, dummy("b").drainTransmitted().size());
    }

    @Test
    void aSystemPortOnAMissingInterfaceIsAnInterfaceErrorAndTheRestWorks() {
        rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0",
                List.of(access("a", 10), access("b", 10), PortConfig.of("jvnosuch0", "system"))))));
        assertTrue(rt.interfaceErrors().get("jvnosuch0").contains("no such interface"),
                rt.interfaceErrors().toString());
        assertNull(rt.port("jvnosuch0"));
        assertNotNull(rt.port("a"));
    }

    @Test
    void anInternalPortCanAskForTheInMemoryStandIn() {
        PortConfig local = new PortConfig("br0", null, null, Set.of(), List.of(
                io.jvswitch.control.model.InterfaceConfig.of("br0", "internal")
                        .withOptions(java.util.Map.of("stand_in", "true"))));
        rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(local, access("a", 10))))));
        assertEquals(java.util.Map.of(), rt.interfaceErrors());
        assertTrue(rt.port("br0") instanceof DummyPort);
    }

    @Test
    void aRemovedPortReceivesNothingWhileTrafficFlows() {
        rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0",
                List.of(access("a", 10), access("b", 10), access("c", 10))))));
        run(2);
        DummyPort a = dummy("a");
        DummyPort c = dummy("c");
        for (int i = 0; i < 50; i++) {
            a.inject(Frames.udp(0xffffffffffffL, 0x020000000001L, -1, 1, 2, 3, 4));
            run(1);
        }
        assertEquals(50, c.drainTransmitted().size());
        rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(access("a", 10), access("b", 10))))));
        for (int i = 0; i < 50; i++) {
            a.inject(Frames.udp(0xffffffffffffL, 0x020000000001L, -1, 1, 2, 3, 4));
            run(1);
        }
        assertEquals(0, c.drainTransmitted().size(), "removed port got traffic");
        assertEquals(100, dummy("b").drainTransmitted().size());
        assertNull(rt.port("c"));
    }

    @Test
    void reloadingAnInvalidFileKeepsTheRunningConfiguration(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sw.json");
        Files.writeString(f, """
                {"bridges": [{"name": "br0", "ports": [{"name": "a", "tag": 10}, {"name": "b", "tag": 10}]}]}
                """);
        rt.reconfigure(ConfigFile.load(f));
        SwitchConfig before = rt.config();
        Files.writeString(f, """
                {"bridges": [{"name": "br0", "ports": [{"name": "a", "tag": 10},
                                                      {"name": "b", "tag": 99999}]}]}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> rt.reconfigure(ConfigFile.load(f)));
        assertTrue(e.getMessage().contains(":2:"), e.getMessage());
        assertEquals(before, rt.config());
        run(2);
        dummy("a").inject(Frames.udp(0xffffffffffffL, 0x020000000001L, -1, 1, 2, 3, 4));
        run(3);
        assertEquals(1, dummy("b").drainTransmitted().size(), "old config still forwarding");
    }
}
