package io.jvswitch.vport.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.pcap.Captures;
import io.jvswitch.pcap.PcapFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapPortMalformedInputTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private Path truncatedMixed() throws IOException {
        byte[] whole = Files.readAllBytes(Captures.copyTo(Captures.MIXED, dir));
        return write("cut.pcap", Arrays.copyOf(whole, whole.length - 30));
    }

    @Test
    void garbageFailsAtOpenSayingItIsNotAPcapFile() throws IOException {
        Path p = write("garbage.pcap", "this is not a capture, just some text".getBytes());
        IOException e = assertThrows(IOException.class, () -> PcapPort.open(1, "g", PcapPortSettings.rxOnly(p)));
        assertTrue(e.getMessage().contains("not a pcap file"), e.getMessage());
        assertTrue(e.getMessage().contains("garbage.pcap"), e.getMessage());
    }

    @Test
    void emptyAndHeaderlessFilesFailAtOpen() throws IOException {
        Path empty = write("empty.pcap", new byte[0]);
        Path shortHeader = write("short.pcap", new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1});
        for (Path p : new Path[] {empty, shortHeader}) {
            IOException e = assertThrows(IOException.class, () -> PcapPort.open(1, "e", PcapPortSettings.rxOnly(p)));
            assertTrue(e.getMessage().contains("shorter than its 24-byte header"), e.getMessage());
        }
    }

    @Test
    void missingRxFileFailsAtOpen() {
        Path p = dir.resolve("absent.pcap");
        IOException e = assertThrows(IOException.class, () -> PcapPort.open(1, "m", PcapPortSettings.rxOnly(p)));
        assertTrue(e.getMessage().contains("absent.pcap"), e.getMessage());
    }

    @Test
    void truncatedFileFailsAtOpenNamingTheOffsetWhenStrict() throws IOException {
        Path p = truncatedMixed();
        PcapFormatException e = assertThrows(PcapFormatException.class,
                () -> PcapPort.open(1, "t", PcapPortSettings.rxOnly(p)));
        assertTrue(e.getMessage().contains("truncated record at offset"), e.getMessage());
    }

    @Test
    void truncatedFileReplaysItsValidPrefixAndReportsWhereItStoppedWhenLenient() throws IOException {
        Path p = truncatedMixed();
        int whole = Captures.frames(Captures.MIXED).size();
        try (FramePool pool = new FramePool(64);
             PcapPort port = PcapPort.open(1, "t", PcapPortSettings.rxOnly(p).withStrict(false))) {
            assertNotNull(port.rxLoadError());
            assertTrue(port.rxLoadError().contains("truncated record"), port.rxLoadError());
            assertEquals(whole - 1, port.rxFrameCount());
            PacketBatch batch = new PacketBatch(pool);
            long got = 0;
            while (!port.rxDone()) {
                got += port.rxQueue(0).receive(batch);
                batch.freeAll();
            }
            assertEquals(whole - 1, got);
        }
    }

    @Test
    void absurdRecordLengthFailsAtOpen() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(0).putInt(0).putInt(0x7fffffff).putInt(0x7fffffff);
        Path p = write("huge.pcap", b.array());
        IOException e = assertThrows(IOException.class, () -> PcapPort.open(1, "h", PcapPortSettings.rxOnly(p)));
        assertTrue(e.getMessage().contains("claims"), e.getMessage());
    }

    @Test
    void nonEthernetLinkTypeFailsAtOpen() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        Path p = write("raw-ip.pcap", b.array());
        IOException e = assertThrows(IOException.class, () -> PcapPort.open(1, "l", PcapPortSettings.rxOnly(p)));
        assertTrue(e.getMessage().contains("link type 101"), e.getMessage());
    }

    @Test
    void headerOnlyFileOpensAndReplaysNothingEvenInALoop() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        Path p = write("header-only.pcap", b.array());
        try (FramePool pool = new FramePool(8);
             PcapPort port = PcapPort.open(1, "z", PcapPortSettings.rxOnly(p).withLoop(true))) {
            assertEquals(0, port.rxQueue(0).receive(new PacketBatch(pool)));
            assertTrue(port.rxDone());
        }
    }

    @Test
    void unwritableTxFileFailsAtOpen() {
        Path p = dir.resolve("no-such-dir").resolve("tx.pcap");
        IOException e = assertThrows(IOException.class, () -> PcapPort.open(1, "w", PcapPortSettings.txOnly(p)));
        assertTrue(e.getMessage().contains("cannot create tx capture"), e.getMessage());
    }

    @Test
    void settingsWithNeitherFileAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PcapPortSettings.of(null, null));
    }
}
