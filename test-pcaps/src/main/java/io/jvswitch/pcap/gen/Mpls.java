package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * One MPLS label stack entry (RFC 3032 2.1). Bottom of stack is set unless the next layer is another entry.
 * <pre>
 * | label (20) | TC (3) | S (1) | TTL (8) |
 * </pre>
 */
public final class Mpls extends Layer {
    public static final int TYPE_UNICAST = 0x8847;
    public static final int TYPE_MULTICAST = 0x8848;

    private final int label;
    private int tc;
    private int ttl = 64;
    private int etherType = TYPE_UNICAST;
    private Boolean bos;

    private Mpls(int label) {
        this.label = label;
    }

    public static Mpls of(int label) {
        return new Mpls(label);
    }

    public Mpls tc(int value) {
        tc = value;
        return this;
    }

    public Mpls ttl(int value) {
        ttl = value;
        return this;
    }

    /** Announce with Ethernet type 0x8848 (multicast) instead of 0x8847. */
    public Mpls multicast() {
        etherType = TYPE_MULTICAST;
        return this;
    }

    /** Sets the bottom-of-stack bit explicitly. */
    public Mpls bos(boolean value) {
        bos = value;
        return this;
    }

    @Override
    int etherType() {
        return etherType;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        boolean s = bos != null ? bos : !(frame.next(index) instanceof Mpls);
        int lse = (label & 0xfffff) << 12 | (tc & 7) << 9 | (s ? 1 << 8 : 0) | (ttl & 0xff);
        return ByteBuffer.allocate(4 + inner.length).putInt(lse).put(inner).array();
    }
}
