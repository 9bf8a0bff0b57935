package io.jvswitch.vport.afxdp;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over a veth pair (root needed): transmit on one AF_XDP port plus receive on the other allocate nothing on the
 * Java heap in steady state (completion reclaim, tx kick, rx copy, fill recycle and the idle poll included), with
 * single-buffer and multi-buffer (jumbo) frames.
 */
class AfXdpPortZeroAllocationTest {
    private static final int WARMUP = 60_000;
    private static final int MEASURED = 2_000;

    private final NetTopology topo = new NetTopology();

    @AfterEach
    void cleanUp() {
        topo.close();
    }

    @Test
    void steadyStateTransmitAndReceiveAllocateZeroBytes() throws Exception {
        run(1500, 64, 2048, WARMUP);
    }

    @Test
    void steadyStateJumboTransmitAndReceiveAllocateZeroBytes() throws Exception {
        run(9000, 9014, 10240, WARMUP / 4);
    }

    private void run(int mtu, int frameLen, int poolFrame, int warmup) throws Exception {
        NetTopology.requireRoot("AF_XDP over veth");
        String a = topo.name("jxza");
        String b = topo.name("jxzb");
        topo.vethPair(a, b, mtu);
        try (AfXdpPort pa = AfXdpPort.open(1, a); AfXdpPort pb = AfXdpPort.open(2, b);
             FramePool pool = new FramePool(256, poolFrame, 128); Arena arena = Arena.ofConfined()) {
            MemorySegment template = arena.allocate(frameLen);
            MemorySegment.copy(XdpFrames.frame("02aabbccdd01", "02aabbccdd02", 0x88b5, frameLen, 5), 0, template,
                    ValueLayout.JAVA_BYTE, 0, frameLen);
            TxQueue tx = pa.txQueue(0);
            RxQueue rx = pb.rxQueue(0);
            PacketBatch out = new PacketBatch(pool);
            PacketBatch in = new PacketBatch(pool);
            long[] received = {spin(template, frameLen, tx, rx, out, in, warmup)};
            ZeroAllocation.assertSteadyStateAllocatesNothing(MEASURED + " AF_XDP transmit+receive calls, "
                    + frameLen + "-byte frames", () -> received[0] += spin(template, frameLen, tx, rx, out, in,
                    MEASURED));
            assertTrue(received[0] > 0, "nothing crossed the veth");
            assertEquals(256, pool.available());
            assertEquals(received[0], pb.stats().rxPackets());
        }
    }

    private static long spin(MemorySegment template, int len, TxQueue tx, RxQueue rx, PacketBatch out,
            PacketBatch in, int iterations) {
        FramePool pool = out.pool();
        MemorySegment seg = pool.segment();
        int headroom = pool.headroom();
        long received = 0;
        for (int it = 0; it < iterations; it++) {
            for (int i = 0; i < PacketBatch.MAX_BURST; i++) {
                int f = pool.alloc();
                MemorySegment.copy(template, 0, seg, pool.frameOffset(f) + headroom, len);
                out.add(f, headroom, len, 0);
            }
            tx.transmit(out);
            received += rx.receive(in);
            in.freeAll();
            received += rx.receive(in);
            in.freeAll();
        }
        return received;
    }
}
