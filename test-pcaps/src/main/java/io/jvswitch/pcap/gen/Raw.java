package io.jvswitch.pcap.gen;

import java.nio.charset.StandardCharsets;

/** Opaque payload bytes; may announce itself with an Ethernet type or IP protocol set here. */
public final class Raw extends Layer {
    private final byte[] data;
    private int etherType = -1;
    private int ipProto = -1;

    private Raw(byte[] data) {
        this.data = data;
    }

    public static Raw of(byte... data) {
        return new Raw(data.clone());
    }

    /** Bytes given as ints (each taken modulo 256), for literals. */
    public static Raw of(int... values) {
        return new Raw(Bytes.of(values));
    }

    public static Raw text(String text) {
        return new Raw(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code n} bytes counting up from 0 (mod 256). */
    public static Raw pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return new Raw(b);
    }

    public Raw etherType(int value) {
        etherType = value;
        return this;
    }

    public Raw ipProto(int value) {
        ipProto = value;
        return this;
    }

    @Override
    int etherType() {
        return etherType;
    }

    @Override
    int ipProto() {
        return ipProto;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        return Frame.concat(data, inner);
    }
}
