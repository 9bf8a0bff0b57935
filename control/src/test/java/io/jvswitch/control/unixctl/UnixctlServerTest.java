package io.jvswitch.control.unixctl;

import io.jvswitch.control.appctl.OvsAppctlTool;
import io.jvswitch.control.cli.JvswitchProcess;
import io.jvswitch.control.daemon.ControlCommands;
import io.jvswitch.control.daemon.RuntimeSwitchView;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.runtime.SwitchRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control socket against its real client, Open vSwitch 3.1's unmodified {@code ovs-appctl}, and against our
 * {@link UnixctlClient} and raw bytes: replies, OVS's error texts and exit status 2, several requests on one
 * connection without delimiters, the socket file removed on close. The switch behind it is a real runtime with
 * in-memory ports (no root needed).
 */
class UnixctlServerTest {
    @TempDir
    Path dir;
    private SwitchRuntime rt;
    private UnixctlServer server;
    private final AtomicBoolean exitCalled = new AtomicBoolean();

    @BeforeEach
    void setUp() throws Exception {
        rt = new SwitchRuntime();
        rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(PortConfig.of("p1", "dummy"),
                PortConfig.of("p2", "dummy"), PortConfig.of("nosuchif0x", "system"))))));
        server = UnixctlServer.start(dir.resolve("jvswitch.ctl"), "jvswitch test-version");
        ControlCommands.register(server, new RuntimeSwitchView(rt), () -> exitCalled.set(true));
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (rt != null) {
            rt.close();
        }
    }


    private JvswitchProcess.Result appctl(String... args) throws Exception {
        String[] cmd = new String[args.length + 3];
        cmd[0] = OvsAppctlTool.path();
        cmd[1] = "-t";
        cmd[2] = server.path().toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        return JvswitchProcess.exec(cmd);
    }

    @Test
    void ovsAppctlRunsEveryCommand() throws Exception {
        JvswitchProcess.Result r = appctl("version");
        assertEquals(new JvswitchProcess.Result(0, "jvswitch test-version\n"), r);

        r = appctl("list-commands");
        assertEquals(0, r.exit());
        StringBuilder list = new StringBuilder("The available commands are:\n");
        for (String[] c : new String[][] {{"exit", "[--cleanup]"}, {"fdb/show", "bridge"}, {"list-commands", ""},
            {"ports", ""}, {"stats", ""}, {"version", ""}}) {
            list.append(String.format("  %-23s %s%n", c[0], c[1]));
        }
        assertEquals(list.toString(), r.output());

        r = appctl("ports");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().startsWith("""
                port 1: p1 (dummy, mode memory, rxq 1, txq 1, mtu -, up)
                    RX packets:0 bytes:0 dropped:0
                    TX packets:0 bytes:0 dropped:0
                port 2: p2 (dummy, mode memory, rxq 1, txq 1, mtu -, up)
                """), r.output());
        assertTrue(r.output().contains("port -: nosuchif0x (system, error: nosuchif0x: no such interface"),
                r.output());

        r = appctl("stats");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("port 1 p1: rx_packets=0 rx_bytes=0 rx_dropped=0 tx_packets=0 tx_bytes=0 "
                + "tx_dropped=0\n"), r.output());
        assertTrue(r.output().matches("(?s).*pmd 0 core [0-9]+: rx_packets=0 emc_hits=0.*"), r.output());

        r = appctl("fdb/show", "br0");
        assertEquals(new JvswitchProcess.Result(0, " port  VLAN  MAC                Age\n"), r);
    }

    @Test
    void ovsAppctlGetsOvsErrorTextsAndExitsTwo() throws Exception {
        JvswitchProcess.Result r = appctl("no/such");
        assertEquals(2, r.exit());
        assertTrue(r.output().contains("\"no/such\" is not a valid command (use \"list-commands\" to see a list of "
                + "valid commands)\n"), r.output());
        assertTrue(r.output().contains("server returned an error"), r.output());

        r = appctl("fdb/show");
        assertEquals(2, r.exit());
        assertTrue(r.output().contains("\"fdb/show\" command requires at least 1 arguments"), r.output());

        r = appctl("version", "extra");
        assertEquals(2, r.exit());
        assertTrue(r.output().contains("\"version\" command takes at most 0 arguments"), r.output());

        r = appctl("fdb/show", "nobr");
        assertEquals(2, r.exit());
        assertTrue(r.output().startsWith("no such bridge\n"), r.output());
    }

    @Test
    void exitRepliesThenStops() throws Exception {
        assertEquals(new JvswitchProcess.Result(0, ""), appctl("exit"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!exitCalled.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(exitCalled.get(), "exit ran the daemon's exit action");
    }

    @Test
    void ourClientAndRawFramingOnOneConnection() throws Exception {
        try (UnixctlClient c = UnixctlClient.connect(server.path())) {
            assertEquals("jvswitch test-version\n", c.transact("version"));
            assertTrue(c.transact("ports").contains("port 2: p2"));
            UnixctlException e = assertThrows(UnixctlException.class, () -> c.transact("fdb/show", "nobr"));
            assertEquals("no such bridge\n", e.getMessage());
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(server.path()));
            OutputStream out = Channels.newOutputStream(ch);
            // Two requests back to back, no separator; a string id and a non-string argument.
            out.write(("{\"method\":\"version\",\"params\":[],\"id\":\"a\"}"
                    + "{\"method\":\"fdb/show\",\"params\":[7],\"id\":[1,2]}").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = Channels.newInputStream(ch);
            String expect = "{\"id\":\"a\",\"result\":\"jvswitch test-version\\n\",\"error\":null}"
                    + "{\"id\":[1,2],\"result\":null,\"error\":\"\\\"fdb/show\\\" command has non-string "
                    + "argument\\n\"}";
            byte[] got = in.readNBytes(expect.getBytes(StandardCharsets.UTF_8).length);
            assertEquals(expect, new String(got, StandardCharsets.UTF_8));
        }
    }

    @Test
    void closeRemovesTheSocketAndClientsSayNoDaemon() throws Exception {
        Path p = server.path();
        assertTrue(Files.exists(p));
        server.close();
        assertFalse(Files.exists(p), "socket file removed");
        UnixctlClient.NoDaemonException e = assertThrows(UnixctlClient.NoDaemonException.class,
                () -> UnixctlClient.connect(p));
        assertTrue(e.getMessage().contains("no jvswitch daemon is running"), e.getMessage());
        Files.createFile(p);
        e = assertThrows(UnixctlClient.NoDaemonException.class, () -> UnixctlClient.connect(p));
        assertTrue(e.getMessage().contains("stale socket"), e.getMessage());
    }
}
