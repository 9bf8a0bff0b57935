package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * UDP header (RFC 768) with length and checksum (over the IP pseudo-header) computed.
 * <pre>
 * | src port 16 | dst port 16 | length 16 | checksum 16 |
 * </pre>
 */
public final class Udp extends Layer {
    public static final int PROTO = 17;

    private final int srcPort;
    private final int dstPort;
    private int length = -1;

    private Udp(int srcPort, int dstPort) {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
    }

    public static Udp of(int srcPort, int dstPort) {
        return new Udp(srcPort, dstPort);
    }

    /** Overrides the length field. */
    public Udp length(int value) {
        length = value;
        return this;
    }

    @Override
    int ipProto() {
        return PROTO;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        byte[] b = new byte[8 + inner.length];
        int len = length >= 0 ? length : b.length;
        ByteBuffer.wrap(b).putShort((short) srcPort).putShort((short) dstPort).putShort((short) len)
                .putShort((short) 0).put(inner);
        int c = Checksum.of(frame.pseudoHeaderSum(index, PROTO, b.length), b, 0, b.length);
        Checksum.put(b, 6, c == 0 ? 0xffff : c);
        return b;
    }
}
