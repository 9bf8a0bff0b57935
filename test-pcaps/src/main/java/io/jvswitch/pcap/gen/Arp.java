package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * ARP (RFC 826) or RARP (RFC 903). Address lengths follow the addresses given, so other hardware and
 * protocol types (IEEE 802, InfiniBand, ...) encode as they would on the wire.
 * <pre>
 * | htype (2) | ptype (2) | hlen (1) | plen (1) | op (2) | sha | spa | tha | tpa |
 * </pre>
 */
public final class Arp extends Layer {
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;
    public static final int OP_RARP_REQUEST = 3;
    public static final int OP_RARP_REPLY = 4;
    public static final int TYPE_RARP = 0x8035;

    private final int op;
    private final byte[] sha;
    private final byte[] spa;
    private final byte[] tha;
    private final byte[] tpa;
    private int htype = 1;
    private int ptype = Ethernet.TYPE_IPV4;
    private int etherType = Ethernet.TYPE_ARP;

    private Arp(int op, byte[] sha, byte[] spa, byte[] tha, byte[] tpa) {
        this.op = op;
        this.sha = sha.clone();
        this.spa = spa.clone();
        this.tha = tha.clone();
        this.tpa = tpa.clone();
    }

    public static Arp of(int op, byte[] sha, byte[] spa, byte[] tha, byte[] tpa) {
        return new Arp(op, sha, spa, tha, tpa);
    }

    public Arp htype(int value) {
        htype = value;
        return this;
    }

    public Arp ptype(int value) {
        ptype = value;
        return this;
    }

    /** Announce with Ethernet type 0x8035 (RARP). */
    public Arp rarp() {
        etherType = TYPE_RARP;
        return this;
    }

    @Override
    int etherType() {
        return etherType;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        int n = 8 + 2 * sha.length + 2 * spa.length;
        return ByteBuffer.allocate(n + inner.length).putShort((short) htype).putShort((short) ptype)
                .put((byte) sha.length).put((byte) spa.length).putShort((short) op)
                .put(sha).put(spa).put(tha).put(tpa).put(inner).array();
    }
}
