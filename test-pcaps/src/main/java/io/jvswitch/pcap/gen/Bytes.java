package io.jvswitch.pcap.gen;

/** Byte-array literals from ints, so captures can be written as {@code Bytes.of(0xaa, 0xaa, 3)}. */
public final class Bytes {
    private Bytes() {
    }

    public static byte[] of(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
