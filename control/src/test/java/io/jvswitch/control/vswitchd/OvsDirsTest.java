package io.jvswitch.control.vswitchd;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** OVS's directory variables and defaults, as ovs-lib and the OVS tools read them. */
class OvsDirsTest {
    @Test
    void defaultsAreDebiansOpenVswitchDirectories() {
        OvsDirs d = OvsDirs.of(Map.of());
        assertEquals(Path.of("/var/run/openvswitch/ovs-vswitchd.pid"), d.defaultPidfile());
        assertEquals(Path.of("/var/log/openvswitch/ovs-vswitchd.log"), d.defaultLogFile());
        assertEquals("unix:/var/run/openvswitch/db.sock", d.defaultRemote());
        assertEquals(Path.of("/etc/openvswitch"), d.dbdir());
        assertEquals(Path.of("/var/run/openvswitch/ovs-vswitchd.42.ctl"), d.controlSocket(42));
    }

    @Test
    void theEnvironmentOverridesThem() {
        OvsDirs d = OvsDirs.of(Map.of("OVS_RUNDIR", "/tmp/r", "OVS_LOGDIR", "/tmp/l", "OVS_SYSCONFDIR", "/tmp/s"));
        assertEquals(Path.of("/tmp/r/ovs-vswitchd.7.ctl"), d.controlSocket(7));
        assertEquals(Path.of("/tmp/l/ovs-vswitchd.log"), d.defaultLogFile());
        assertEquals(Path.of("/tmp/s/openvswitch"), d.dbdir());
        assertEquals(Path.of("/tmp/d"), OvsDirs.of(Map.of("OVS_DBDIR", "/tmp/d", "OVS_SYSCONFDIR", "/x")).dbdir());
    }
}
