package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * Neighbor Discovery options (RFC 4861 4.6): type, length in units of 8 octets (including type and length),
 * value. {@link #raw} writes any length byte, for malformed (zero or too long) options.
 */
public final class NdOption {
    public static final int SOURCE_LL_ADDR = 1;
    public static final int TARGET_LL_ADDR = 2;
    public static final int PREFIX_INFO = 3;
    public static final int MTU = 5;

    private NdOption() {
    }

    public static byte[] sourceLinkAddr(byte[] mac) {
        return ByteBuffer.allocate(8).put((byte) SOURCE_LL_ADDR).put((byte) 1).put(mac).array();
    }

    public static byte[] targetLinkAddr(byte[] mac) {
        return ByteBuffer.allocate(8).put((byte) TARGET_LL_ADDR).put((byte) 1).put(mac).array();
    }

    public static byte[] mtu(int mtu) {
        return ByteBuffer.allocate(8).put((byte) MTU).put((byte) 1).putShort((short) 0).putInt(mtu).array();
    }

    /** Prefix information: on-link and autonomous, valid/preferred lifetimes, a /{@code prefixLength}. */
    public static byte[] prefix(byte[] prefix, int prefixLength) {
        return ByteBuffer.allocate(32).put((byte) PREFIX_INFO).put((byte) 4).put((byte) prefixLength)
                .put((byte) 0xc0).putInt(2592000).putInt(604800).putInt(0).put(prefix).array();
    }

    /** An option with an arbitrary length byte and the given value bytes (no padding added). */
    public static byte[] raw(int type, int lengthUnits, byte... value) {
        return ByteBuffer.allocate(2 + value.length).put((byte) type).put((byte) lengthUnits).put(value).array();
    }
}
