package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * IGMPv2 (RFC 2236 2): | type 8 | max resp time 8 | checksum 16 | group address 32 |.
 */
public final class Igmp extends Layer {
    public static final int PROTO = 2;
    public static final int QUERY = 0x11;
    public static final int V2_REPORT = 0x16;
    public static final int LEAVE = 0x17;

    private final int type;
    private final int maxResp;
    private final byte[] group;

    private Igmp(int type, int maxResp, byte[] group) {
        this.type = type;
        this.maxResp = maxResp;
        this.group = group.clone();
    }

    public static Igmp of(int type, int maxRespTenths, byte[] group) {
        return new Igmp(type, maxRespTenths, group);
    }

    @Override
    int ipProto() {
        return PROTO;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        byte[] b = new byte[8 + inner.length];
        ByteBuffer.wrap(b).put((byte) type).put((byte) maxResp).putShort((short) 0).put(group).put(inner);
        Checksum.put(b, 2, Checksum.of(0, b, 0, b.length));
        return b;
    }
}
