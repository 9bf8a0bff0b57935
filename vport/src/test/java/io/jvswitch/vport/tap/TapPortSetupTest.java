package io.jvswitch.vport.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Opening, options, naming, attaching and the error messages of {@link TapPort}. */
class TapPortSetupTest {
    @Test
    void badNamesAreRefusedWithAReason() {
        String tooLong = "jvtabcdefghijklm";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TapPort.open(1, tooLong, TapPortSettings.defaults()));
        assertTrue(e.getMessage().contains("at most 15"), e.getMessage());
        for (String bad : new String[] {"", "a/b", "a b", "a:b", "..", "a%d%d", "a%s"}) {
            assertThrows(IllegalArgumentException.class, () -> TapPort.open(1, bad, TapPortSettings.defaults()),
                    "name '" + bad + "'");
        }
    }

    @Test
    void settingsValidateMacAndMtu() {
        assertEquals(0x0200_0000_00aaL, TapPortSettings.parseMac("02:00:00:00:00:aa"));
        assertEquals("02:00:00:00:00:aa", TapPortSettings.formatMac(0x0200_0000_00aaL));
        assertThrows(IllegalArgumentException.class, () -> TapPortSettings.defaults().withMac("01:00:00:00:00:01"));
        assertThrows(IllegalArgumentException.class, () -> TapPortSettings.defaults().withMac("02:00:00:00:00"));
        assertThrows(IllegalArgumentException.class, () -> TapPortSettings.defaults().withMtu(67));
        assertThrows(IllegalArgumentException.class, () -> TapPortSettings.defaults().withMtu(65536));
    }

    @Test
    void errnoMessagesSayWhatToDo() {
        assertTrue(TapDevice.describeSetIffError("t0", Errno.EPERM).contains("EPERM"));
        assertTrue(TapDevice.describeSetIffError("t0", Errno.EPERM).contains("run as root"));
        assertTrue(TapDevice.describeSetIffError("t0", Errno.EBUSY).contains("already attached"));
        assertTrue(TapDevice.describeSetIffError("t0", Errno.EINVAL).contains("not a single-queue TAP"));
        assertTrue(TapDevice.describeOpenError(Errno.ENOENT).contains("modprobe tun"));
        assertTrue(TapDevice.describeOpenError(Errno.EACCES).contains("run as root"));
    }

    @Test
    void createsWithMacMtuAndUpThenDisappearsOnClose() throws IOException {
        NetnsSupport.requireRoot("creating a TAP port");
        String name = NetnsSupport.uniqueName("jvt");
        TapPortSettings s = TapPortSettings.defaults().withMac("02:4a:56:00:00:01").withMtu(9000).withUp(true);
        try (TapPort port = TapPort.open(7, name, s)) {
            assertEquals(name, port.name());
            assertEquals("tap", port.type());
            assertEquals(7, port.portNo());
            assertEquals(1, port.rxQueueCount());
            assertEquals(1, port.txQueueCount());
            assertEquals(9000, port.mtu());
            assertEquals(9018, port.maxTxFrameLength());
            assertEquals(0x024a_5600_0001L, port.mac());
            assertTrue(LibC.ifNameToIndex(name) > 0);
            String link = NetnsSupport.ok("ip", "-o", "link", "show", "dev", name);
            assertTrue(link.contains("mtu 9000"), link);
            assertTrue(link.contains("02:4a:56:00:00:01"), link);
            assertTrue(link.contains("<") && link.substring(0, link.indexOf('>')).contains("UP"), link);
            port.setMtu(1500);
            assertEquals(1500, port.mtu());
            assertTrue(NetnsSupport.ok("ip", "-o", "link", "show", "dev", name).contains("mtu 1500"));
            port.setUp(false);
            port.close();
            assertFalse(NetnsSupport.linkExists(name), "a non-persistent TAP disappears with its fd");
            port.close(); // idempotent
        } finally {
            NetnsSupport.deleteLink(name);
        }
    }

    @Test
    void nameTemplateReportsTheKernelsChoiceAndInternalFlavour() throws IOException {
        NetnsSupport.requireRoot("creating a TAP port");
        String created = null;
        try (TapPort port = TapPort.openInternal(3, "jvt%d", TapPortSettings.defaults())) {
            created = port.name();
            assertTrue(created.matches("jvt[0-9]+"), created);
            assertEquals("internal", port.type());
            assertTrue(NetnsSupport.linkExists(created));
        } finally {
            NetnsSupport.deleteLink(created);
        }
    }

    @Test
    void attachesToAPersistentTapAndLeavesItBehind() throws IOException {
        NetnsSupport.requireRoot("attaching to a persistent TAP");
        String name = NetnsSupport.uniqueName("jvp");
        try {
            NetnsSupport.ok("ip", "tuntap", "add", "dev", name, "mode", "tap");
            try (TapPort port = TapPort.open(1, name, TapPortSettings.defaults().withUp(true))) {
                assertEquals(name, port.name());
                IOException busy = assertThrows(IOException.class,
                        () -> TapPort.open(2, name, TapPortSettings.defaults()));
                assertTrue(busy.getMessage().contains("EBUSY") && busy.getMessage().contains(name),
                        busy.getMessage());
            }
            assertTrue(NetnsSupport.linkExists(name), "a persistent TAP outlives the port");
        } finally {
            NetnsSupport.deleteLink(name);
        }
    }

    @Test
    void anExistingNonTapInterfaceIsAClearError() {
        NetnsSupport.requireRoot("opening a TAP port");
        IOException e = assertThrows(IOException.class, () -> TapPort.open(1, "lo", TapPortSettings.defaults()));
        assertTrue(e.getMessage().contains("EINVAL") && e.getMessage().contains("not a single-queue TAP"),
                e.getMessage());
    }
}
