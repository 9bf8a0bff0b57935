package io.jvswitch.vport.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.pcap.Captures;
import io.jvswitch.pcap.PcapReader;
import io.jvswitch.pcap.PcapRecord;
import io.jvswitch.pcap.testing.ExternalTools;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapPortRecordTest {
    private static final long EPOCH = 1_704_067_200_000_000_000L;

    @TempDir
    Path dir;

    private static void send(PcapPort port, FramePool pool, List<byte[]> frames) {
        PacketBatch batch = new PacketBatch(pool);
        for (byte[] f : frames) {
            int fr = pool.alloc();
            MemorySegment.copy(f, 0, pool.segment(), ValueLayout.JAVA_BYTE, pool.frameOffset(fr) + pool.headroom(),
                    f.length);
            batch.add(fr, pool.headroom(), f.length, 0);
            if (batch.isFull()) {
                port.txQueue(0).transmit(batch);
            }
        }
        port.txQueue(0).transmit(batch);
    }

    private static List<PcapRecord> readBack(Path file) throws IOException {
        List<PcapRecord> out = new ArrayList<>();
        try (PcapReader r = PcapReader.open(file)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
        }
        return out;
    }

    @Test
    void everyTransmittedFrameIsRecordedAndTsharkReadsThemAll() throws IOException {
        List<byte[]> frames = Captures.frames(Captures.MIXED);
        Path out = dir.resolve("tx.pcap");
        AtomicLong clock = new AtomicLong(EPOCH);
        try (FramePool pool = new FramePool(64);
             PcapPort port = PcapPort.open(2, "rec", PcapPortSettings.txOnly(out), clock::get, clock::get)) {
            send(port, pool, frames);
            assertEquals(64, pool.available(), "transmit frees every frame");
            assertEquals(frames.size(), port.stats().txPackets());
            assertEquals(0, port.stats().txDropped());
            assertEquals(0, port.rxQueue(0).receive(new PacketBatch(pool)), "tx-only port never receives");
        }
        List<PcapRecord> back = readBack(out);
        assertEquals(frames.size(), back.size());
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), back.get(i).data());
            assertEquals(EPOCH, back.get(i).timestampNanos());
        }
        assertEquals(frames.size(), ExternalTools.tsharkPacketCount(out));
    }

    @Test
    void aPortThatReplaysAndRecordsWritesWhatItForwardsAndTsharkAgrees() throws IOException {
        for (String name : List.of(Captures.IPV4, Captures.IPV6, Captures.ETHERNET_LLC, Captures.JUMBO)) {
            Path out = dir.resolve("fwd-" + name);
            int expected = Captures.frames(name).size();
            try (FramePool pool = new FramePool(64, 10240, 128);
                 PcapPort port = PcapPort.open(1, "fwd", PcapPortSettings.of(Captures.copyTo(name, dir), out))) {
                PacketBatch batch = new PacketBatch(pool);
                while (!port.rxDone()) {
                    port.rxQueue(0).receive(batch);
                    port.txQueue(0).transmit(batch);
                }
                assertEquals(expected, port.stats().txPackets());
                assertEquals(port.stats().rxBytes(), port.stats().txBytes());
            }
            assertEquals(expected, ExternalTools.tsharkPacketCount(out), name);
            assertEquals(expected, readBack(out).size(), name);
        }
    }

    @Test
    void recordedFramesReachTheFileOncePerFlushIntervalBeforeClose() throws IOException {
        Path out = dir.resolve("flush.pcap");
        AtomicLong mono = new AtomicLong();
        PcapPortSettings s = PcapPortSettings.txOnly(out).withFlushIntervalNanos(1_000_000);
        try (FramePool pool = new FramePool(64);
             PcapPort port = PcapPort.open(1, "f", s, () -> EPOCH, mono::get)) {
            send(port, pool, List.of(new byte[60]));
            assertEquals(24, Files.size(out), "buffered: only the file header so far");
            mono.addAndGet(1_000_000);
            send(port, pool, List.of(new byte[60]));
            assertEquals(24 + 2 * (16 + 60), Files.size(out), "the interval passed: flushed");
            send(port, pool, List.of(new byte[60]));
            port.flush();
            assertEquals(24 + 3 * (16 + 60), Files.size(out));
            assertNull(port.txError());
        }
    }

    @Test
    void rxOnlyPortCountsTransmittedFramesAsDropsAndFreesThem() throws IOException {
        try (FramePool pool = new FramePool(64);
             PcapPort port = PcapPort.open(1, "r", PcapPortSettings.rxOnly(Captures.copyTo(Captures.ARP, dir)))) {
            send(port, pool, List.of(new byte[60], new byte[60]));
            assertEquals(2, port.stats().txDropped());
            assertEquals(0, port.stats().txPackets());
            assertEquals(64, pool.available());
            assertTrue(port.type().equals("pcap"));
        }
    }
}
