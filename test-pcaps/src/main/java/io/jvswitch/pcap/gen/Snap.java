package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * LLC with a SNAP header (IEEE 802 clause 10.3): LLC AA-AA-03, then an OUI and a type. With OUI 00-00-00 the
 * type is an Ethernet type (RFC 1042), which OVS reads as the frame's dl_type.
 * <pre>
 * | AA | AA | 03 | OUI (3) | type (2) |
 * </pre>
 */
public final class Snap extends Layer {
    private final int oui;
    private int type = -1;

    private Snap(int oui) {
        this.oui = oui;
    }

    /** RFC 1042 encapsulation (OUI 0). */
    public static Snap rfc1042() {
        return new Snap(0);
    }

    public static Snap of(int oui) {
        return new Snap(oui);
    }

    public Snap type(int value) {
        type = value;
        return this;
    }

    @Override
    boolean lengthFramed() {
        return true;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        return ByteBuffer.allocate(8 + inner.length).put((byte) 0xaa).put((byte) 0xaa).put((byte) 3)
                .put((byte) (oui >>> 16)).put((byte) (oui >>> 8)).put((byte) oui)
                .putShort((short) typeField(type, frame.next(index), inner.length)).put(inner).array();
    }
}
