package io.jvswitch.vport.afxdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.MaskedTxQueue;
import io.jvswitch.vport.netns.NetTopology;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AF_XDP ports on veth pairs made by the test (root needed): the program is attached in the mode asked for and
 * gone after close; a missing interface and an interface that already has an XDP program give clear errors;
 * frames cross between two ports byte for byte and in order; jumbo frames cross with multi-buffer; oversize
 * frames are counted and dropped.
 */
class AfXdpPortTest {
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
    void attachesNativeXdpOnVethAndLeavesNoProgramAfterClose() throws Exception {
        NetTopology.requireRoot("AF_XDP attach");
        String a = topo.name("jxa");
        String b = topo.name("jxb");
        topo.vethPair(a, b, 1500);
        assertFalse(XdpFrames.hasXdpProgram(a), XdpFrames.linkDetails(a));
        AfXdpPort port = AfXdpPort.open(3, a);
        try {
            assertEquals("afxdp", port.type());
            assertEquals("native", port.mode(), port.describe());
            assertFalse(port.zeroCopy(), "veth has no zero-copy AF_XDP");
            assertEquals(1, port.rxQueueCount());
            assertEquals(1, port.txQueueCount());
            String details = XdpFrames.linkDetails(a);
            assertTrue(details.contains("prog/xdp") && details.contains("jvs_xsk_redir"), details);
        } finally {
            port.close();
        }
        assertFalse(XdpFrames.hasXdpProgram(a), XdpFrames.linkDetails(a));
        port.close(); // idempotent
    }

    @Test
    void genericModeWhenAsked() throws Exception {
        NetTopology.requireRoot("AF_XDP generic attach");
        String a = topo.name("jxa");
        String b = topo.name("jxb");
        topo.vethPair(a, b, 1500);
        try (AfXdpPort pa = AfXdpPort.open(1, a, AfXdpPortSettings.defaults().withXdpMode(XdpMode.GENERIC));
             AfXdpPort pb = AfXdpPort.open(2, b, AfXdpPortSettings.defaults().withXdpMode(XdpMode.GENERIC));
             FramePool pool = new FramePool(256)) {
            assertEquals("generic", pa.mode());
            assertTrue(XdpFrames.linkDetails(a).contains("xdpgeneric"), XdpFrames.linkDetails(a));
            assertEquals(200, crossInOrder(pa, pb, pool, 200, 100));
        }
        assertFalse(XdpFrames.hasXdpProgram(a), XdpFrames.linkDetails(a));
    }

    @Test
    void missingInterfaceIsAClearError() {
        NetTopology.requireRoot("AF_XDP open");
        String name = topo.name("jxnone");
        IOException e = assertThrows(IOException.class, () -> AfXdpPort.open(1, name));
        assertTrue(e.getMessage().contains("no such interface '" + name + "'"), e.getMessage());
    }

    @Test
    void anInterfaceThatAlreadyHasAnXdpProgramIsRefused() throws Exception {
        NetTopology.requireRoot("AF_XDP open twice");
        String a = topo.name("jxa");
        String b = topo.name("jxb");
        topo.vethPair(a, b, 1500);
        try (AfXdpPort first = AfXdpPort.open(1, a)) {
            IOException e = assertThrows(IOException.class, () -> AfXdpPort.open(2, a));
            assertTrue(e.getMessage().contains("already has an XDP program attached (another switch?)"),
                    e.getMessage());
            assertEquals("native", first.mode());
            assertTrue(XdpFrames.hasXdpProgram(a), "the refused open must not detach the first port's program");
        }
        assertFalse(XdpFrames.hasXdpProgram(a));
    }

    @Test
    void framesCrossByteForByteAndInOrder() throws Exception {
        NetTopology.requireRoot("AF_XDP over veth");
        String a = topo.name("jxa");
        String b = topo.name("jxb");
        topo.vethPair(a, b, 1500);
        // small rings: the 3000 frames wrap every ring many times
        AfXdpPortSettings s = AfXdpPortSettings.defaults().withRingSize(64);
        try (AfXdpPort pa = AfXdpPort.open(1, a, s); AfXdpPort pb = AfXdpPort.open(2, b, s);
             FramePool pool = new FramePool(256)) {
            assertEquals(3000, crossInOrder(pa, pb, pool, 3000, 60));
            assertEquals(0, pb.kernelRxDrops());
            assertEquals(3000, pa.stats().txPackets());
            assertEquals(3000, pb.stats().rxPackets());
            assertEquals(3000L * 60, pb.stats().rxBytes());
            assertEquals(256, pool.available(), "every frame back in the pool");

            // 1514 bytes: the largest frame of a 1500 MTU; 1515 is dropped on tx and counted
            PacketBatch tx = new PacketBatch(pool);
            byte[] big = XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, 1514, 9);
            XdpFrames.add(tx, big);
            XdpFrames.add(tx, XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, 1515, 9));
            assertEquals(1, pa.txQueue(0).transmit(tx));
            assertEquals(1, pa.drops().get(DropReason.OVERSIZE_FRAME));
            assertEquals(1, pa.stats().txDropped());
            List<byte[]> got = receive(pb, pool, 1);
            assertEquals(1, got.size());
            assertArrayEquals(big, got.get(0));

            // an 802.1Q-tagged frame may be 4 bytes longer (1518), and its tag crosses inline
            byte[] tagged = XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x8100, 1518, 7);
            tagged[14] = (byte) 0xa0;
            tagged[15] = 0x2a; // PCP 5, VID 42
            XdpFrames.add(tx, tagged);
            assertEquals(1, pa.txQueue(0).transmit(tx));
            List<byte[]> got2 = receive(pb, pool, 1);
            assertEquals(1, got2.size());
            assertArrayEquals(tagged, got2.get(0));
            assertEquals(1, pa.drops().get(DropReason.OVERSIZE_FRAME));

            // a bitmask of a batch, sent in place (a bond member's share): only those slots cross, in order,
            // and only their frames go back to the pool; the other slots stay the caller's
            byte[][] four = new byte[4][];
            for (int i = 0; i < 4; i++) {
                four[i] = XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, 100 + i, 20 + i);
                XdpFrames.add(tx, four[i]);
            }
            int before = pool.available();
            assertEquals(2, ((MaskedTxQueue) pa.txQueue(0)).transmit(tx, 0b1010));
            assertEquals(before + 2, pool.available(), "the two sent frames are freed, the others kept");
            assertEquals(4, tx.count, "the batch is left as it was");
            List<byte[]> got3 = receive(pb, pool, 2);
            assertEquals(2, got3.size());
            assertArrayEquals(four[1], got3.get(0));
            assertArrayEquals(four[3], got3.get(1));
            pool.free(tx.frame[0]);
            pool.free(tx.frame[2]);
            tx.clearSlots();
            assertEquals(256, pool.available(), "every frame back in the pool");
        }
    }

    @Test
    void oneSocketPerQueueAndNRxqLimitsThem() throws Exception {
        NetTopology.requireRoot("AF_XDP multi-queue");
        String a = topo.name("jxa");
        String b = topo.name("jxb");
        NetTopology.run("ip", "link", "add", a, "numtxqueues", "2", "numrxqueues", "2", "type", "veth", "peer",
                "name", b, "numtxqueues", "2", "numrxqueues", "2");
        try {
            NetTopology.run("ip", "link", "set", a, "up");
            NetTopology.run("ip", "link", "set", b, "up");
            try (AfXdpPort pa = AfXdpPort.open(1, a); AfXdpPort pb = AfXdpPort.open(2, b);
                 FramePool pool = new FramePool(64)) {
                assertEquals(2, pa.rxQueueCount());
                assertEquals(2, pa.txQueueCount());
                // a frame sent on tx queue q of one end arrives on rx queue q of the other (veth keeps the queue)
                for (int q = 0; q < 2; q++) {
                    PacketBatch tx = new PacketBatch(pool);
                    byte[] f = XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, 60, q);
                    XdpFrames.add(tx, f);
                    assertEquals(1, pa.txQueue(q).transmit(tx));
                    PacketBatch rx = new PacketBatch(pool);
                    long deadline = System.nanoTime() + WAIT_NANOS;
                    while (rx.count == 0 && System.nanoTime() < deadline) {
                        pb.rxQueue(q).receive(rx);
                    }
                    assertEquals(1, rx.count, "frame on queue " + q);
                    assertArrayEquals(f, XdpFrames.bytes(rx, 0));
                    rx.freeAll();
                    pb.rxQueue(1 - q).receive(rx);
                    assertEquals(0, rx.count, "nothing on the other queue");
                }
            }
            try (AfXdpPort one = AfXdpPort.open(1, a, AfXdpPortSettings.defaults().withNRxq(1))) {
                assertEquals(1, one.rxQueueCount());
                assertEquals(1, one.txQueueCount());
            }
        } finally {
            NetTopology.run("ip", "link", "del", a);
        }
    }

    @Test
    void jumboFramesCrossWithMultiBuffer() throws Exception {
        NetTopology.requireRoot("AF_XDP jumbo frames");
        String a = topo.name("jxa");
        String b = topo.name("jxb");
        topo.vethPair(a, b, 9000);
        try (AfXdpPort pa = AfXdpPort.open(1, a); AfXdpPort pb = AfXdpPort.open(2, b);
             FramePool pool = new FramePool(64, 10240, 128); FramePool small = new FramePool(16)) {
            assertTrue(pa.multiBuffer(), pa.describe());
            assertNull(pa.multiBufferUnavailable());
            assertEquals("native", pa.mode());
            PacketBatch tx = new PacketBatch(pool);
            byte[] jumbo = XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, 9014, 3);
            byte[] mid = XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, 4500, 4);
            byte[] small1 = XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, 60, 5);
            XdpFrames.add(tx, jumbo);
            XdpFrames.add(tx, mid);
            XdpFrames.add(tx, small1);
            XdpFrames.add(tx, XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, 9015, 6)); // > MTU + 14
            assertEquals(3, pa.txQueue(0).transmit(tx));
            assertEquals(1, pa.drops().get(DropReason.OVERSIZE_FRAME));
            List<byte[]> got = receive(pb, pool, 3);
            assertEquals(3, got.size(), "kernel rx drops " + pb.kernelRxDrops());
            assertArrayEquals(jumbo, got.get(0));
            assertArrayEquals(mid, got.get(1));
            assertArrayEquals(small1, got.get(2));
            assertEquals(64, pool.available());

            // into a pool whose frames are too small, the jumbo frame is dropped and counted, the small one kept
            XdpFrames.add(tx, jumbo);
            XdpFrames.add(tx, small1);
            assertEquals(2, pa.txQueue(0).transmit(tx));
            List<byte[]> got2 = receive(pb, small, 1);
            assertEquals(1, got2.size());
            assertArrayEquals(small1, got2.get(0));
            assertEquals(1, pb.drops().get(DropReason.OVERSIZE_FRAME));
            assertEquals(1, pb.stats().rxDropped());
            assertEquals(16, small.available());
        }
    }

    @Test
    void withoutMultiBufferThePortSaysWhichMtuItCarries() throws Exception {
        NetTopology.requireRoot("AF_XDP without multi-buffer");
        String a = topo.name("jxa");
        String b = topo.name("jxb");
        topo.vethPair(a, b, 9000);
        AfXdpPortSettings s = AfXdpPortSettings.defaults().withMultiBuffer(false);
        try (AfXdpPort pa = AfXdpPort.open(1, a, s); FramePool pool = new FramePool(8, 10240, 128)) {
            assertFalse(pa.multiBuffer());
            assertEquals("multi-buffer not requested", pa.multiBufferUnavailable());
            assertEquals(4096 - 256, pa.maxFrameSize());
            assertEquals(4096 - 256 - 14, pa.maxMtu());
            assertTrue(pa.describe().contains("multi-buffer off (multi-buffer not requested)"), pa.describe());
            PacketBatch tx = new PacketBatch(pool);
            XdpFrames.add(tx, XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, 9014, 3));
            assertEquals(0, pa.txQueue(0).transmit(tx));
            assertEquals(1, pa.drops().get(DropReason.OVERSIZE_FRAME));
        }
    }

    @Test
    void xdpLinksAreUsedFromLinux59() {
        assertTrue(XskProgram.kernelAtLeast("6.18.44-fc-v657", 5, 9));
        assertTrue(XskProgram.kernelAtLeast("5.9.0", 5, 9));
        assertFalse(XskProgram.kernelAtLeast("5.4.0-42-generic", 5, 9));
        assertFalse(XskProgram.kernelAtLeast("4.19.1", 5, 9));
    }

    /** Sends {@code total} numbered frames from {@code pa}, receives them on {@code pb}; checks order. */
    static int crossInOrder(AfXdpPort pa, AfXdpPort pb, FramePool pool, int total, int len) {
        PacketBatch tx = new PacketBatch(pool);
        PacketBatch rx = new PacketBatch(pool);
        List<Integer> seqs = new ArrayList<>();
        int sent = 0;
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (seqs.size() < total && System.nanoTime() < deadline) {
            if (sent < total && sent - seqs.size() < 48) {
                for (int i = 0; i < 16 && sent < total; i++) {
                    byte[] f = XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, len, 0);
                    f[14] = (byte) (sent >> 8);
                    f[15] = (byte) sent;
                    XdpFrames.add(tx, f);
                    sent++;
                }
                pa.txQueue(0).transmit(tx);
            }
            pb.rxQueue(0).receive(rx);
            for (int i = 0; i < rx.count; i++) {
                byte[] f = XdpFrames.bytes(rx, i);
                assertEquals(len, f.length);
                seqs.add(((f[14] & 0xff) << 8) | (f[15] & 0xff));
            }
            rx.freeAll();
        }
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i, seqs.get(i), "frame order at " + i);
        }
        return seqs.size();
    }

    /** Receives up to {@code n} frames from {@code port} (5 s at most), in arrival order. */
    static List<byte[]> receive(AfXdpPort port, FramePool pool, int n) {
        PacketBatch rx = new PacketBatch(pool);
        List<byte[]> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (got.size() < n && System.nanoTime() < deadline) {
            port.rxQueue(0).receive(rx);
            for (int i = 0; i < rx.count; i++) {
                got.add(XdpFrames.bytes(rx, i));
            }
            rx.freeAll();
        }
        return got;
    }
}
