package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * Ethernet II / IEEE 802.3 MAC header.
 * <pre>
 * | dst (6) | src (6) | type or length (2) |   IEEE 802.3 clause 3.1.1; a value below 0x0600 is a length
 * </pre>
 * The type field announces the next layer; before {@link Llc} or {@link Snap} it is the payload length.
 */
public final class Ethernet extends Layer {
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_IPV6 = 0x86dd;
    /** Transparent Ethernet bridging, the GRE protocol type of an Ethernet payload. */
    public static final int TYPE_TEB = 0x6558;

    private final byte[] dst;
    private final byte[] src;
    private int type = -1;

    private Ethernet(byte[] dst, byte[] src) {
        this.dst = dst.clone();
        this.src = src.clone();
    }

    public static Ethernet of(byte[] dst, byte[] src) {
        return new Ethernet(dst, src);
    }

    /** Sets the type/length field explicitly. */
    public Ethernet type(int value) {
        type = value;
        return this;
    }

    @Override
    int etherType() {
        return TYPE_TEB;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        return ByteBuffer.allocate(14 + inner.length).put(dst).put(src)
                .putShort((short) typeField(type, frame.next(index), inner.length)).put(inner).array();
    }
}
