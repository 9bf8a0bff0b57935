package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * SCTP common header (RFC 9260 3.1) with the CRC32c checksum (Appendix A, stored as the little-endian bytes
 * of the reflected CRC); chunks follow as further layers.
 * <pre>
 * | src port 16 | dst port 16 | verification tag 32 | checksum 32 |
 * </pre>
 */
public final class Sctp extends Layer {
    public static final int PROTO = 132;

    private final int srcPort;
    private final int dstPort;
    private final int tag;

    private Sctp(int srcPort, int dstPort, int tag) {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.tag = tag;
    }

    public static Sctp of(int srcPort, int dstPort, int verificationTag) {
        return new Sctp(srcPort, dstPort, verificationTag);
    }

    /** An INIT chunk (type 1) with the given initiate tag and no parameters. */
    public static Raw initChunk(int initiateTag) {
        return Raw.of(ByteBuffer.allocate(20).put((byte) 1).put((byte) 0).putShort((short) 20).putInt(initiateTag)
                .putInt(65536).putShort((short) 10).putShort((short) 10).putInt(1).array());
    }

    @Override
    int ipProto() {
        return PROTO;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        byte[] b = new byte[12 + inner.length];
        ByteBuffer.wrap(b).putShort((short) srcPort).putShort((short) dstPort).putInt(tag).putInt(0).put(inner);
        CRC32C crc = new CRC32C();
        crc.update(b);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) crc.getValue());
        return b;
    }
}
