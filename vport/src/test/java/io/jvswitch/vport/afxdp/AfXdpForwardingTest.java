package io.jvswitch.vport.afxdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.vport.netns.NetTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two AF_XDP ports on veths into two network namespaces, forwarding through a real PMD thread (root needed):
 * ping both ways, an iperf3 TCP transfer, and a 9000-byte-MTU ping with "don't fragment" (multi-buffer).
 *
 * <p>The namespace ends have checksum offload, TSO, GSO and GRO off: with them on, the kernel hands a veth
 * 64 KiB TCP super-frames whose checksum is left for "the hardware" to fill (CHECKSUM_PARTIAL). A userspace
 * switch gets raw frames through AF_XDP, with no skb metadata to finish the checksum or segment them, so such
 * frames would arrive oversize or with bad checksums. Physical NICs segment and checksum in hardware; veth does
 * not, so on veth the sender must do it in software. (OVS's AF_XDP ports have the same requirement.)
 */
class AfXdpForwardingTest {
    private final NetTopology topo = new NetTopology();
    private TwoPortSwitch sw;

    @AfterEach
    void cleanUp() {
        try {
            if (sw != null) {
                sw.close();
            }
        } finally {
            topo.close();
        }
    }

    @Test
    void pingIperf3AndJumboPingCrossTwoAfXdpPorts() throws Exception {
        NetTopology.requireRootAndPing("AF_XDP forwarding between namespaces");
        String nsA = topo.netns("xfa");
        String nsB = topo.netns("xfb");
        String xa = topo.name("jxfa");
        String xb = topo.name("jxfb");
        String na = topo.name("jxna");
        String nb = topo.name("jxnb");
        String net = topo.subnet();
        topo.vethIntoNetns(xa, na, nsA, net + ".1/24");
        topo.vethIntoNetns(xb, nb, nsB, net + ".2/24");
        for (String[] end : new String[][] {{null, xa}, {null, xb}, {nsA, na}, {nsB, nb}}) {
            mtu(end[0], end[1], 9000);
        }
        offloadsOff(nsA, na);
        offloadsOff(nsB, nb);

        AfXdpPort pa = AfXdpPort.open(1, xa);
        AfXdpPort pb;
        try {
            pb = AfXdpPort.open(2, xb);
        } catch (IOException | RuntimeException e) {
            pa.close();
            throw e;
        }
        sw = new TwoPortSwitch(pa, pb, new FramePool(4096, 10240, 128), new BackoffIdleStrategy());
        assertEquals("native", pa.mode());
        assertTrue(pa.multiBuffer() && pb.multiBuffer(), pa.describe());

        assertTrue(NetTopology.ping(nsA, net + ".2", 3), "ping A -> B across the switch");
        assertTrue(NetTopology.ping(nsB, net + ".1", 3), "ping B -> A across the switch");
        assertTrue(pa.stats().rxPackets() >= 6 && pb.stats().txPackets() >= 6, "counted on both ports");

        int status = NetTopology.status("ip", "netns", "exec", nsA, "ping", "-n", "-q", "-c", "3", "-i", "0.2",
                "-W", "2", "-s", "8972", "-M", "do", net + ".2");
        assertEquals(0, status, "ping -s 8972 -M do (9000-byte IP packets) across the switch");
        assertEquals(0, pa.drops().get(io.jvswitch.dataplane.DropReason.OVERSIZE_FRAME));

        int port = 20000 + ThreadLocalRandom.current().nextInt(20000);
        Path log = Files.createTempFile("jvs-iperf3-", ".txt");
        Process server = NetTopology.start(List.of("ip", "netns", "exec", nsB, "iperf3", "-s", "-1", "-p",
                Integer.toString(port)));
        try {
            Thread.sleep(500);
            String out = NetTopology.run("ip", "netns", "exec", nsA, "iperf3", "-c", net + ".2", "-p",
                    Integer.toString(port), "-t", "2", "-f", "m", "--connect-timeout", "3000");
            Files.writeString(log, out);
            assertTrue(out.contains("receiver"), out);
            System.out.println("iperf3 across the AF_XDP switch:\n" + out);
            assertTrue(server.waitFor(10, TimeUnit.SECONDS), "iperf3 server finished");
            assertEquals(0, server.exitValue());
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(log);
        }
        assertFalse(pa.stats().rxPackets() < 1000, "the TCP transfer crossed port 1");
    }

    private static void mtu(String ns, String ifname, int mtu) throws IOException {
        if (ns == null) {
            NetTopology.run("ip", "link", "set", "dev", ifname, "mtu", Integer.toString(mtu));
        } else {
            NetTopology.run("ip", "netns", "exec", ns, "ip", "link", "set", "dev", ifname, "mtu",
                    Integer.toString(mtu));
        }
    }

    private static void offloadsOff(String ns, String ifname) throws IOException {
        NetTopology.run("ip", "netns", "exec", ns, "ethtool", "-K", ifname, "tx", "off", "tso", "off", "gso", "off",
                "gro", "off");
    }
}
