package io.jvswitch.pcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes classic libpcap files (little-endian, microsecond timestamps, LINKTYPE_ETHERNET), the format
 * {@code tshark -r} and {@code ovs-ofctl parse-pcap} read. See {@link PcapReader} for the layout.
 */
public final class PcapWriter implements AutoCloseable {
    public static final int DEFAULT_SNAPLEN = 262144;

    private final OutputStream out;
    private final byte[] recordHeader = new byte[16];
    private final ByteBuffer rh = ByteBuffer.wrap(recordHeader).order(ByteOrder.LITTLE_ENDIAN);
    private byte[] copyBuf = new byte[2048];
    private final int snaplen;

    public PcapWriter(OutputStream out, int snaplen) throws IOException {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.snaplen = snaplen;
        ByteBuffer fh = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        fh.putInt(PcapReader.MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snaplen).putInt(PcapReader.LINKTYPE_ETHERNET);
        this.out.write(fh.array());
    }

    public static PcapWriter create(Path file) throws IOException {
        return new PcapWriter(Files.newOutputStream(file), DEFAULT_SNAPLEN);
    }

    /** Writes one packet captured whole. */
    public void write(long timestampNanos, byte[] data) throws IOException {
        write(timestampNanos, data, 0, data.length, data.length);
    }

    /**
     * Writes one record of {@code len} captured bytes from {@code data[off..]}, whose original wire length was
     * {@code originalLength} (larger than {@code len} for a truncated capture).
     */
    public void write(long timestampNanos, byte[] data, int off, int len, int originalLength) throws IOException {
        int incl = Math.min(len, snaplen);
        rh.putInt(0, (int) (timestampNanos / 1_000_000_000L));
        rh.putInt(4, (int) ((timestampNanos % 1_000_000_000L) / 1000L));
        rh.putInt(8, incl);
        rh.putInt(12, Math.max(originalLength, incl));
        out.write(recordHeader);
        out.write(data, off, incl);
    }

    /** Writes one packet straight from packet memory (reuses an internal buffer; no per-call allocation). */
    public void write(long timestampNanos, MemorySegment seg, long address, int len) throws IOException {
        if (copyBuf.length < len) {
            copyBuf = new byte[Math.max(len, copyBuf.length * 2)];
        }
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, address, copyBuf, 0, len);
        write(timestampNanos, copyBuf, 0, len, len);
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
