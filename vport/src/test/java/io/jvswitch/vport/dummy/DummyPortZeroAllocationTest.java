package io.jvswitch.vport.dummy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.pcap.Captures;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Replay receive and sink transmit allocate nothing on the Java heap in steady state. */
class DummyPortZeroAllocationTest {
    /** Long enough for C2 to compile the loop: with 50k iterations a one-off 100-odd bytes still showed up. */
    private static final int WARMUP = 200_000;
    private static final int MEASURED = 200_000;

    @Test
    void replayReceiveAndSinkTransmitAllocateZeroBytes() throws IOException {
        DummyPortSettings s = DummyPortSettings.defaults().withTxMode(DummyTxMode.SINK);
        try (FramePool pool = new FramePool(256);
             DummyPort port = DummyPort.replaying(1, "bench", Captures.frames(Captures.MIXED), s)) {
            RxQueue rx = port.rxQueue(0);
            TxQueue tx = port.txQueue(0);
            PacketBatch batch = new PacketBatch(pool);
            long packets = spin(rx, tx, batch, WARMUP);
            long[] total = {packets};
            io.jvswitch.flowcache.testing.ZeroAllocation.assertSteadyStateAllocatesNothing(
                    MEASURED + " receive+transmit calls", () -> total[0] += spin(rx, tx, batch, MEASURED));
            packets = total[0];
            assertEquals(0, packets % ((long) MEASURED * PacketBatch.MAX_BURST));
            assertEquals(packets, port.stats().txPackets());
            assertEquals(256, pool.available());
        }
    }

    private static long spin(RxQueue rx, TxQueue tx, PacketBatch batch, int iterations) {
        long packets = 0;
        for (int i = 0; i < iterations; i++) {
            rx.receive(batch);
            packets += tx.transmit(batch);
        }
        return packets;
    }
}
