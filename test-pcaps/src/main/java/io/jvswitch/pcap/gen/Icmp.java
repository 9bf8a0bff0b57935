package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * ICMP for IPv4 (RFC 792): type, code, checksum over the whole message, then 4 bytes that depend on the
 * type (identifier and sequence for echo; unused or next-hop MTU for unreachable). Data follows as
 * further layers (for errors: the offending IPv4 header and its first 8 payload bytes).
 */
public final class Icmp extends Layer {
    public static final int PROTO = 1;
    public static final int ECHO_REPLY = 0;
    public static final int UNREACHABLE = 3;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;

    private final int type;
    private final int code;
    private final int rest;

    private Icmp(int type, int code, int rest) {
        this.type = type;
        this.code = code;
        this.rest = rest;
    }

    public static Icmp of(int type, int code, int rest) {
        return new Icmp(type, code, rest);
    }

    public static Icmp echoRequest(int id, int seq) {
        return new Icmp(ECHO_REQUEST, 0, id << 16 | seq & 0xffff);
    }

    public static Icmp echoReply(int id, int seq) {
        return new Icmp(ECHO_REPLY, 0, id << 16 | seq & 0xffff);
    }

    public static Icmp unreachable(int code) {
        return new Icmp(UNREACHABLE, code, 0);
    }

    @Override
    int ipProto() {
        return PROTO;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        byte[] b = new byte[8 + inner.length];
        ByteBuffer.wrap(b).put((byte) type).put((byte) code).putShort((short) 0).putInt(rest).put(inner);
        Checksum.put(b, 2, Checksum.of(0, b, 0, b.length));
        return b;
    }
}
