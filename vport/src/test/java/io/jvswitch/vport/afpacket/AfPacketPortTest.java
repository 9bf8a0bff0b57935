package io.jvswitch.vport.afpacket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.MaskedTxQueue;
import io.jvswitch.vport.netns.NetTopology;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real traffic through an {@link AfPacketPort} on veth pairs made by the test (root needed; see
 * {@link NetTopology#requireRoot}): frames from a namespace arrive byte for byte, VLAN tags included; frames we
 * send arrive in the namespace byte for byte; a namespace's IP stack resolves us by ARP and sends us UDP;
 * jumbo frames cross a 9000-byte MTU; oversize frames are counted and dropped both ways.
 */
class AfPacketPortTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long WAIT_NANOS = 5_000_000_000L;

    private final NetTopology topo = new NetTopology();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        try {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        } finally {
            topo.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    @Test
    void framesFromANamespaceArriveByteForByteWithTheirVlanTags() throws Exception {
        NetTopology.requireRoot("AF_PACKET rx from a namespace");
        String ns = topo.netns("afp");
        String root = topo.name("jafr");
        String peer = topo.name("jafn");
        topo.vethIntoNetns(root, peer, ns, null);
        String src = topo.mac(ns, peer);
        AfPacketPort port = keep(AfPacketPort.open(7, root));
        assertEquals("system", port.type());

        byte[] plain = frame("02aabbccdd01", src, null, 0x88b5, 60, 1);
        byte[] dot1q = frame("02aabbccdd01", src, "8100a02a", 0x88b5, 80, 2); // PCP 5, VID 42
        byte[] dot1ad = frame("ffffffffffff", src, "88a80064", 0x0800, 70, 3); // S-tag VID 100
        byte[] prio = frame("02aabbccdd02", src, "81006000", 0x88b5, 64, 4); // priority tag, VID 0
        String out = NetTopology.run(topo.rawsock(ns, "send", peer, HEX.formatHex(plain), HEX.formatHex(dot1q),
                HEX.formatHex(dot1ad), HEX.formatHex(prio)).toArray(String[]::new));
        assertTrue(out.contains("sent 4"), out);

        try (FramePool pool = new FramePool(64)) {
            List<byte[]> got = receiveFrom(port, pool, src, 4);
            assertEquals(4, got.size(), "frames received from " + src);
            assertArrayEquals(plain, got.get(0));
            assertArrayEquals(dot1q, got.get(1), "802.1Q tag re-inserted");
            assertArrayEquals(dot1ad, got.get(2), "802.1ad tag re-inserted with its TPID");
            assertArrayEquals(prio, got.get(3), "priority tag (VID 0) kept");
            assertEquals(64, pool.available());
        }
        assertTrue(port.stats().rxPackets() >= 4);
    }

    @Test
    void framesWeTransmitArriveInTheNamespaceByteForByteWithTheirVlanTags() throws Exception {
        NetTopology.requireRoot("AF_PACKET tx into a namespace");
        TxLink link = txLink();
        AfPacketPort port = link.port();
        String src = link.src();
        List<byte[]> frames = List.of(
                frame("ffffffffffff", src, null, 0x88b5, 60, 10),
                frame("02aabbccdd01", src, "81000064", 0x88b5, 100, 11),
                frame("02aabbccdd01", src, "88a80fff", 0x88b5, 1500, 12),
                frame("02aabbccdd01", src, "8100e001", 0x88b5, 1518, 13)); // tagged, MTU-sized payload
        Process capture = NetTopology.start(topo.rawsock(link.ns(), "recv", link.peer(), src, "4", "5"));
        try (FramePool pool = new FramePool(64); BufferedReader r = NetTopology.lines(capture)) {
            assertEquals("ready", r.readLine());
            PacketBatch batch = batchOf(pool, frames);
            assertEquals(4, port.txQueue(0).transmit(batch));
            assertEquals(0, batch.count);
            assertEquals(64, pool.available());
            List<String> lines = untilDone(r);
            assertEquals(4, lines.size(), "frames seen in the namespace: " + lines);
            for (int i = 0; i < 4; i++) {
                assertEquals(HEX.formatHex(frames.get(i)), lines.get(i), "frame " + i);
            }
        } finally {
            capture.destroyForcibly().waitFor();
        }
        assertEquals(4, port.stats().txPackets());
        assertEquals(0, port.stats().txDropped());
    }

    /**
     * A bond member's share of a received batch ({@link MaskedTxQueue}): only the slots of the bitmask cross, in
     * slot order, only their frames go back to the pool, and the batch keeps its other slots for the caller.
     */
    @Test
    void aBitmaskOfABatchCrossesInPlaceInOrderAndOnlyItsFramesAreFreed() throws Exception {
        NetTopology.requireRoot("AF_PACKET tx of a bitmask into a namespace");
        TxLink link = txLink();
        AfPacketPort port = link.port();
        String src = link.src();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            frames.add(frame("02aabbccdd01", src, null, 0x88b5, 100 + i, 20 + i));
        }
        Process capture = NetTopology.start(topo.rawsock(link.ns(), "recv", link.peer(), src, "4", "2"));
        try (FramePool pool = new FramePool(64); BufferedReader r = NetTopology.lines(capture)) {
            assertEquals("ready", r.readLine());
            PacketBatch batch = batchOf(pool, frames);
            assertEquals(2, ((MaskedTxQueue) port.txQueue(0)).transmit(batch, 0b1010));
            assertEquals(4, batch.count, "the batch is left as it was");
            assertEquals(62, pool.available(), "the two sent frames are freed, the others kept");
            List<String> lines = untilDone(r);
            assertEquals(List.of(HEX.formatHex(frames.get(1)), HEX.formatHex(frames.get(3))), lines,
                    "frames seen in the namespace");
            pool.free(batch.frame[0]);
            pool.free(batch.frame[2]);
            batch.clearSlots();
            assertEquals(64, pool.available(), "every frame back in the pool");
        } finally {
            capture.destroyForcibly().waitFor();
        }
        assertEquals(2, port.stats().txPackets());
        assertEquals(0, port.stats().txDropped());
    }

    @Test
    void aNamespaceResolvesUsByArpAndSendsUsUdp() throws Exception {
        NetTopology.requireRoot("ARP and UDP from a namespace's IP stack");
        String ns = topo.netns("afp");
        String root = topo.name("jafr");
        String peer = topo.name("jafn");
        int net = 1 + (Integer.parseInt(topo.suffix(), 16) % 250);
        String theirIp = "198.18." + net + ".1";
        String ourIp = "198.18." + net + ".2";
        topo.vethIntoNetns(root, peer, ns, theirIp + "/24");
        String ourMac = "02aabbcc0" + topo.suffix().substring(2);
        AfPacketPort port = keep(AfPacketPort.open(4, root));
        String py = "import socket,time\n"
                + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                + "for i in range(100):\n"
                + "  try: s.sendto(b'jvswitch-afpacket',('" + ourIp + "',9))\n"
                + "  except OSError: pass\n"
                + "  time.sleep(0.05)\n";
        Process sender = NetTopology.start(List.of("ip", "netns", "exec", ns, NetTopology.python(), "-c", py));
        boolean answered = false;
        boolean udp = false;
        try (FramePool pool = new FramePool(64)) {
            PacketBatch batch = new PacketBatch(pool);
            PacketBatch reply = new PacketBatch(pool);
            MemorySegment seg = pool.segment();
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (!udp && System.nanoTime() < deadline) {
                port.rxQueue(0).receive(batch);
                for (int i = 0; i < batch.count; i++) {
                    byte[] f = bytes(seg, batch, i);
                    ByteBuffer b = ByteBuffer.wrap(f);
                    if (b.getShort(12) == 0x0806 && b.getShort(20) == 1 && ip(f, 38).equals(ourIp)) {
                        add(reply, arpReply(f, ourMac));
                        assertEquals(1, port.txQueue(0).transmit(reply));
                        answered = true;
                    } else if (b.getShort(12) == 0x0800 && HEX.formatHex(f, 0, 6).equals(ourMac) && f[23] == 17
                            && new String(f, 42, f.length - 42).equals("jvswitch-afpacket")) {
                        udp = true;
                    }
                }
                batch.freeAll();
            }
            assertEquals(64, pool.available());
        } finally {
            sender.destroyForcibly().waitFor();
        }
        assertTrue(answered, "no ARP request for " + ourIp + " arrived");
        assertTrue(udp, "the namespace never sent UDP to our MAC after our ARP reply");
        String neigh = NetTopology.run("ip", "netns", "exec", ns, "ip", "neigh", "show", ourIp);
        assertTrue(neigh.replace(":", "").contains(ourMac), neigh);
    }

    @Test
    void jumboFramesCrossA9000ByteMtuAndOversizeFramesAreDroppedBothWays() throws Exception {
        NetTopology.requireRoot("jumbo frames over veth");
        String a = topo.name("jafa");
        String b = topo.name("jafb");
        topo.vethPair(a, b, 9000);
        AfPacketPort pa = keep(AfPacketPort.open(1, a));
        AfPacketPort pb = keep(AfPacketPort.open(2, b));
        assertEquals(9000, pa.mtu());
        String src = "02aabbcc1" + topo.suffix().substring(2);
        byte[] jumbo = frame("02aabbccdd01", src, null, 0x88b5, 9014, 20);
        byte[] jumboTagged = frame("02aabbccdd01", src, "81000123", 0x88b5, 9018, 21);
        byte[] tooBig = frame("02aabbccdd01", src, null, 0x88b5, 9015, 22);
        byte[] tooBigTagged = frame("02aabbccdd01", src, "81000123", 0x88b5, 9019, 23);
        try (FramePool pool = new FramePool(16, 16384, FramePool.DEFAULT_HEADROOM);
             FramePool small = new FramePool(16)) {
            PacketBatch batch = new PacketBatch(pool);
            add(batch, jumbo);
            add(batch, tooBig);
            add(batch, jumboTagged);
            add(batch, tooBigTagged);
            assertEquals(2, pa.txQueue(0).transmit(batch));
            assertEquals(2, pa.stats().txDropped());
            assertEquals(2, pa.drops().get(DropReason.OVERSIZE_FRAME));
            assertEquals(16, pool.available());

            List<byte[]> got = receiveFrom(pb, pool, src, 2);
            assertEquals(2, got.size());
            assertArrayEquals(jumbo, got.get(0));
            assertArrayEquals(jumboTagged, got.get(1));
            assertTrue(receiveFrom(pa, pool, src, 1, 200_000_000L).isEmpty(), "a port sees its own tx frames");

            add(batch, jumbo);
            assertEquals(1, pa.txQueue(0).transmit(batch));
            PacketBatch smallBatch = new PacketBatch(small);
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (pb.drops().get(DropReason.OVERSIZE_FRAME) == 0 && System.nanoTime() < deadline) {
                pb.rxQueue(0).receive(smallBatch);
                smallBatch.freeAll();
            }
            assertEquals(1, pb.drops().get(DropReason.OVERSIZE_FRAME), "a 9014-byte frame into a 1920-byte frame");
            assertEquals(1, pb.stats().rxDropped());
            assertEquals(16, pool.available());
            assertEquals(16, small.available());
        }
    }

    @Test
    void aMissingInterfaceFailsAtOpenNamingIt() {
        String name = "jvsnope" + Long.toHexString(System.nanoTime() & 0xffffff);
        IOException e = assertThrows(IOException.class, () -> AfPacketPort.open(1, name));
        assertTrue(e.getMessage().contains("no such interface '" + name + "'"), e.getMessage());
    }

    @Test
    void anUnprivilegedSocketFailureSaysRootIsNeeded() {
        String msg = AfPacketPort.socketError("eth9", io.jvswitch.ffi.Errno.EPERM);
        assertTrue(msg.contains("eth9") && msg.contains("EPERM") && msg.contains("CAP_NET_RAW (run as root)"), msg);
        assertFalse(AfPacketPort.socketError("eth9", io.jvswitch.ffi.Errno.EMFILE).contains("root"));
    }

    @Test
    void closeUnmapsTheRingsAndClosesTheSocket() throws Exception {
        NetTopology.requireRoot("AF_PACKET open/close");
        String a = topo.name("jafa");
        topo.vethPair(a, topo.name("jafb"), 1500);
        java.util.Set<String> before = socketMappings();
        AfPacketPort p = AfPacketPort.open(1, a);
        java.util.Set<String> mine = socketMappings();
        mine.removeAll(before);
        assertEquals(1, mine.size(), "one mapping for both rings: " + mine);
        String socket = mine.iterator().next();
        assertTrue(openFdTargets().contains(socket), "the ring's socket is an open fd");
        p.close();
        p.close();
        assertFalse(socketMappings().contains(socket), "ring still mapped");
        assertFalse(openFdTargets().contains(socket), "socket still open");
    }

    /** The "socket:[inode]" names mapped into this process. */
    private static java.util.Set<String> socketMappings() throws IOException {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
            int k = l.indexOf("socket:[");
            if (k >= 0) {
                out.add(l.substring(k).trim());
            }
        }
        return out;
    }

    private static java.util.Set<String> openFdTargets() throws IOException {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            for (java.nio.file.Path fd : (Iterable<java.nio.file.Path>) s::iterator) {
                try {
                    out.add(java.nio.file.Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return out;
    }

    static List<byte[]> receiveFrom(AfPacketPort port, FramePool pool, String srcMac, int count) {
        return receiveFrom(port, pool, srcMac, count, WAIT_NANOS);
    }

    /** Receives until {@code count} frames from {@code srcMac} arrived or the time is up; frees every frame. */
    static List<byte[]> receiveFrom(AfPacketPort port, FramePool pool, String srcMac, int count, long nanos) {
        List<byte[]> got = new ArrayList<>();
        PacketBatch batch = new PacketBatch(pool);
        long deadline = System.nanoTime() + nanos;
        while (got.size() < count && System.nanoTime() < deadline) {
            port.rxQueue(0).receive(batch);
            for (int i = 0; i < batch.count; i++) {
                byte[] f = bytes(pool.segment(), batch, i);
                if (HEX.formatHex(f, 6, 12).equals(srcMac)) {
                    got.add(f);
                }
            }
            batch.freeAll();
        }
        return got;
    }

    static byte[] bytes(MemorySegment seg, PacketBatch batch, int i) {
        byte[] f = new byte[batch.length[i]];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, batch.dataAddress(i), f, 0, f.length);
        return f;
    }

    /** A port on the root end of a fresh veth whose peer is in a namespace, and a source MAC unique to this run. */
    private record TxLink(String ns, String peer, AfPacketPort port, String src) {
    }

    private TxLink txLink() throws Exception {
        String ns = topo.netns("afp");
        String root = topo.name("jafr");
        String peer = topo.name("jafn");
        topo.vethIntoNetns(root, peer, ns, null);
        return new TxLink(ns, peer, keep(AfPacketPort.open(3, root)), "02aabbcc0" + topo.suffix().substring(2));
    }

    /** The hex frames rawsock.py printed before its closing "done" line. */
    private static List<String> untilDone(BufferedReader r) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = r.readLine(); line != null && !line.startsWith("done"); line = r.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    /** A batch of {@code frames}, each copied into a frame of {@code pool}, in order. */
    static PacketBatch batchOf(FramePool pool, List<byte[]> frames) {
        PacketBatch batch = new PacketBatch(pool);
        for (byte[] f : frames) {
            add(batch, f);
        }
        return batch;
    }

    static void add(PacketBatch batch, byte[] frame) {
        FramePool pool = batch.pool();
        int f = pool.alloc();
        MemorySegment.copy(frame, 0, pool.segment(), ValueLayout.JAVA_BYTE, pool.frameOffset(f) + pool.headroom(),
                frame.length);
        batch.add(f, pool.headroom(), frame.length, 0);
    }

    /** An Ethernet frame of {@code len} bytes: MACs, optional tag (4 bytes hex), ethertype, payload pattern. */
    static byte[] frame(String dst, String src, String tag, int ethertype, int len, int seed) {
        ByteBuffer b = ByteBuffer.allocate(len);
        b.put(HEX.parseHex(dst)).put(HEX.parseHex(src));
        if (tag != null) {
            b.put(HEX.parseHex(tag));
        }
        b.putShort((short) ethertype);
        for (int i = b.position(); i < len; i++) {
            b.put((byte) (seed * 31 + i));
        }
        return b.array();
    }

    private static String ip(byte[] f, int off) {
        return (f[off] & 0xff) + "." + (f[off + 1] & 0xff) + "." + (f[off + 2] & 0xff) + "." + (f[off + 3] & 0xff);
    }

    /** The ARP reply to request {@code req}, from {@code mac} (12 hex digits). */
    private static byte[] arpReply(byte[] req, String mac) {
        byte[] m = HEX.parseHex(mac);
        ByteBuffer r = ByteBuffer.allocate(60);
        r.put(req, 6, 6).put(m).putShort((short) 0x0806);
        r.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 2);
        r.put(m).put(req, 38, 4); // sender: us, the asked-for IP
        r.put(req, 22, 6).put(req, 28, 4); // target: the asker
        return r.array();
    }
}
