package io.jvswitch.vport.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.MaskedTxQueue;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.ffi.Errno;
import io.jvswitch.flowcache.testing.ZeroAllocation;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real traffic through a {@link TapPort}: the TAP is moved into a network namespace this test creates
 * (our fd keeps working), the namespace's kernel talks to it, and the test's Java code answers.
 */
class TapPortTrafficTest {
    private static final long TAP_MAC = 0x0200_4a56_0001L;
    private static final long PEER_MAC = 0x0200_4a56_0002L;
    /** Frame size for jumbo tests: 9216 bytes of data after the default headroom. */
    private static final int JUMBO_FRAME = 9216 + FramePool.DEFAULT_HEADROOM;

    private String ns;
    private String tap;
    private TapPort port;
    private int net;

    @BeforeEach
    void createNamespace() {
        NetnsSupport.requireRoot("TAP traffic tests (network namespaces)");
        ns = NetnsSupport.uniqueName("jvtns");
        tap = NetnsSupport.uniqueName("jvt");
        net = ThreadLocalRandom.current().nextInt(0x100, 0x10000);
        NetnsSupport.ok("ip", "netns", "add", ns);
        // No IPv6 chatter (router/neighbour solicitations, MLD) on the TAP: only the traffic the test makes.
        NetnsSupport.okInNs(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
        NetnsSupport.okInNs(ns, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
        NetnsSupport.okInNs(ns, "ip", "link", "set", "lo", "up");
    }

    @AfterEach
    void cleanUp() {
        if (port != null) {
            port.close();
        }
        NetnsSupport.deleteNetns(ns);
        NetnsSupport.deleteLink(tap);
    }

    private int hostIp() {
        return TestFrames.ipv4(10, net >>> 8, net & 0xff, 1);
    }

    private int peerIp() {
        return TestFrames.ipv4(10, net >>> 8, net & 0xff, 2);
    }

    private static String dotted(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    /** Opens the port with MTU {@code mtu}, moves the TAP into the namespace, gives it 10.x.y.1/24, up. */
    private void openInNamespace(int mtu) throws IOException {
        port = TapPort.open(1, tap, TapPortSettings.defaults().withMac(TAP_MAC).withMtu(mtu));
        NetnsSupport.ok("ip", "link", "set", "dev", tap, "netns", ns);
        NetnsSupport.okInNs(ns, "ip", "addr", "add", dotted(hostIp()) + "/24", "dev", tap);
        NetnsSupport.okInNs(ns, "ip", "link", "set", "dev", tap, "up");
    }

    /** {@link #openInNamespace} at MTU 1500, with a permanent neighbour entry for the peer (no ARP needed). */
    private void openWithStaticPeer() throws IOException {
        openInNamespace(1500);
        NetnsSupport.okInNs(ns, "ip", "neigh", "replace", dotted(peerIp()), "lladdr",
                TapPortSettings.formatMac(PEER_MAC), "dev", tap, "nud", "permanent");
    }

    /** Polls rx, answers ARP/ICMP echo for the peer IP on tx; records the first ARP request and the largest frame. */
    private final class Responder implements Runnable {
        final FramePool pool;
        final AtomicReference<byte[]> firstArp = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean stop;
        volatile int largest;
        volatile int answered;

        Responder(FramePool pool) {
            this.pool = pool;
        }

        @Override
        public void run() {
            try {
                RxQueue rx = port.rxQueue(0);
                TxQueue tx = port.txQueue(0);
                PacketBatch in = new PacketBatch(pool);
                PacketBatch out = new PacketBatch(pool);
                MemorySegment mem = pool.segment();
                while (!stop) {
                    if (rx.receive(in) == 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    for (int i = 0; i < in.count; i++) {
                        long at = in.dataAddress(i);
                        int len = in.length[i];
                        largest = Math.max(largest, len);
                        if (TestFrames.u16(mem, at + 12) == TestFrames.ETH_ARP && firstArp.get() == null) {
                            firstArp.set(mem.asSlice(at, len).toArray(ValueLayout.JAVA_BYTE));
                        }
                        if (TestFrames.answerInPlace(mem, at, len, PEER_MAC, peerIp())) {
                            out.add(in.frame[i], in.dataOffset[i], len, 0);
                            answered++;
                        } else {
                            pool.free(in.frame[i]);
                        }
                    }
                    in.clearSlots();
                    tx.transmit(out);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }

    @Test
    void namespacePingsAJavaResponderIncludingJumboFrames() throws Exception {
        NetnsSupport.requireTool("ping", "iputils-ping");
        openInNamespace(9000);
        try (FramePool pool = new FramePool(256, JUMBO_FRAME, FramePool.DEFAULT_HEADROOM)) {
            Responder r = new Responder(pool);
            Thread t = new Thread(r, "tap-responder");
            t.start();
            String ping;
            String jumbo;
            try {
                ping = NetnsSupport.okInNs(ns, "ping", "-c", "3", "-i", "0.2", "-W", "2", dotted(peerIp()));
                jumbo = NetnsSupport.okInNs(ns, "ping", "-c", "2", "-i", "0.2", "-W", "2", "-M", "do", "-s", "8972",
                        dotted(peerIp()));
            } finally {
                r.stop = true;
                t.join(5000);
            }
            if (r.failure.get() != null) {
                throw new AssertionError("responder failed", r.failure.get());
            }
            assertTrue(ping.contains(" 0% packet loss"), ping);
            assertTrue(jumbo.contains(" 0% packet loss"), jumbo);
            assertEquals(9014, r.largest, "an 8972-byte ping is a 9014-byte frame, received whole");

            // The namespace's ARP request, byte for byte.
            byte[] arp = r.firstArp.get();
            assertNotNull(arp, "no ARP request seen");
            MemorySegment a = MemorySegment.ofArray(arp);
            assertEquals(42, arp.length);
            assertEquals(0xffff_ffff_ffffL, TestFrames.mac(a, 0), "broadcast");
            assertEquals(TAP_MAC, TestFrames.mac(a, 6));
            assertArrayEquals(new int[] {0x0806, 1, 0x0800, 0x0604, 1},
                    new int[] {TestFrames.u16(a, 12), TestFrames.u16(a, 14), TestFrames.u16(a, 16),
                        TestFrames.u16(a, 18), TestFrames.u16(a, 20)});
            assertEquals(TAP_MAC, TestFrames.mac(a, 22));
            assertEquals(hostIp(), TestFrames.u32(a, 28));
            assertEquals(peerIp(), TestFrames.u32(a, 38));

            // 1+ ARP replies and 5 echo replies went out; the namespace's interface received them.
            assertTrue(port.stats().txPackets() >= 6, "tx " + port.stats().txPackets());
            assertEquals(r.answered, port.stats().txPackets());
            assertEquals(0, port.stats().txDropped());
            assertTrue(port.stats().rxPackets() >= 6, "rx " + port.stats().rxPackets());
            String counters = NetnsSupport.okInNs(ns, "ip", "-s", "-o", "link", "show", "dev", tap);
            assertTrue(counters.contains("RX:"), counters);
            assertEquals(pool.frameCount(), pool.available(), "every frame back in the pool");
        }
    }

    @Test
    void oversizeFramesAreCountedAndDroppedBothWays() throws Exception {
        NetnsSupport.requireTool("ping", "iputils-ping");
        openInNamespace(9000);
        NetnsSupport.okInNs(ns, "ip", "neigh", "replace", dotted(peerIp()), "lladdr",
                TapPortSettings.formatMac(PEER_MAC), "dev", tap, "nud", "permanent");
        // Into a pool with 1920 data bytes per frame: a 1919-byte frame fits; 1920 bytes (a read that fills the
        // buffer, maybe truncated) and 4042 bytes do not. Nobody answers, so the pings fail: ignore their status.
        NetnsSupport.inNs(ns, "ping", "-c", "1", "-W", "1", "-s", "1877", dotted(peerIp()));
        NetnsSupport.inNs(ns, "ping", "-c", "1", "-W", "1", "-s", "1878", dotted(peerIp()));
        NetnsSupport.inNs(ns, "ping", "-c", "2", "-i", "0.2", "-W", "1", "-s", "4000", dotted(peerIp()));
        try (FramePool pool = new FramePool(64)) {
            PacketBatch batch = new PacketBatch(pool);
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < 300_000_000L) {
                if (port.rxQueue(0).receive(batch) != 0) {
                    idleSince = System.nanoTime();
                }
                batch.freeAll();
            }
            assertEquals(3, port.drops().get(DropReason.OVERSIZE_FRAME), "the 1920- and 4042-byte echo requests");
            assertEquals(3, port.stats().rxDropped());
            assertEquals(1, port.stats().rxPackets(), "the 1919-byte echo request, and nothing else");
            assertEquals(1919, port.stats().rxBytes());
            assertEquals(0, port.rxErrors());
            assertEquals(64, pool.available());
        }
        // Egress: MTU 9000 allows 9018-byte frames (with a VLAN tag); one byte more is dropped and counted.
        try (FramePool pool = new FramePool(4, JUMBO_FRAME, FramePool.DEFAULT_HEADROOM)) {
            PacketBatch batch = new PacketBatch(pool);
            MemorySegment mem = pool.segment();
            for (int len : new int[] {9018, 9019}) {
                int f = pool.alloc();
                long at = pool.frameOffset(f) + pool.headroom();
                int n = TestFrames.echoRequest(mem, at, PEER_MAC, TAP_MAC, peerIp(), hostIp(), len - 42, 1, 1);
                assertEquals(len, n);
                batch.add(f, pool.headroom(), len, 0);
            }
            assertEquals(1, port.txQueue(0).transmit(batch));
            assertEquals(0, batch.count);
            assertEquals(4, pool.available());
            assertEquals(1, port.stats().txPackets());
            assertEquals(9018, port.stats().txBytes());
            assertEquals(1, port.stats().txDropped());
            assertEquals(4, port.drops().get(DropReason.OVERSIZE_FRAME), "3 rx + 1 tx");
        }
    }

    @Test
    void transmitsPacketsWhereverTheyStartInTheFrame() throws Exception {
        openWithStaticPeer();
        try (FramePool pool = new FramePool(16)) {
            PacketBatch batch = new PacketBatch(pool);
            MemorySegment mem = pool.segment();
            int[] offsets = {0, 60, pool.headroom(), pool.headroom() + 40};
            for (int i = 0; i < offsets.length; i++) {
                int f = pool.alloc();
                int len = TestFrames.echoRequest(mem, pool.frameOffset(f) + offsets[i], PEER_MAC, TAP_MAC, peerIp(),
                        hostIp(), 100, 9, i);
                batch.add(f, offsets[i], len, 0);
            }
            assertEquals(offsets.length, port.txQueue(0).transmit(batch));
            int[] seqSeen = new int[offsets.length];
            receiveEchoReplies(batch, seqSeen, offsets.length, 2_000_000_000L);
            assertArrayEquals(new int[] {1, 1, 1, 1}, seqSeen, "one echo reply per request, whatever its offset");
            assertEquals(16, pool.available());
        }
    }

    /**
     * Receives on the port until {@code want} ICMP echo replies (from the peer's MAC and IP) arrived or
     * {@code waitNanos} passed, counting each reply's sequence number in {@code seqSeen}; frees what it read.
     */
    private void receiveEchoReplies(PacketBatch batch, int[] seqSeen, int want, long waitNanos) {
        MemorySegment mem = batch.pool().segment();
        long deadline = System.nanoTime() + waitNanos;
        int replies = 0;
        while (replies < want && System.nanoTime() < deadline) {
            int n = port.rxQueue(0).receive(batch);
            for (int i = 0; i < n; i++) {
                long at = batch.dataAddress(i);
                if (TestFrames.u16(mem, at + 12) == TestFrames.ETH_IPV4 && TestFrames.u8(mem, at + 34) == 0) {
                    assertEquals(PEER_MAC, TestFrames.mac(mem, at));
                    assertEquals(peerIp(), TestFrames.u32(mem, at + 30));
                    seqSeen[TestFrames.u16(mem, at + 40)]++;
                    replies++;
                }
            }
            batch.freeAll();
        }
    }

    @Test
    void transmitsTheBitmaskOfABatchInPlaceAndLeavesTheOtherSlotsToTheCaller() throws Exception {
        openWithStaticPeer();
        try (FramePool pool = new FramePool(16)) {
            PacketBatch batch = new PacketBatch(pool);
            MemorySegment mem = pool.segment();
            for (int i = 0; i < 4; i++) {
                int f = pool.alloc();
                int len = TestFrames.echoRequest(mem, pool.frameOffset(f) + pool.headroom(), PEER_MAC, TAP_MAC,
                        peerIp(), hostIp(), 100, 9, i);
                batch.add(f, pool.headroom(), len, 0);
            }
            MaskedTxQueue tx = assertInstanceOf(MaskedTxQueue.class, port.txQueue(0));
            assertEquals(2, tx.transmit(batch, 0b0101), "slots 0 and 2 written");
            assertEquals(4, batch.count, "the batch is left as it was");
            assertEquals(16 - 2, pool.available(), "only the sent slots' frames went back to the pool");
            assertEquals(2, port.stats().txPackets());
            batch.freeSlots(0b1010);                    // the caller still owns slots 1 and 3
            batch.clearSlots();
            int[] seqSeen = new int[4];
            receiveEchoReplies(batch, seqSeen, 2, 2_000_000_000L);
            receiveEchoReplies(batch, seqSeen, 1, 200_000_000L);    // a reply to an unsent slot would come now
            assertArrayEquals(new int[] {1, 0, 1, 0}, seqSeen, "replies to exactly the masked slots' requests");
            assertEquals(16, pool.available());
        }
    }

    @Test
    void transmitOnADownInterfaceIsCountedNotThrown() throws Exception {
        port = TapPort.open(1, tap, TapPortSettings.defaults());
        try (FramePool pool = new FramePool(4)) {
            PacketBatch batch = new PacketBatch(pool);
            int f = pool.alloc();
            int len = TestFrames.echoRequest(pool.segment(), pool.frameOffset(f) + pool.headroom(), PEER_MAC,
                    TAP_MAC, peerIp(), hostIp(), 10, 1, 1);
            batch.add(f, pool.headroom(), len, 0);
            assertEquals(0, port.txQueue(0).transmit(batch));
            assertEquals(1, port.txErrors());
            assertEquals(Errno.EIO, port.lastTxErrno(), "a TAP that is down refuses writes with EIO");
            port.setUp(true);
            int f2 = pool.alloc();
            batch.add(f2, pool.headroom(), 10, 0); // shorter than an Ethernet header
            assertEquals(0, port.txQueue(0).transmit(batch));
            assertEquals(Errno.EINVAL, port.lastTxErrno(), "a runt frame is refused with EINVAL");
            assertEquals(4, pool.available());
            assertEquals(0, port.stats().txPackets());
            assertEquals(2, port.stats().txDropped(), "every frame counted");
            assertEquals(2, port.txErrors());
            assertEquals(0, port.rxQueue(0).receive(batch), "nothing to read on a down TAP");
        }
    }

    @Test
    void steadyStateReceiveAndTransmitAllocateNothing() throws Exception {
        openWithStaticPeer();
        try (FramePool pool = new FramePool(256)) {
            MemorySegment mem = pool.segment();
            // The echo request the namespace will answer, kept in the pool's last frame as a template.
            int template = pool.alloc();
            long templateAt = pool.frameOffset(template) + pool.headroom();
            int len = TestFrames.echoRequest(mem, templateAt, PEER_MAC, TAP_MAC, peerIp(), hostIp(), 56, 7, 1);
            EchoLoop loop = new EchoLoop(port.rxQueue(0), port.txQueue(0), pool, templateAt, len);
            loop.run(3000);
            long[] sent = {0};
            ZeroAllocation.assertSteadyStateAllocatesNothing("TAP transmit+receive of 32-frame batches",
                    () -> sent[0] += loop.run(500));
            assertTrue(loop.replies >= loop.requests * 99 / 100, loop.replies + " echo replies for "
                    + loop.requests + " requests");
            assertEquals(0, port.stats().txDropped());
            pool.free(template);
            assertEquals(256, pool.available());
        }
    }

    /** Sends a batch of 32 echo requests, then receives until 32 echo replies came back (or gives up). */
    private static final class EchoLoop {
        final RxQueue rx;
        final TxQueue tx;
        final FramePool pool;
        final PacketBatch out;
        final PacketBatch in;
        final long templateAt;
        final int len;
        long requests;
        long replies;

        EchoLoop(RxQueue rx, TxQueue tx, FramePool pool, long templateAt, int len) {
            this.rx = rx;
            this.tx = tx;
            this.pool = pool;
            this.out = new PacketBatch(pool);
            this.in = new PacketBatch(pool);
            this.templateAt = templateAt;
            this.len = len;
        }

        long run(int iterations) {
            MemorySegment mem = pool.segment();
            int headroom = pool.headroom();
            long sentTotal = 0;
            for (int it = 0; it < iterations; it++) {
                for (int k = 0; k < PacketBatch.MAX_BURST; k++) {
                    int f = pool.alloc();
                    MemorySegment.copy(mem, templateAt, mem, pool.frameOffset(f) + headroom, len);
                    out.add(f, headroom, len, 0);
                }
                int sent = tx.transmit(out);
                requests += sent;
                sentTotal += sent;
                int got = 0;
                for (int spins = 0; got < sent && spins < 200_000; spins++) {
                    int n = rx.receive(in);
                    for (int i = 0; i < n; i++) {
                        long at = in.dataAddress(i);
                        if (TestFrames.u16(mem, at + 12) == TestFrames.ETH_IPV4 && TestFrames.u8(mem, at + 34) == 0) {
                            got++;
                        }
                    }
                    in.freeAll();
                }
                replies += got;
            }
            return sentTotal;
        }
    }
}
