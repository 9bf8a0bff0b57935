package io.jvswitch.control.runtime;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.vport.SingleQueuePort;
import io.jvswitch.vport.afxdp.AfXdpPort;
import io.jvswitch.vport.netns.NetTopology;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MTU and jumbo frames across the running switch (issue 4): {@code mtu_request} sets the device MTU (read back
 * from {@code /sys/class/net}), in place when it changes; a 9000-byte-MTU ping ({@code ping -s 8972 -M do}: a
 * 9000-byte IPv4 packet, a 9014-byte frame, don't fragment) crosses AF_PACKET ports and TAP/internal ports
 * between two namespaces; a frame larger than the egress port's MTU is dropped and counted while small frames
 * still pass; values the datapath or the device cannot take give a clear error and leave the port working.
 * NORMAL bridges, the default (back-off) PMD idle strategy. Privileged: needs root.
 */
class MtuSystemTest {
    private NetTopology topo;
    private SwitchRuntime rt;

    @BeforeEach
    void setUp() {
        NetTopology.requireRootAndPing("MtuSystemTest");
        topo = new NetTopology();
    }

    @AfterEach
    void tearDown() {
        try {
            if (rt != null) {
                rt.close();
            }
        } finally {
            if (topo != null) {
                topo.close();
            }
        }
    }

    /** One bridge; each entry is {name, type, mtu_request or null}. */
    private static SwitchConfig config(String bridge, Object[]... ifaces) {
        List<PortConfig> ports = new ArrayList<>();
        for (Object[] i : ifaces) {
            InterfaceConfig ic = new InterfaceConfig((String) i[0], (String) i[1], Map.of(), (Integer) i[2], null);
            ports.add(new PortConfig((String) i[0], null, null, java.util.Set.of(), List.of(ic)));
        }
        return new SwitchConfig(List.of(BridgeConfig.of(bridge, ports)));
    }

    private static Object[] iface(String name, String type, Integer mtuRequest) {
        return new Object[] {name, type, mtuRequest};
    }

    private static int sysMtu(String ifname) throws IOException {
        return Integer.parseInt(Files.readString(Path.of("/sys/class/net", ifname, "mtu")).trim());
    }

    private static void nsMtu(String ns, String dev, int mtu) throws IOException {
        NetTopology.run("ip", "netns", "exec", ns, "ip", "link", "set", dev, "mtu", Integer.toString(mtu));
    }

    /** {@code ping -s size -M do} from {@code ns}: true when all {@code count} echoes come back. */
    private static boolean ping(String ns, String dst, int size, int count) throws IOException {
        return NetTopology.status("ip", "netns", "exec", ns, "ping", "-n", "-q", "-c", Integer.toString(count), "-i",
                "0.2", "-W", "2", "-s", Integer.toString(size), "-M", "do", dst) == 0;
    }

    private long oversize(String iface) {
        Port p = rt.port(iface);
        return p instanceof AfXdpPort x ? x.drops().get(DropReason.OVERSIZE_FRAME)
                : ((SingleQueuePort) p).drops().get(DropReason.OVERSIZE_FRAME);
    }

    private void start(SwitchConfig cfg) throws InterruptedException {
        rt = new SwitchRuntime();
        rt.reconfigure(cfg);
        assertEquals(Map.of(), rt.interfaceErrors());
        rt.start(new BackoffIdleStrategy());
        assertTrue(rt.awaitPmd(5, TimeUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"afpacket", "afxdp"})
    void jumboPingCrossesTwoPortsWhoseMtuRequestSetTheDevices(String type) throws Exception {
        String nsA = topo.netns("a");
        String nsB = topo.netns("b");
        String jvA = topo.name("jvA");
        String jvB = topo.name("jvB");
        String net = topo.subnet();
        topo.vethIntoNetns(jvA, "eth0", nsA, net + ".1/24");
        topo.vethIntoNetns(jvB, "eth0", nsB, net + ".2/24");
        nsMtu(nsA, "eth0", 9000);
        nsMtu(nsB, "eth0", 9000);
        assertEquals(1500, sysMtu(jvA), "the switch's veth ends start at 1500");

        start(config(topo.name("jbr"), iface(jvA, type, 9000), iface(jvB, type, 9000)));
        assertEquals(Map.of(), rt.interfaceErrors());
        assertEquals("afxdp".equals(type) ? "afxdp" : "system", rt.port(jvA).type(), "AF_PACKET ports say system");
        assertEquals(Map.of(), rt.mtuErrors());
        assertEquals(9000, sysMtu(jvA), "mtu_request applied to " + jvA);
        assertEquals(9000, sysMtu(jvB), "mtu_request applied to " + jvB);
        assertEquals(9000, rt.port(jvA).mtu());
        assertEquals(9000, rt.port(jvB).mtu());

        assertTrue(ping(nsA, net + ".2", 56, 2), "small ping across the switch");
        long before = rt.port(jvB).stats().txBytes();
        assertTrue(ping(nsA, net + ".2", 8972, 3), "ping -s 8972 -M do across two " + type + " ports at MTU 9000");
        assertTrue(rt.port(jvB).stats().txBytes() - before >= 3 * 9014L, "three 9014-byte frames sent");
        assertEquals(0, oversize(jvA) + oversize(jvB), "no frame dropped as oversize");
    }

    @Test
    void jumboPingCrossesAnInternalAndATapPortMovedIntoNamespaces() throws Exception {
        String nsA = topo.netns("a");
        String nsB = topo.netns("b");
        String inA = topo.name("jiA");
        String tapB = topo.name("jtB");
        String net = topo.subnet();

        start(config(topo.name("jbr"), iface(inA, "internal", 9000), iface(tapB, "tap", 9000)));
        assertEquals(Map.of(), rt.mtuErrors());
        assertEquals(9000, sysMtu(inA), "mtu_request applied to the internal port's TAP");
        assertEquals(9000, sysMtu(tapB), "mtu_request applied to the TAP");
        assertEquals(9000, rt.port(inA).mtu());

        // The TAP devices move into the namespaces; the switch keeps reading and writing their fds.
        for (String[] m : new String[][] {{inA, nsA, net + ".1/24"}, {tapB, nsB, net + ".2/24"}}) {
            NetTopology.run("ip", "link", "set", m[0], "netns", m[1]);
            NetTopology.run("ip", "netns", "exec", m[1], "sh", "-c",
                    "f=/proc/sys/net/ipv6/conf/" + m[0] + "/disable_ipv6; [ ! -e $f ] || echo 1 > $f");
            NetTopology.run("ip", "netns", "exec", m[1], "ip", "addr", "add", m[2], "dev", m[0]);
            NetTopology.run("ip", "netns", "exec", m[1], "ip", "link", "set", m[0], "up");
            String mtu = NetTopology.run("ip", "netns", "exec", m[1], "cat", "/sys/class/net/" + m[0] + "/mtu");
            assertEquals("9000", mtu.trim(), m[0] + " keeps MTU 9000 in " + m[1]);
        }

        assertTrue(ping(nsA, net + ".2", 56, 2), "small ping across the switch");
        long before = rt.port(tapB).stats().txBytes();
        assertTrue(ping(nsA, net + ".2", 8972, 3), "ping -s 8972 -M do across internal and tap ports at MTU 9000");
        assertTrue(rt.port(tapB).stats().txBytes() - before >= 3 * 9014L, "three 9014-byte frames written");
        // (tx_dropped may count a flooded frame written while a TAP was still down: EIO, not the MTU)
        assertEquals(0, oversize(inA) + oversize(tapB), "no frame dropped as oversize");
    }

    @Test
    void framesLargerThanTheEgressMtuAreDroppedAndCountedWhileSmallFramesPass() throws Exception {
        String nsA = topo.netns("a");
        String nsB = topo.netns("b");
        String jvA = topo.name("jvA");
        String jvB = topo.name("jvB");
        String net = topo.subnet();
        topo.vethIntoNetns(jvA, "eth0", nsA, net + ".1/24");
        topo.vethIntoNetns(jvB, "eth0", nsB, net + ".2/24");
        nsMtu(nsA, "eth0", 9000);

        start(config(topo.name("jbr"), iface(jvA, "afpacket", 9000), iface(jvB, "afpacket", 1500)));
        assertEquals(Map.of(), rt.mtuErrors());
        assertEquals(9000, sysMtu(jvA));
        assertEquals(1500, sysMtu(jvB));

        assertTrue(ping(nsA, net + ".2", 56, 2), "small ping across the switch");
        SingleQueuePort egress = (SingleQueuePort) rt.port(jvB);
        long txDropped = egress.stats().txDropped();
        long oversize = egress.drops().get(DropReason.OVERSIZE_FRAME);
        assertTrue(!ping(nsA, net + ".2", 8972, 3), "9014-byte frames must not leave a port with MTU 1500");
        assertTrue(egress.stats().txDropped() - txDropped >= 3, "tx_dropped of " + jvB + " counts the frames");
        assertTrue(egress.drops().get(DropReason.OVERSIZE_FRAME) - oversize >= 3, "counted as OVERSIZE_FRAME");
        assertTrue(ping(nsA, net + ".2", 1472, 2), "a full 1500-byte packet still passes");
        assertTrue(ping(nsA, net + ".2", 56, 2), "small frames still pass");
        assertEquals(0, oversize(jvA), "nothing dropped towards the 9000-byte side");
    }

    @Test
    void mtuRequestChangesInPlaceAndValuesThatCannotBeCarriedGiveClearErrors() throws Exception {
        String jvA = topo.name("jvA");
        String peer = topo.name("jvP");
        topo.vethPair(jvA, peer, 1500);
        String lower = topo.name("jvL");
        String lowerPeer = topo.name("jvM");
        topo.vethPair(lower, lowerPeer, 1500);
        String mv = topo.name("jmv");
        NetTopology.run("ip", "link", "add", "link", lower, "name", mv, "type", "macvlan"); // goes with the veth
        String br = topo.name("jbr");

        start(config(br, iface(jvA, "afpacket", 9000), iface(mv, "afpacket", null)));
        assertEquals(Map.of(), rt.mtuErrors());
        Port port = rt.port(jvA);
        assertEquals(9000, sysMtu(jvA));

        rt.reconfigure(config(br, iface(jvA, "afpacket", 4000), iface(mv, "afpacket", null)));
        assertSame(port, rt.port(jvA), "a changed mtu_request is applied in place, the port is not reopened");
        assertEquals(4000, sysMtu(jvA));
        assertEquals(4000, port.mtu());

        // More than the datapath's packet buffers hold: refused before the device is touched.
        int tooBig = rt.maxMtu() + 1;
        rt.reconfigure(config(br, iface(jvA, "afpacket", tooBig), iface(mv, "afpacket", 9000)));
        String err = rt.mtuErrors().get(jvA);
        assertNotNull(err, rt.mtuErrors().toString());
        assertTrue(err.contains("mtu_request " + tooBig + " is more than this datapath carries: " + rt.maxMtu())
                && err.contains("keeps MTU 4000"), err);
        assertEquals(4000, sysMtu(jvA));
        assertSame(port, rt.port(jvA), "the port stays");
        assertEquals(4000, port.mtu());

        // A macvlan cannot exceed its lower device's MTU (1500): the kernel refuses, the error says so.
        String mvErr = rt.mtuErrors().get(mv);
        assertNotNull(mvErr, rt.mtuErrors().toString());
        assertTrue(mvErr.contains("mtu_request 9000 not applied") && mvErr.contains("SIOCSIFMTU")
                && mvErr.contains("EINVAL") && mvErr.contains("refuses") && mvErr.contains("keeps MTU 1500"), mvErr);
        assertEquals(1500, sysMtu(mv));
        assertEquals(1500, rt.port(mv).mtu());
        assertEquals(Map.of(), rt.interfaceErrors(), "both ports stay open");

        // Back to a good value: the error goes away.
        rt.reconfigure(config(br, iface(jvA, "afpacket", 1500), iface(mv, "afpacket", null)));
        assertEquals(Map.of(), rt.mtuErrors());
        assertEquals(1500, sysMtu(jvA));
        assertNotEquals(null, rt.port(mv));
    }
}
