package io.jvswitch.bonding.lacp;

/**
 * The LACPDU codec: OVS's {@code struct lacp_pdu} (110 bytes) in a slow-protocols Ethernet frame (dst
 * 01:80:c2:00:00:02, ethertype 0x8809; 124 bytes, no VLAN, as {@code send_pdu_cb} sends it).
 *
 * <p>Layout of the PDU: subtype 1, version 1; actor TLV (type 1, length 20: sys_priority be16, sys_id 6, key be16,
 * port_priority be16, port_id be16, state 1, 3 reserved); partner TLV (type 2, length 20, same); collector TLV
 * (type 3, length 16, collector_delay be16 = 0 as OVS writes it); then 64 zero bytes (collector reserved,
 * terminator TLV, trailing reserved).
 *
 * <p>Acceptance follows OVS's {@code parse_lacp_packet} exactly: the 110 bytes must be present; subtype 1 with
 * actor type 1/length 20 and partner type 2/length 20 is an LACPDU (the version and the collector TLV are not
 * checked — 802.1AX has later versions process older/newer PDUs by their v1 fields, and OVS interoperates with
 * them); subtype 2 is a Marker PDU; everything else is malformed. Parsing is bounds-checked against the given
 * array, offset and length and never throws.
 */
public final class Lacpdu {
    /** The PDU length OVS sends and requires. */
    public static final int PDU_LEN = 110;
    /** Ethernet header length (no VLAN). */
    public static final int ETH_HEADER_LEN = 14;
    /** The frame length OVS sends. */
    public static final int FRAME_LEN = ETH_HEADER_LEN + PDU_LEN;
    /** Slow-protocols ethertype. */
    public static final int ETHERTYPE_SLOW = 0x8809;
    /** Slow-protocols multicast destination 01:80:c2:00:00:02. */
    public static final long DST_MAC = 0x0180_c200_0002L;
    /** PDU subtypes. */
    public static final int SUBTYPE_LACP = 1;
    public static final int SUBTYPE_MARKER = 2;

    private static final int ACTOR_TLV = 2;
    private static final int PARTNER_TLV = 22;
    private static final int COLLECTOR_TLV = 42;
    private static final int TLV_INFO_LEN = 20;

    private Lacpdu() {
    }

    /** The 110-byte PDU OVS composes for {@code actor} and {@code partner} ({@code compose_lacp_pdu}). */
    public static byte[] pdu(LacpInfo actor, LacpInfo partner) {
        byte[] b = new byte[PDU_LEN];
        writePdu(b, 0, actor, partner);
        return b;
    }

    /** The 124-byte frame OVS sends from a member whose MAC is {@code srcMac}. */
    public static byte[] frame(long srcMac, LacpInfo actor, LacpInfo partner) {
        byte[] b = new byte[FRAME_LEN];
        putMac(b, 0, DST_MAC);
        putMac(b, 6, srcMac);
        put16(b, 12, ETHERTYPE_SLOW);
        writePdu(b, ETH_HEADER_LEN, actor, partner);
        return b;
    }

    private static void writePdu(byte[] b, int o, LacpInfo actor, LacpInfo partner) {
        b[o] = SUBTYPE_LACP;
        b[o + 1] = 1;
        b[o + ACTOR_TLV] = 1;
        b[o + ACTOR_TLV + 1] = TLV_INFO_LEN;
        putInfo(b, o + ACTOR_TLV + 2, actor);
        b[o + PARTNER_TLV] = 2;
        b[o + PARTNER_TLV + 1] = TLV_INFO_LEN;
        putInfo(b, o + PARTNER_TLV + 2, partner);
        b[o + COLLECTOR_TLV] = 3;
        b[o + COLLECTOR_TLV + 1] = 16;
        // collector_delay (2 bytes) and the remaining 64 bytes stay zero.
    }

    /**
     * Parses an Ethernet frame: skips up to two VLAN tags (0x8100/0x88a8, as OVS's flow extraction finds the
     * ethertype), requires ethertype 0x8809, then parses the PDU after the header. The destination MAC is not
     * checked (OVS does not either).
     */
    public static LacpduParse parseFrame(byte[] frame, int off, int len) {
        if (frame == null || off < 0 || len < 0 || off > frame.length || len > frame.length - off) {
            return LacpduParse.malformed("bad buffer bounds");
        }
        int p = off + 12;
        int end = off + len;
        for (int tags = 0; ; tags++) {
            if (p + 2 > end) {
                return LacpduParse.malformed("truncated Ethernet header: " + len + " bytes");
            }
            int type = get16(frame, p);
            if ((type == 0x8100 || type == 0x88a8) && tags < 2) {
                p += 4;
                continue;
            }
            if (type != ETHERTYPE_SLOW) {
                return LacpduParse.malformed(String.format("ethertype 0x%04x is not slow protocols", type));
            }
            break;
        }
        return parsePdu(frame, p + 2, end - (p + 2));
    }

    /** Parses a PDU starting at its subtype octet. */
    public static LacpduParse parsePdu(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length || len > b.length - off) {
            return LacpduParse.malformed("bad buffer bounds");
        }
        if (len < PDU_LEN) {
            return LacpduParse.malformed("truncated PDU: " + len + " bytes, need " + PDU_LEN);
        }
        int subtype = b[off] & 0xff;
        int version = b[off + 1] & 0xff;
        if (subtype == SUBTYPE_MARKER) {
            return LacpduParse.marker(version);
        }
        if (subtype != SUBTYPE_LACP) {
            return LacpduParse.malformed("subtype " + subtype);
        }
        if (b[off + ACTOR_TLV] != 1 || b[off + ACTOR_TLV + 1] != TLV_INFO_LEN) {
            return LacpduParse.malformed("actor TLV type " + (b[off + ACTOR_TLV] & 0xff) + " length "
                    + (b[off + ACTOR_TLV + 1] & 0xff));
        }
        if (b[off + PARTNER_TLV] != 2 || b[off + PARTNER_TLV + 1] != TLV_INFO_LEN) {
            return LacpduParse.malformed("partner TLV type " + (b[off + PARTNER_TLV] & 0xff) + " length "
                    + (b[off + PARTNER_TLV + 1] & 0xff));
        }
        return LacpduParse.lacp(getInfo(b, off + ACTOR_TLV + 2), getInfo(b, off + PARTNER_TLV + 2), version);
    }

    private static void putInfo(byte[] b, int o, LacpInfo i) {
        put16(b, o, i.sysPriority());
        putMac(b, o + 2, i.sysId());
        put16(b, o + 8, i.key());
        put16(b, o + 10, i.portPriority());
        put16(b, o + 12, i.portId());
        b[o + 14] = (byte) i.state();
    }

    private static LacpInfo getInfo(byte[] b, int o) {
        return new LacpInfo(get16(b, o), getMac(b, o + 2), get16(b, o + 8), get16(b, o + 10), get16(b, o + 12),
                b[o + 14] & 0xff);
    }

    private static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    private static int get16(byte[] b, int o) {
        return (b[o] & 0xff) << 8 | (b[o + 1] & 0xff);
    }

    private static void putMac(byte[] b, int o, long mac) {
        for (int i = 0; i < 6; i++) {
            b[o + i] = (byte) (mac >>> (40 - 8 * i));
        }
    }

    private static long getMac(byte[] b, int o) {
        long mac = 0;
        for (int i = 0; i < 6; i++) {
            mac = mac << 8 | (b[o + i] & 0xff);
        }
        return mac;
    }
}
