package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * An IEEE 802.2 LLC header with a one-byte (U-format) control field; the MAC header before it carries a
 * length.
 * <pre>
 * | DSAP (1) | SSAP (1) | control (1) |   IEEE 802.2 clause 3
 * </pre>
 */
public final class Llc extends Layer {
    private final int dsap;
    private final int ssap;
    private final int control;

    private Llc(int dsap, int ssap, int control) {
        this.dsap = dsap;
        this.ssap = ssap;
        this.control = control;
    }

    public static Llc of(int dsap, int ssap, int control) {
        return new Llc(dsap, ssap, control);
    }

    @Override
    boolean lengthFramed() {
        return true;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        return ByteBuffer.allocate(3 + inner.length).put((byte) dsap).put((byte) ssap).put((byte) control)
                .put(inner).array();
    }
}
