package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * An IPv6 extension header (RFC 8200 4): hop-by-hop, routing, destination options, fragment, or AH
 * (RFC 4302 2). The next-header byte is filled from the next layer; the length byte from the body unless
 * overridden (an override makes a header that claims to run past its data).
 * <pre>
 * options/routing: | next header | hdr ext len (8-octet units, minus 1) | body ...           |
 * fragment:        | next header | reserved | offset 13 | res 2 | M 1 | identification 32  |
 * AH:              | next header | payload len (4-octet units, minus 2) | reserved | SPI | seq | ICV |
 * </pre>
 */
public final class Ipv6Ext extends Layer {
    public static final int HOP_BY_HOP = 0;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int AH = 51;
    public static final int DEST_OPTS = 60;
    public static final int NO_NEXT_HEADER = 59;

    private final int type;
    /** Bytes after the first two (next header, length). */
    private final byte[] body;
    private int lengthField = -1;
    private int nextHeader = -1;
    private byte[] finalDestination;

    private Ipv6Ext(int type, byte[] body) {
        this.type = type;
        this.body = body;
    }

    /** The last address of a routing header with segments left, else null. */
    byte[] finalDestination() {
        return finalDestination;
    }

    /** Hop-by-hop options; {@code options} are padded with PadN to a multiple of 8 with the 2-byte prefix. */
    public static Ipv6Ext hopByHop(byte... options) {
        return new Ipv6Ext(HOP_BY_HOP, padOptions(options));
    }

    public static Ipv6Ext destOpts(byte... options) {
        return new Ipv6Ext(DEST_OPTS, padOptions(options));
    }

    /** A type 0-style routing header listing {@code addresses}, with {@code segmentsLeft}. */
    public static Ipv6Ext routing(int routingType, int segmentsLeft, byte[]... addresses) {
        ByteBuffer b = ByteBuffer.allocate(6 + 16 * addresses.length);
        b.put((byte) routingType).put((byte) segmentsLeft).putInt(0);
        for (byte[] a : addresses) {
            b.put(a);
        }
        Ipv6Ext ext = new Ipv6Ext(ROUTING, b.array());
        if (segmentsLeft > 0 && addresses.length > 0) {
            ext.finalDestination = addresses[addresses.length - 1].clone();
        }
        return ext;
    }

    /** Fragment header; {@code offsetUnits} in 8-byte units. */
    public static Ipv6Ext fragment(int offsetUnits, boolean more, int identification) {
        ByteBuffer b = ByteBuffer.allocate(6);
        b.putShort((short) ((offsetUnits & 0x1fff) << 3 | (more ? 1 : 0))).putInt(identification);
        return new Ipv6Ext(FRAGMENT, b.array()).lengthField(0);
    }

    /** Authentication header with a 12-byte ICV (HMAC-SHA1-96 size). */
    public static Ipv6Ext ah(int spi, int sequence) {
        ByteBuffer b = ByteBuffer.allocate(22);
        b.putShort((short) 0).putInt(spi).putInt(sequence);
        for (int i = 0; i < 12; i++) {
            b.put((byte) (0xa0 + i));
        }
        return new Ipv6Ext(AH, b.array());
    }

    /** Overrides the length byte. */
    public Ipv6Ext lengthField(int value) {
        lengthField = value;
        return this;
    }

    public Ipv6Ext nextHeader(int value) {
        nextHeader = value;
        return this;
    }

    /** A Router Alert option (RFC 2711) for hop-by-hop headers, value 0 (MLD). */
    public static byte[] routerAlert() {
        return new byte[] {5, 2, 0, 0};
    }

    private static byte[] padOptions(byte[] options) {
        int len = 2 + options.length;
        int padded = (len + 7) / 8 * 8;
        byte[] body = new byte[padded - 2];
        System.arraycopy(options, 0, body, 0, options.length);
        int pad = padded - len;
        if (pad == 1) {
            body[options.length] = 0;
        } else if (pad > 1) {
            body[options.length] = 1;
            body[options.length + 1] = (byte) (pad - 2);
        }
        return body;
    }

    @Override
    int ipProto() {
        return type;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        int total = 2 + body.length;
        int len = lengthField >= 0 ? lengthField : type == AH ? total / 4 - 2 : total / 8 - 1;
        return ByteBuffer.allocate(total + inner.length)
                .put((byte) protoField(nextHeader, frame.next(index), NO_NEXT_HEADER)).put((byte) len)
                .put(body).put(inner).array();
    }
}
