package io.jvswitch.vport.dummy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.MaskedTxQueue;
import io.jvswitch.pcap.Captures;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DummyPortRoundTripTest {
    private static final int PORT_NO = 7;

    static byte[] frame(int i, int len) {
        byte[] b = new byte[len];
        for (int k = 0; k < len; k++) {
            b[k] = (byte) (i * 31 + k);
        }
        return b;
    }

    static List<byte[]> frames(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(frame(i, 60 + i * 7));
        }
        return out;
    }

    static byte[] bytesOf(PacketBatch batch, int i) {
        return batch.pool().segment().asSlice(batch.dataAddress(i), batch.length[i]).toArray(ValueLayout.JAVA_BYTE);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 31, 32, 33})
    void injectedFramesComeOutOfTransmitUnchangedInBatchesOfAtMost32(int n) {
        try (FramePool pool = new FramePool(256); DummyPort port = new DummyPort(PORT_NO, "d0")) {
            int start = pool.available();
            List<byte[]> in = frames(n);
            assertEquals(n, port.injectAll(in));
            PacketBatch batch = new PacketBatch(pool);
            int receives = 0;
            int got = 0;
            while (got < n) {
                int k = port.rxQueue(0).receive(batch);
                assertTrue(k > 0 && k <= PacketBatch.MAX_BURST);
                for (int i = 0; i < k; i++) {
                    assertEquals(PORT_NO, batch.inPort[i]);
                    assertEquals(pool.headroom(), batch.dataOffset[i]);
                    assertArrayEquals(in.get(got + i), bytesOf(batch, i));
                }
                got += k;
                receives++;
                assertEquals(k, port.txQueue(0).transmit(batch));
                assertTrue(batch.isEmpty(), "transmit empties the batch");
            }
            assertEquals(n <= 32 ? 1 : 2, receives);
            assertEquals(0, port.rxQueue(0).receive(batch), "idle queue receives nothing");
            List<byte[]> out = port.drainTransmitted();
            assertEquals(n, out.size());
            for (int i = 0; i < n; i++) {
                assertArrayEquals(in.get(i), out.get(i));
            }
            long bytes = in.stream().mapToLong(b -> b.length).sum();
            assertEquals(n, port.stats().rxPackets());
            assertEquals(bytes, port.stats().rxBytes());
            assertEquals(n, port.stats().txPackets());
            assertEquals(bytes, port.stats().txBytes());
            assertEquals(start, pool.available(), "every frame went back to the pool");
            assertTrue(port.transmitted().isEmpty(), "drained");
        }
    }

    @Test
    void receiveAppendsAfterPacketsAlreadyInTheBatch() {
        try (FramePool pool = new FramePool(64); DummyPort port = new DummyPort(1, "d1")) {
            port.injectAll(frames(40));
            PacketBatch batch = new PacketBatch(pool);
            batch.add(pool.alloc(), pool.headroom(), 60, 9);
            assertEquals(31, port.rxQueue(0).receive(batch));
            assertTrue(batch.isFull());
            assertEquals(0, port.rxQueue(0).receive(batch), "a full batch takes nothing");
            port.txQueue(0).transmit(batch);
            assertEquals(9, port.rxQueue(0).receive(batch));
            batch.freeAll();
            assertEquals(64, pool.available());
        }
    }

    @Test
    void exhaustedPoolLeavesFramesQueuedAndLeaksNothing() {
        try (FramePool pool = new FramePool(8); DummyPort port = new DummyPort(1, "d2")) {
            int start = pool.available();
            List<byte[]> in = frames(20);
            port.injectAll(in);
            PacketBatch batch = new PacketBatch(pool);
            assertEquals(8, port.rxQueue(0).receive(batch));
            assertEquals(0, pool.available());
            PacketBatch other = new PacketBatch(pool);
            assertEquals(0, port.rxQueue(0).receive(other), "no frame, no packet, no crash");
            assertEquals(12, port.pending(0));
            assertEquals(0, port.stats().rxDropped(), "waiting is not dropping");
            port.txQueue(0).transmit(batch);
            int got = 8;
            while (got < 20) {
                got += port.rxQueue(0).receive(batch);
                port.txQueue(0).transmit(batch);
            }
            assertEquals(start, pool.available());
            List<byte[]> out = port.transmitted();
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(in.get(i), out.get(i), "order kept across the stall");
            }
        }
    }

    @Test
    void framesLargerThanThePoolFrameAreCountedAsOversizeDropsAndSkipped() throws IOException {
        try (FramePool pool = new FramePool(16); DummyPort port = new DummyPort(1, "d3")) {
            List<byte[]> jumbo = Captures.frames(Captures.JUMBO);
            port.injectAll(jumbo);
            PacketBatch batch = new PacketBatch(pool);
            assertEquals(1, port.rxQueue(0).receive(batch));
            assertEquals(1514, batch.length[0]);
            assertEquals(3, port.stats().rxDropped());
            assertEquals(3, port.drops().get(DropReason.OVERSIZE_FRAME));
            assertEquals(1, port.stats().rxPackets());
            batch.freeAll();
            assertEquals(16, pool.available());
        }
    }

    @Test
    void boundedInjectQueueRefusesWhenFull() {
        try (DummyPort port = new DummyPort(1, "d4", DummyPortSettings.defaults().withInjectCapacity(4))) {
            assertEquals(4, port.injectAll(frames(10)));
            assertFalse(port.inject(frame(0, 60)));
        }
    }

    @Test
    void eachRxQueueReceivesOnlyWhatWasInjectedIntoIt() {
        DummyPortSettings s = DummyPortSettings.defaults().withQueues(2, 3);
        try (FramePool pool = new FramePool(64); DummyPort port = new DummyPort(1, "d5", s)) {
            assertEquals(2, port.rxQueueCount());
            assertEquals(3, port.txQueueCount());
            port.inject(1, frame(1, 64));
            PacketBatch batch = new PacketBatch(pool);
            assertEquals(0, port.rxQueue(0).receive(batch));
            assertEquals(1, port.rxQueue(1).receive(batch));
            assertEquals(1, port.txQueue(2).transmit(batch));
            assertEquals(1, port.transmitted().size());
        }
    }

    @Test
    void sinkModeCountsAndFreesWithoutKeepingFrames() {
        DummyPortSettings s = DummyPortSettings.defaults().withTxMode(DummyTxMode.SINK);
        try (FramePool pool = new FramePool(64); DummyPort port = new DummyPort(1, "d6", s)) {
            port.injectAll(frames(33));
            PacketBatch batch = new PacketBatch(pool);
            port.rxQueue(0).receive(batch);
            assertEquals(32, port.txQueue(0).transmit(batch));
            port.rxQueue(0).receive(batch);
            assertEquals(1, port.txQueue(0).transmit(batch));
            assertEquals(33, port.stats().txPackets());
            assertTrue(port.transmitted().isEmpty());
            assertEquals(64, pool.available());
        }
    }

    @Test
    void sinkModeSendsABitmaskOfABatchInPlace() {
        DummyPortSettings s = DummyPortSettings.defaults().withTxMode(DummyTxMode.SINK);
        try (FramePool pool = new FramePool(64); DummyPort port = new DummyPort(1, "d7", s)) {
            port.injectAll(frames(8));
            PacketBatch batch = new PacketBatch(pool);
            assertEquals(8, port.rxQueue(0).receive(batch));
            long bytes = batch.length[1] + batch.length[6];
            MaskedTxQueue q = (MaskedTxQueue) port.txQueue(0);
            assertEquals(2, q.transmit(batch, (1 << 1) | (1 << 6)));
            assertEquals(2, port.stats().txPackets());
            assertEquals(bytes, port.stats().txBytes());
            assertEquals(8, batch.count, "the batch is left as it was");
            assertEquals(64 - 6, pool.available(), "only the two sent frames are freed");
            assertEquals(6, q.transmit(batch, 0b1011_1101));
            assertEquals(64, pool.available());
        }
    }

    @Test
    void replayRingCyclesThroughItsFramesForever() {
        List<byte[]> ring = frames(3);
        try (FramePool pool = new FramePool(64);
             DummyPort port = DummyPort.replaying(1, "r0", ring, DummyPortSettings.defaults())) {
            PacketBatch batch = new PacketBatch(pool);
            for (int round = 0; round < 4; round++) {
                assertEquals(32, port.rxQueue(0).receive(batch));
                for (int i = 0; i < 32; i++) {
                    int expected = (round * 32 + i) % 3;
                    assertArrayEquals(ring.get(expected), bytesOf(batch, i));
                }
                port.txQueue(0).transmit(batch);
            }
            assertEquals(128, port.stats().rxPackets());
            assertEquals(64, pool.available());
            assertThrows(IllegalStateException.class, () -> port.inject(frame(0, 60)));
        }
    }

    @Test
    void anInjectingThreadAndAPollingThreadHandOverEveryFrameInOrder() throws InterruptedException {
        int n = 20_000;
        try (FramePool pool = new FramePool(256);
             DummyPort port = new DummyPort(1, "d7", DummyPortSettings.defaults().withInjectCapacity(64))) {
            Thread injector = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    byte[] f = new byte[64];
                    f[0] = (byte) (i >>> 24);
                    f[1] = (byte) (i >>> 16);
                    f[2] = (byte) (i >>> 8);
                    f[3] = (byte) i;
                    while (!port.inject(f)) {
                        Thread.onSpinWait();
                    }
                }
            });
            injector.start();
            PacketBatch batch = new PacketBatch(pool);
            int next = 0;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (next < n && System.nanoTime() < deadline) {
                int k = port.rxQueue(0).receive(batch);
                for (int i = 0; i < k; i++) {
                    int seq = pool.segment().get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(
                            java.nio.ByteOrder.BIG_ENDIAN), batch.dataAddress(i));
                    assertEquals(next++, seq);
                }
                batch.freeAll();
            }
            injector.join();
            assertEquals(n, next);
            assertEquals(256, pool.available());
        }
    }
}
