package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * GRE header without optional fields (RFC 2784 2): | C 1 | reserved0 12 | version 3 | protocol type 16 |.
 * The protocol type is the next layer's Ethernet type (0x6558 for an Ethernet payload).
 */
public final class Gre extends Layer {
    public static final int PROTO = 47;

    private Gre() {
    }

    public static Gre of() {
        return new Gre();
    }

    @Override
    int ipProto() {
        return PROTO;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        return ByteBuffer.allocate(4 + inner.length).putShort((short) 0)
                .putShort((short) typeField(-1, frame.next(index), inner.length)).put(inner).array();
    }
}
