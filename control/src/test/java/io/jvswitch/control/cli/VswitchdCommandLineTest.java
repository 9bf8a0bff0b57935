package io.jvswitch.control.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jvswitch vswitchd} takes ovs-vswitchd's command line exactly as ovs-ctl writes it. */
class VswitchdCommandLineTest {
    @Test
    void parsesTheCommandLineOvsCtlBuilds() {
        VswitchdCommand c = new VswitchdCommand();
        new CommandLine(c).parseArgs("unix:/var/run/openvswitch/db.sock", "-vconsole:emer", "-vsyslog:err",
                "-vfile:info", "--mlockall", "--no-chdir", "--log-file=/var/log/openvswitch/ovs-vswitchd.log",
                "--pidfile=/var/run/openvswitch/ovs-vswitchd.pid", "--detach", "--monitor");
        assertEquals("unix:/var/run/openvswitch/db.sock", c.database);
        assertEquals(List.of("console:emer", "syslog:err", "file:info"), c.verbose);
        assertEquals("/var/log/openvswitch/ovs-vswitchd.log", c.logFile);
        assertEquals("/var/run/openvswitch/ovs-vswitchd.pid", c.pidfile);
        assertTrue(c.detach);
        assertTrue(c.monitor);
    }

    @Test
    void optionsWithoutValuesTakeOvsDefaults() {
        VswitchdCommand c = new VswitchdCommand();
        new CommandLine(c).parseArgs("--pidfile", "--log-file", "-v");
        assertEquals("", c.pidfile, "--pidfile alone: the default pidfile");
        assertEquals("", c.logFile);
        assertEquals(List.of("dbg"), c.verbose, "-v alone: everything at dbg");
    }

    @Test
    void versionIsOvsVswitchdsFirstLineForOvsCtl() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new VswitchdCommand());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--version"));
        assertEquals("ovs-vswitchd (Open vSwitch) 3.1.0", out.toString().lines().findFirst().orElseThrow());
    }

    @Test
    void anUnknownOptionOrABadRemoteIsAClearError() {
        assertNotEquals(0, Main.run("vswitchd", "--no-such-option"));
        assertEquals(2, Main.run("vswitchd", "ssl:1.2.3.4:6640"));
    }
}
