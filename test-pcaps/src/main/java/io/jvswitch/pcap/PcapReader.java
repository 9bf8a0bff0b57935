package io.jvswitch.pcap;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads classic libpcap files (not pcapng): both byte orders, microsecond (0xa1b2c3d4) and nanosecond
 * (0xa1b23c4d) timestamps, Ethernet link type expected but not enforced (see {@link #linkType()}).
 *
 * <pre>
 * file header (24 bytes): magic u32 | version major u16 | minor u16 | thiszone s32 | sigfigs u32 |
 *                          snaplen u32 | network (link type) u32
 * record header (16 bytes): ts_sec u32 | ts_frac u32 | incl_len u32 | orig_len u32, then incl_len bytes
 * </pre>
 * Malformed input (bad magic, a record longer than {@link #MAX_RECORD}, a truncated record) raises
 * {@link PcapFormatException} with the offset; a clean end of file returns {@code null} from {@link #next()}.
 */
public final class PcapReader implements AutoCloseable {
    public static final int MAGIC_MICROS = 0xa1b2c3d4;
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    public static final int LINKTYPE_ETHERNET = 1;
    /** Upper bound on one record, far above any jumbo frame; guards against corrupt length fields. */
    public static final int MAX_RECORD = 256 * 1024;

    private final InputStream in;
    private final String name;
    private final ByteOrder order;
    private final boolean nanos;
    private final int snaplen;
    private final int linkType;
    private final byte[] header = new byte[16];
    private long offset;

    public PcapReader(InputStream in, String name) throws IOException {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        this.name = name;
        byte[] fh = new byte[24];
        if (!readFully(fh)) {
            throw new PcapFormatException(name + ": not a pcap file (shorter than its 24-byte header)");
        }
        int magicBe = ByteBuffer.wrap(fh).order(ByteOrder.BIG_ENDIAN).getInt(0);
        int magicLe = ByteBuffer.wrap(fh).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magicBe == MAGIC_MICROS || magicBe == MAGIC_NANOS) {
            order = ByteOrder.BIG_ENDIAN;
            nanos = magicBe == MAGIC_NANOS;
        } else if (magicLe == MAGIC_MICROS || magicLe == MAGIC_NANOS) {
            order = ByteOrder.LITTLE_ENDIAN;
            nanos = magicLe == MAGIC_NANOS;
        } else {
            throw new PcapFormatException(String.format("%s: not a pcap file (magic 0x%08x)", name, magicBe));
        }
        ByteBuffer b = ByteBuffer.wrap(fh).order(order);
        snaplen = b.getInt(16);
        linkType = b.getInt(20);
        offset = 24;
    }

    public static PcapReader open(Path file) throws IOException {
        return new PcapReader(Files.newInputStream(file), file.toString());
    }

    public int linkType() {
        return linkType;
    }

    public int snaplen() {
        return snaplen;
    }

    public boolean nanosecondTimestamps() {
        return nanos;
    }

    /** The next record, or {@code null} at a clean end of file. */
    public PcapRecord next() throws IOException {
        int n = in.readNBytes(header, 0, 16);
        if (n == 0) {
            return null;
        }
        if (n < 16) {
            throw new PcapFormatException(name + ": truncated record header at offset " + offset);
        }
        ByteBuffer b = ByteBuffer.wrap(header).order(order);
        long sec = Integer.toUnsignedLong(b.getInt(0));
        long frac = Integer.toUnsignedLong(b.getInt(4));
        long incl = Integer.toUnsignedLong(b.getInt(8));
        long orig = Integer.toUnsignedLong(b.getInt(12));
        if (incl > MAX_RECORD) {
            throw new PcapFormatException(name + ": record at offset " + offset + " claims " + incl + " bytes");
        }
        byte[] data = new byte[(int) incl];
        if (!readFully(data)) {
            throw new PcapFormatException(name + ": truncated record at offset " + offset);
        }
        offset += 16 + incl;
        long ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1000L);
        return new PcapRecord(ts, (int) Math.min(orig, Integer.MAX_VALUE), data);
    }

    private boolean readFully(byte[] buf) throws IOException {
        try {
            int n = in.readNBytes(buf, 0, buf.length);
            return n == buf.length;
        } catch (EOFException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
