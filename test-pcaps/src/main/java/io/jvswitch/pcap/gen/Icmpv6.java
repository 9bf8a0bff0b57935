package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * ICMPv6 (RFC 4443 2.1): type, code, checksum over the IPv6 pseudo-header and the message, then a body.
 * Factories build echo, Neighbor Discovery (RFC 4861 4.1-4.4) and MLD (RFC 2710 3) messages; ND options
 * come from {@link NdOption}.
 * <pre>
 * | type 8 | code 8 | checksum 16 | body ... |
 * NS: | reserved 32 | target 128 | options |     NA: | R S O reserved 32 | target 128 | options |
 * RS: | reserved 32 | options |                 RA: | hop limit | M O res | lifetime | reachable | retrans | opts |
 * </pre>
 */
public final class Icmpv6 extends Layer {
    public static final int PROTO = 58;
    public static final int ECHO_REQUEST = 128;
    public static final int ECHO_REPLY = 129;
    public static final int MLD_QUERY = 130;
    public static final int MLD_REPORT = 131;
    public static final int MLD_DONE = 132;
    public static final int RS = 133;
    public static final int RA = 134;
    public static final int NS = 135;
    public static final int NA = 136;
    public static final int NA_ROUTER = 0x80000000;
    public static final int NA_SOLICITED = 0x40000000;
    public static final int NA_OVERRIDE = 0x20000000;

    private final int type;
    private final int code;
    private final byte[] body;

    private Icmpv6(int type, int code, byte[] body) {
        this.type = type;
        this.code = code;
        this.body = body;
    }

    public static Icmpv6 of(int type, int code, byte... body) {
        return new Icmpv6(type, code, body.clone());
    }

    public static Icmpv6 echoRequest(int id, int seq) {
        return new Icmpv6(ECHO_REQUEST, 0, ByteBuffer.allocate(4).putShort((short) id).putShort((short) seq).array());
    }

    public static Icmpv6 echoReply(int id, int seq) {
        return new Icmpv6(ECHO_REPLY, 0, ByteBuffer.allocate(4).putShort((short) id).putShort((short) seq).array());
    }

    public static Icmpv6 unreachable(int code) {
        return new Icmpv6(1, code, new byte[4]);
    }

    public static Icmpv6 neighborSolicit(byte[] target, byte[]... options) {
        return new Icmpv6(NS, 0, withOptions(ByteBuffer.allocate(20).putInt(0).put(target).array(), options));
    }

    /** {@code flags}: {@link #NA_ROUTER} | {@link #NA_SOLICITED} | {@link #NA_OVERRIDE}. */
    public static Icmpv6 neighborAdvert(int flags, byte[] target, byte[]... options) {
        return new Icmpv6(NA, 0, withOptions(ByteBuffer.allocate(20).putInt(flags).put(target).array(), options));
    }

    public static Icmpv6 routerSolicit(byte[]... options) {
        return new Icmpv6(RS, 0, withOptions(new byte[4], options));
    }

    public static Icmpv6 routerAdvert(int lifetimeSec, byte[]... options) {
        byte[] fixed = ByteBuffer.allocate(12).put((byte) 64).put((byte) 0).putShort((short) lifetimeSec)
                .putInt(0).putInt(0).array();
        return new Icmpv6(RA, 0, withOptions(fixed, options));
    }

    /** MLDv1 query, report or done: max response delay, reserved, multicast address. */
    public static Icmpv6 mld(int type, int maxDelayMs, byte[] group) {
        return new Icmpv6(type, 0, ByteBuffer.allocate(20).putShort((short) maxDelayMs).putShort((short) 0)
                .put(group).array());
    }

    /** MLDv2 report (RFC 3810 5.2) with one MODE_IS_EXCLUDE record for {@code group} and no sources. */
    public static Icmpv6 mldv2Report(byte[] group) {
        return new Icmpv6(143, 0, ByteBuffer.allocate(24).putShort((short) 0).putShort((short) 1)
                .put((byte) 2).put((byte) 0).putShort((short) 0).put(group).array());
    }

    private static byte[] withOptions(byte[] fixed, byte[]... options) {
        byte[] b = fixed;
        for (byte[] o : options) {
            b = Frame.concat(b, o);
        }
        return b;
    }

    @Override
    int ipProto() {
        return PROTO;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        byte[] b = new byte[4 + body.length + inner.length];
        ByteBuffer.wrap(b).put((byte) type).put((byte) code).putShort((short) 0).put(body).put(inner);
        Checksum.put(b, 2, Checksum.of(frame.pseudoHeaderSum(index, PROTO, b.length), b, 0, b.length));
        return b;
    }
}
