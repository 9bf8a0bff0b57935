package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * IPv6 fixed header (RFC 8200 3). Payload length and next header are computed unless overridden.
 * <pre>
 * | ver 4 | traffic class 8 | flow label 20 |
 * | payload length 16 | next header 8 | hop limit 8 |
 * | source address 128 | destination address 128 |
 * </pre>
 */
public final class Ipv6 extends Layer implements IpHeader {
    private final byte[] src;
    private final byte[] dst;
    private int trafficClass;
    private int flowLabel;
    private int hopLimit = 64;
    private int nextHeader = -1;
    private int payloadLength = -1;

    private Ipv6(byte[] src, byte[] dst) {
        this.src = src.clone();
        this.dst = dst.clone();
    }

    public static Ipv6 of(byte[] src, byte[] dst) {
        return new Ipv6(src, dst);
    }

    public Ipv6 trafficClass(int value) {
        trafficClass = value;
        return this;
    }

    public Ipv6 flowLabel(int value) {
        flowLabel = value;
        return this;
    }

    public Ipv6 hopLimit(int value) {
        hopLimit = value;
        return this;
    }

    public Ipv6 nextHeader(int value) {
        nextHeader = value;
        return this;
    }

    public Ipv6 payloadLength(int value) {
        payloadLength = value;
        return this;
    }

    @Override
    int etherType() {
        return Ethernet.TYPE_IPV6;
    }

    @Override
    int ipProto() {
        return 41;
    }

    @Override
    public long pseudoHeaderSum(int protocol, int upperLength, byte[] finalDestination) {
        long s = Checksum.add(0, src, 0, 16);
        s = Checksum.add(s, finalDestination != null ? finalDestination : dst, 0, 16);
        return s + (upperLength >>> 16) + (upperLength & 0xffff) + protocol;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        int first = 6 << 28 | (trafficClass & 0xff) << 20 | (flowLabel & 0xfffff);
        int len = payloadLength >= 0 ? payloadLength : inner.length;
        return ByteBuffer.allocate(40 + inner.length).putInt(first).putShort((short) len)
                .put((byte) protoField(nextHeader, frame.next(index), Ipv6Ext.NO_NEXT_HEADER))
                .put((byte) hopLimit).put(src).put(dst).put(inner).array();
    }
}
