package io.jvswitch.vport.afpacket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.flowcache.testing.ZeroAllocation;
import io.jvswitch.vport.netns.NetTopology;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over a veth pair (root needed): frames cross in order through many batches and many rx blocks, with no kernel
 * drop; and transmit on one port plus receive on the other allocate nothing on the Java heap in steady state.
 */
class AfPacketPortZeroAllocationTest {
    private static final int FRAME_LEN = 64;
    private static final int WARMUP = 60_000;
    private static final int MEASURED = 2_000;

    private final NetTopology topo = new NetTopology();

    @AfterEach
    void cleanUp() {
        topo.close();
    }

    @Test
    void framesArriveInOrderAcrossBatchesAndRxBlocks() throws Exception {
        NetTopology.requireRoot("AF_PACKET over veth");
        String a = topo.name("jafa");
        String b = topo.name("jafb");
        topo.vethPair(a, b, 1500);
        // 4 KiB blocks hold ~25 small frames: a batch spans blocks and the 8-block ring wraps many times
        AfPacketPortSettings s = AfPacketPortSettings.defaults().withRxRing(4096, 8);
        String src = "02aabbcc2" + topo.suffix().substring(2);
        int total = 2000;
        List<Integer> seqs = new ArrayList<>();
        try (AfPacketPort pa = AfPacketPort.open(1, a, s); AfPacketPort pb = AfPacketPort.open(2, b, s);
             FramePool pool = new FramePool(256)) {
            PacketBatch tx = new PacketBatch(pool);
            PacketBatch rx = new PacketBatch(pool);
            int sent = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (seqs.size() < total && System.nanoTime() < deadline) {
                if (sent < total && sent - seqs.size() < 64) {
                    for (int i = 0; i < 20 && sent < total; i++) {
                        byte[] f = AfPacketPortTest.frame("02aabbccdd01", src, null, 0x88b5, 100, 0);
                        f[14] = (byte) (sent >> 8);
                        f[15] = (byte) sent;
                        AfPacketPortTest.add(tx, f);
                        sent++;
                    }
                    pa.txQueue(0).transmit(tx);
                }
                pb.rxQueue(0).receive(rx);
                for (int i = 0; i < rx.count; i++) {
                    byte[] f = AfPacketPortTest.bytes(pool.segment(), rx, i);
                    seqs.add(((f[14] & 0xff) << 8) | (f[15] & 0xff));
                }
                rx.freeAll();
            }
            assertEquals(total, seqs.size(), "received; kernel rx drops " + pb.kernelRxDrops());
            for (int i = 0; i < total; i++) {
                assertEquals(i, seqs.get(i), "frame order at " + i);
            }
            assertEquals(0, pb.kernelRxDrops());
            assertEquals(total, pa.stats().txPackets());
            assertEquals(total, pb.stats().rxPackets());
            assertEquals(256, pool.available());
        }
    }

    @Test
    void steadyStateTransmitAndReceiveAllocateZeroBytes() throws Exception {
        NetTopology.requireRoot("AF_PACKET over veth");
        String a = topo.name("jafa");
        String b = topo.name("jafb");
        topo.vethPair(a, b, 1500);
        try (AfPacketPort pa = AfPacketPort.open(1, a); AfPacketPort pb = AfPacketPort.open(2, b);
             FramePool pool = new FramePool(256); Arena arena = Arena.ofConfined()) {
            MemorySegment template = arena.allocate(FRAME_LEN);
            MemorySegment.copy(AfPacketPortTest.frame("02aabbccdd01", "02aabbccdd02", null, 0x88b5, FRAME_LEN, 5),
                    0, template, ValueLayout.JAVA_BYTE, 0, FRAME_LEN);
            TxQueue tx = pa.txQueue(0);
            RxQueue rx = pb.rxQueue(0);
            PacketBatch out = new PacketBatch(pool);
            PacketBatch in = new PacketBatch(pool);
            long[] received = {spin(template, tx, rx, out, in, WARMUP)};
            ZeroAllocation.assertSteadyStateAllocatesNothing(MEASURED + " transmit+receive calls over veth",
                    () -> received[0] += spin(template, tx, rx, out, in, MEASURED));
            assertTrue(received[0] > 0, "nothing crossed the veth");
            assertEquals(256, pool.available());
            assertEquals(received[0], pb.stats().rxPackets());
        }
    }

    private static long spin(MemorySegment template, TxQueue tx, RxQueue rx, PacketBatch out, PacketBatch in,
            int iterations) {
        FramePool pool = out.pool();
        MemorySegment seg = pool.segment();
        int headroom = pool.headroom();
        long received = 0;
        for (int it = 0; it < iterations; it++) {
            for (int i = 0; i < PacketBatch.MAX_BURST; i++) {
                int f = pool.alloc();
                MemorySegment.copy(template, 0, seg, pool.frameOffset(f) + headroom, FRAME_LEN);
                out.add(f, headroom, FRAME_LEN, 0);
            }
            tx.transmit(out);
            received += rx.receive(in);
            in.freeAll();
        }
        return received;
    }
}
