package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * IPv4 header (RFC 791 3.1) with options padded to 32 bits. Version, IHL, total length, protocol and header
 * checksum are computed unless overridden (the overrides make malformed headers).
 * <pre>
 * | ver 4 | IHL 4 | DSCP 6 | ECN 2 | total length 16        |
 * | identification 16     | flags 3 | fragment offset 13     |
 * | TTL 8 | protocol 8    | header checksum 16             |
 * | source address 32 | destination address 32 | options ...  |
 * </pre>
 */
public final class Ipv4 extends Layer implements IpHeader {
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;

    private final byte[] src;
    private final byte[] dst;
    private int tos;
    private int id;
    private int flags;
    private int fragOffsetUnits;
    private int ttl = 64;
    private int proto = -1;
    private byte[] options = new byte[0];
    private int ihl = -1;
    private int totalLength = -1;

    private Ipv4(byte[] src, byte[] dst) {
        this.src = src.clone();
        this.dst = dst.clone();
    }

    public static Ipv4 of(byte[] src, byte[] dst) {
        return new Ipv4(src, dst);
    }

    /** DSCP (6 bits) and ECN (2 bits) as one byte. */
    public Ipv4 tos(int value) {
        tos = value;
        return this;
    }

    public Ipv4 dscpEcn(int dscp, int ecn) {
        return tos(dscp << 2 | ecn);
    }

    public Ipv4 id(int value) {
        id = value;
        return this;
    }

    /** {@link #FLAG_DF} and/or {@link #FLAG_MF} (and 0x8000, the reserved "evil" bit). */
    public Ipv4 flags(int value) {
        flags = value;
        return this;
    }

    /** Fragment offset in 8-byte units. */
    public Ipv4 fragmentOffset(int units) {
        fragOffsetUnits = units;
        return this;
    }

    public Ipv4 ttl(int value) {
        ttl = value;
        return this;
    }

    public Ipv4 proto(int value) {
        proto = value;
        return this;
    }

    /** Option bytes; zero-padded (End of Option List) to a multiple of 4. */
    public Ipv4 options(byte... value) {
        options = value.clone();
        return this;
    }

    /** Option bytes given as ints (each taken modulo 256). */
    public Ipv4 options(int... value) {
        return options(Bytes.of(value));
    }

    /** Overrides the IHL field (in 32-bit words); the encoded header length does not change. */
    public Ipv4 ihl(int words) {
        ihl = words;
        return this;
    }

    /** Overrides the total length field. */
    public Ipv4 totalLength(int value) {
        totalLength = value;
        return this;
    }

    @Override
    int etherType() {
        return Ethernet.TYPE_IPV4;
    }

    @Override
    int ipProto() {
        return 4;
    }

    @Override
    public long pseudoHeaderSum(int protocol, int upperLength, byte[] finalDestination) {
        long s = Checksum.add(0, src, 0, 4);
        s = Checksum.add(s, dst, 0, 4);
        return s + protocol + upperLength;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        int hl = 20 + (options.length + 3) / 4 * 4;
        int words = ihl >= 0 ? ihl : hl / 4;
        int total = totalLength >= 0 ? totalLength : hl + inner.length;
        int p = protoField(proto, frame.next(index), 253);
        byte[] b = new byte[hl + inner.length];
        ByteBuffer.wrap(b).put((byte) (0x40 | (words & 0xf))).put((byte) tos).putShort((short) total)
                .putShort((short) id).putShort((short) (flags | (fragOffsetUnits & 0x1fff)))
                .put((byte) ttl).put((byte) p).putShort((short) 0).put(src).put(dst).put(options)
                .position(hl).put(inner);
        Checksum.put(b, 10, Checksum.of(0, b, 0, hl));
        return b;
    }
}
