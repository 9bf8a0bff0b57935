package io.jvswitch.vport.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.pcap.Captures;
import io.jvswitch.pcap.PcapWriter;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class PcapPortReplayTest {
    static final List<String> CAPTURES = Captures.ALL;

    @TempDir
    Path dir;

    @ParameterizedTest
    @FieldSource("CAPTURES")
    void replayOnceDeliversEveryRecordInOrderWithMatchingCountsAndBytes(String name) throws IOException {
        List<byte[]> expected = Captures.frames(name);
        try (FramePool pool = new FramePool(64, 16384, 128);
             PcapPort port = PcapPort.open(3, "p0", PcapPortSettings.rxOnly(Captures.copyTo(name, dir)))) {
            PacketBatch batch = new PacketBatch(pool);
            int got = 0;
            while (!port.rxDone()) {
                int k = port.rxQueue(0).receive(batch);
                for (int i = 0; i < k; i++) {
                    assertEquals(3, batch.inPort[i]);
                    byte[] actual = pool.segment().asSlice(batch.dataAddress(i), batch.length[i])
                            .toArray(ValueLayout.JAVA_BYTE);
                    assertArrayEquals(expected.get(got + i), actual, name + " record " + (got + i));
                }
                got += k;
                batch.freeAll();
            }
            assertEquals(0, port.rxQueue(0).receive(batch), "once means once");
            long bytes = expected.stream().mapToLong(b -> b.length).sum();
            assertEquals(expected.size(), got);
            assertEquals(expected.size(), port.stats().rxPackets());
            assertEquals(bytes, port.stats().rxBytes());
            assertEquals(expected.size(), port.rxFrameCount());
            assertEquals(bytes, port.rxFrameBytes());
            assertEquals(0, port.stats().rxDropped());
            assertEquals(64, pool.available());
        }
    }

    @Test
    void loopModeWrapsAroundToTheFirstRecord() throws IOException {
        List<byte[]> expected = Captures.frames(Captures.ARP);
        PcapPortSettings s = PcapPortSettings.rxOnly(Captures.copyTo(Captures.ARP, dir)).withLoop(true);
        try (FramePool pool = new FramePool(64); PcapPort port = PcapPort.open(1, "loop", s)) {
            PacketBatch batch = new PacketBatch(pool);
            int total = 0;
            for (int round = 0; round < 10; round++) {
                int k = port.rxQueue(0).receive(batch);
                for (int i = 0; i < k; i++) {
                    assertEquals(expected.get((total + i) % expected.size()).length, batch.length[i]);
                }
                total += k;
                batch.freeAll();
            }
            assertEquals(10 * PacketBatch.MAX_BURST, total);
            assertFalse(port.rxDone());
        }
    }

    @Test
    void jumboFramesLargerThanThePoolAreCountedAsOversizeDropsNotCrashes() throws IOException {
        Path jumbo = Captures.copyTo(Captures.JUMBO, dir);
        try (FramePool pool = new FramePool(32);
             PcapPort port = PcapPort.open(1, "j", PcapPortSettings.rxOnly(jumbo))) {
            PacketBatch batch = new PacketBatch(pool);
            assertEquals(1, port.rxQueue(0).receive(batch));
            assertEquals(1514, batch.length[0]);
            assertTrue(port.rxDone());
            assertEquals(3, port.stats().rxDropped());
            assertEquals(3, port.drops().get(DropReason.OVERSIZE_FRAME));
            batch.freeAll();
            assertEquals(32, pool.available());
        }
        try (FramePool big = new FramePool(8, 10240, 128); PcapPort port = PcapPort.open(1, "j",
                PcapPortSettings.rxOnly(jumbo))) {
            PacketBatch batch = new PacketBatch(big);
            assertEquals(4, port.rxQueue(0).receive(batch), "a 9018-byte frame fits a 10 KiB pool frame");
            batch.freeAll();
        }
    }

    @Test
    void aLoopOfNothingButOversizeFramesReturnsPromptlyAndCountsEachLook() throws IOException {
        Path file = dir.resolve("only-jumbo.pcap");
        try (PcapWriter w = PcapWriter.create(file)) {
            w.write(0, new byte[9014]);
        }
        try (FramePool pool = new FramePool(32);
             PcapPort port = PcapPort.open(1, "j", PcapPortSettings.rxOnly(file).withLoop(true))) {
            PacketBatch batch = new PacketBatch(pool);
            assertEquals(0, port.rxQueue(0).receive(batch));
            assertEquals(PacketBatch.MAX_BURST, port.stats().rxDropped());
        }
    }

    @Test
    void exhaustedPoolPausesReplayWithoutLosingFrames() throws IOException {
        List<byte[]> expected = Captures.frames(Captures.VLAN);
        try (FramePool pool = new FramePool(5);
             PcapPort port = PcapPort.open(1, "p", PcapPortSettings.rxOnly(Captures.copyTo(Captures.VLAN, dir)))) {
            PacketBatch batch = new PacketBatch(pool);
            int got = 0;
            while (!port.rxDone()) {
                int k = port.rxQueue(0).receive(batch);
                assertTrue(k <= 5);
                for (int i = 0; i < k; i++) {
                    assertEquals(expected.get(got + i).length, batch.length[i]);
                }
                got += k;
                batch.freeAll();
            }
            assertEquals(expected.size(), got);
            assertEquals(0, port.stats().rxDropped());
            assertEquals(5, pool.available());
        }
    }
}
