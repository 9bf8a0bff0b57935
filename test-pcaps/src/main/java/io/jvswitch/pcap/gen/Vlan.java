package io.jvswitch.pcap.gen;

import java.nio.ByteBuffer;

/**
 * An IEEE 802.1Q tag (C-tag, TPID 0x8100) or 802.1ad tag (S-tag, TPID 0x88a8). The TPID is the previous
 * layer's type field; this layer encodes the TCI and the type field of what follows.
 * <pre>
 * | TPID (2, written by the previous layer) | PCP (3) DEI (1) VID (12) | type (2) |   IEEE 802.1Q 9.6
 * </pre>
 */
public final class Vlan extends Layer {
    public static final int TPID_CTAG = 0x8100;
    public static final int TPID_STAG = 0x88a8;

    private final int vid;
    private int pcp;
    private boolean dei;
    private int tpid = TPID_CTAG;
    private int type = -1;

    private Vlan(int vid) {
        this.vid = vid;
    }

    /** A C-tag (TPID 0x8100). */
    public static Vlan of(int vid) {
        return new Vlan(vid);
    }

    /** An S-tag (TPID 0x88a8). */
    public static Vlan stag(int vid) {
        return new Vlan(vid).tpid(TPID_STAG);
    }

    public Vlan pcp(int value) {
        pcp = value;
        return this;
    }

    public Vlan dei(boolean value) {
        dei = value;
        return this;
    }

    public Vlan tpid(int value) {
        tpid = value;
        return this;
    }

    /** Sets the inner type field explicitly. */
    public Vlan type(int value) {
        type = value;
        return this;
    }

    @Override
    int etherType() {
        return tpid;
    }

    @Override
    byte[] encode(byte[] inner, Frame frame, int index) {
        int tci = (pcp & 7) << 13 | (dei ? 1 << 12 : 0) | (vid & 0xfff);
        return ByteBuffer.allocate(4 + inner.length).putShort((short) tci)
                .putShort((short) typeField(type, frame.next(index), inner.length)).put(inner).array();
    }
}
