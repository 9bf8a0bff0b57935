package io.jvswitch.control.vswitchd;

import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.vport.netns.NetTopology;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The {@code Interface.status} map {@link StatusCollector} gives per interface type, as ovs-vswitchd's netdev
 * providers do; the veth case on a real device (root, {@link NetTopology}; the pair is removed afterwards).
 */
class StatusCollectorTest {
    @Test
    void internalOnASystemBridgeIsTheKernelDatapathsPortAndDeviceLessTypesHaveNoStatus() {
        assertEquals(Map.of("driver_name", "openvswitch"),
                StatusCollector.status(InterfaceConfig.of("br0", "internal"), null, false));
        assertEquals(Map.of(), StatusCollector.status(InterfaceConfig.of("d1", "dummy"), null, true));
        assertEquals(Map.of(), StatusCollector.status(InterfaceConfig.of("pp", "patch"), null, true));
        assertEquals(Map.of(), StatusCollector.status(InterfaceConfig.of("nosuchdev0", "system"), null, true),
                "no device: no status (OVS writes none when ETHTOOL_GDRVINFO fails)");
    }

    @Test
    void xdpModeInUseUsesOvsNames() {
        assertEquals("generic", StatusCollector.xdpModeInUse("generic", false));
        assertEquals("native", StatusCollector.xdpModeInUse("native", false));
        assertEquals("native-with-zerocopy", StatusCollector.xdpModeInUse("native", true));
    }

    @Test
    void aVethGetsItsDriverInfoAndItsPeersIfindex() throws Exception {
        NetTopology.requireRoot("StatusCollectorTest veth");
        try (NetTopology t = new NetTopology()) {
            String a = t.name("stA");
            String b = t.name("stB");
            t.vethPair(a, b, 1500);
            assertNull(DriverInfo.of("nosuchdev0"));
            DriverInfo d = DriverInfo.of(a);
            assertEquals(new DriverInfo("veth", ethtool(a, "version"), ethtool(a, "firmware-version")), d);
            String peer = Files.readString(Path.of("/sys/class/net", b, "ifindex")).strip();
            assertEquals(Map.of("driver_name", "veth", "driver_version", d.version(), "firmware_version",
                    d.firmwareVersion(), "peer_ifindex", peer),
                    StatusCollector.status(InterfaceConfig.of(a, "system"), null, true));
        }
    }

    /** A field of {@code ethtool -i DEV} ("" when empty). */
    private static String ethtool(String dev, String key) throws Exception {
        for (String line : NetTopology.run("ethtool", "-i", dev).split("\n")) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        throw new AssertionError("ethtool -i " + dev + " has no " + key);
    }
}
