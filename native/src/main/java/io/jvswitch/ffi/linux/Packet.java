package io.jvswitch.ffi.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;

/**
 * AF_PACKET uapi ({@code <linux/if_packet.h>}, {@code <linux/if_ether.h>}): socket options, TPACKET_V3
 * ring structures and {@code sockaddr_ll}.
 *
 * <p>Design as in {@link Xdp}: C member names as layout field names, {@code OFF_*} offsets derived from
 * the layouts, all checked against the headers by the layout test. Protocol numbers such as
 * {@link #ETH_P_ALL} are in host order; pass {@code LibC.htons(ETH_P_ALL)} to {@code socket}/{@code bind}.
 */
public final class Packet {
    public static final int SOL_PACKET = 263;
    public static final int ETH_P_ALL = 0x0003;
    public static final int ETH_P_IP = 0x0800;
    public static final int ETH_P_8021Q = 0x8100;
    public static final int ETH_ALEN = 6;

    // sockaddr_ll.sll_pkttype
    public static final int PACKET_HOST = 0;
    public static final int PACKET_BROADCAST = 1;
    public static final int PACKET_MULTICAST = 2;
    public static final int PACKET_OTHERHOST = 3;
    public static final int PACKET_OUTGOING = 4;

    // setsockopt(SOL_PACKET, ...)
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    public static final int PACKET_DROP_MEMBERSHIP = 2;
    public static final int PACKET_RX_RING = 5;
    public static final int PACKET_STATISTICS = 6;
    public static final int PACKET_AUXDATA = 8;
    public static final int PACKET_VERSION = 10;
    public static final int PACKET_HDRLEN = 11;
    public static final int PACKET_RESERVE = 12;
    public static final int PACKET_TX_RING = 13;
    public static final int PACKET_LOSS = 14;
    public static final int PACKET_VNET_HDR = 15;
    public static final int PACKET_TIMESTAMP = 17;
    public static final int PACKET_FANOUT = 18;
    public static final int PACKET_QDISC_BYPASS = 20;
    public static final int PACKET_IGNORE_OUTGOING = 23;
    public static final int PACKET_MR_MULTICAST = 0;
    public static final int PACKET_MR_PROMISC = 1;
    public static final int PACKET_MR_ALLMULTI = 2;

    // enum tpacket_versions
    public static final int TPACKET_V1 = 0;
    public static final int TPACKET_V2 = 1;
    public static final int TPACKET_V3 = 2;

    // rx ring status
    public static final int TP_STATUS_KERNEL = 0;
    public static final int TP_STATUS_USER = 1;
    public static final int TP_STATUS_COPY = 1 << 1;
    public static final int TP_STATUS_LOSING = 1 << 2;
    public static final int TP_STATUS_CSUMNOTREADY = 1 << 3;
    public static final int TP_STATUS_VLAN_VALID = 1 << 4;
    public static final int TP_STATUS_BLK_TMO = 1 << 5;
    public static final int TP_STATUS_VLAN_TPID_VALID = 1 << 6;
    public static final int TP_STATUS_CSUM_VALID = 1 << 7;
    // tx ring status
    public static final int TP_STATUS_AVAILABLE = 0;
    public static final int TP_STATUS_SEND_REQUEST = 1;
    public static final int TP_STATUS_SENDING = 1 << 1;
    public static final int TP_STATUS_WRONG_FORMAT = 1 << 2;

    public static final int TPACKET_ALIGNMENT = 16;

    public static final StructLayout SOCKADDR_LL = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sll_family"),
        JAVA_SHORT.withName("sll_protocol"),
        JAVA_INT.withName("sll_ifindex"),
        JAVA_SHORT.withName("sll_hatype"),
        JAVA_BYTE.withName("sll_pkttype"),
        JAVA_BYTE.withName("sll_halen"),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr")).withName("sockaddr_ll");
    public static final long SIZEOF_SOCKADDR_LL = SOCKADDR_LL.byteSize();
    public static final long OFF_SLL_FAMILY = Layouts.offset(SOCKADDR_LL, "sll_family");
    public static final long OFF_SLL_PROTOCOL = Layouts.offset(SOCKADDR_LL, "sll_protocol");
    public static final long OFF_SLL_IFINDEX = Layouts.offset(SOCKADDR_LL, "sll_ifindex");
    public static final long OFF_SLL_HATYPE = Layouts.offset(SOCKADDR_LL, "sll_hatype");
    public static final long OFF_SLL_PKTTYPE = Layouts.offset(SOCKADDR_LL, "sll_pkttype");
    public static final long OFF_SLL_HALEN = Layouts.offset(SOCKADDR_LL, "sll_halen");
    public static final long OFF_SLL_ADDR = Layouts.offset(SOCKADDR_LL, "sll_addr");

    public static final StructLayout PACKET_MREQ = MemoryLayout.structLayout(
        JAVA_INT.withName("mr_ifindex"),
        JAVA_SHORT.withName("mr_type"),
        JAVA_SHORT.withName("mr_alen"),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("mr_address")).withName("packet_mreq");
    public static final long SIZEOF_PACKET_MREQ = PACKET_MREQ.byteSize();
    public static final long OFF_MR_IFINDEX = Layouts.offset(PACKET_MREQ, "mr_ifindex");
    public static final long OFF_MR_TYPE = Layouts.offset(PACKET_MREQ, "mr_type");

    public static final StructLayout TPACKET_REQ3 = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_block_size"),
        JAVA_INT.withName("tp_block_nr"),
        JAVA_INT.withName("tp_frame_size"),
        JAVA_INT.withName("tp_frame_nr"),
        JAVA_INT.withName("tp_retire_blk_tov"),
        JAVA_INT.withName("tp_sizeof_priv"),
        JAVA_INT.withName("tp_feature_req_word")).withName("tpacket_req3");
    public static final long SIZEOF_TPACKET_REQ3 = TPACKET_REQ3.byteSize();
    public static final long OFF_REQ3_BLOCK_SIZE = Layouts.offset(TPACKET_REQ3, "tp_block_size");
    public static final long OFF_REQ3_BLOCK_NR = Layouts.offset(TPACKET_REQ3, "tp_block_nr");
    public static final long OFF_REQ3_FRAME_SIZE = Layouts.offset(TPACKET_REQ3, "tp_frame_size");
    public static final long OFF_REQ3_FRAME_NR = Layouts.offset(TPACKET_REQ3, "tp_frame_nr");
    public static final long OFF_REQ3_RETIRE_BLK_TOV = Layouts.offset(TPACKET_REQ3, "tp_retire_blk_tov");
    public static final long OFF_REQ3_SIZEOF_PRIV = Layouts.offset(TPACKET_REQ3, "tp_sizeof_priv");
    public static final long OFF_REQ3_FEATURE_REQ_WORD = Layouts.offset(TPACKET_REQ3, "tp_feature_req_word");

    public static final StructLayout TPACKET_STATS_V3 = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_packets"),
        JAVA_INT.withName("tp_drops"),
        JAVA_INT.withName("tp_freeze_q_cnt")).withName("tpacket_stats_v3");
    public static final long SIZEOF_TPACKET_STATS_V3 = TPACKET_STATS_V3.byteSize();

    private static final StructLayout TPACKET_BD_TS = MemoryLayout.structLayout(
        JAVA_INT.withName("ts_sec"),
        MemoryLayout.unionLayout(JAVA_INT.withName("ts_usec"), JAVA_INT.withName("ts_nsec")))
        .withName("tpacket_bd_ts");

    public static final StructLayout TPACKET_HDR_V1 = MemoryLayout.structLayout(
        JAVA_INT.withName("block_status"),
        JAVA_INT.withName("num_pkts"),
        JAVA_INT.withName("offset_to_first_pkt"),
        JAVA_INT.withName("blk_len"),
        JAVA_LONG.withName("seq_num"),
        TPACKET_BD_TS.withName("ts_first_pkt"),
        TPACKET_BD_TS.withName("ts_last_pkt")).withName("tpacket_hdr_v1");

    private static final UnionLayout TPACKET_BD_HEADER_U = MemoryLayout.unionLayout(
        TPACKET_HDR_V1.withName("bh1")).withName("tpacket_bd_header_u");

    /** The header at the start of every TPACKET_V3 block. */
    public static final StructLayout TPACKET_BLOCK_DESC = MemoryLayout.structLayout(
        JAVA_INT.withName("version"),
        JAVA_INT.withName("offset_to_priv"),
        TPACKET_BD_HEADER_U.withName("hdr")).withName("tpacket_block_desc");
    public static final long SIZEOF_TPACKET_BLOCK_DESC = TPACKET_BLOCK_DESC.byteSize();
    public static final long OFF_BD_VERSION = Layouts.offset(TPACKET_BLOCK_DESC, "version");
    public static final long OFF_BD_OFFSET_TO_PRIV = Layouts.offset(TPACKET_BLOCK_DESC, "offset_to_priv");
    public static final long OFF_BD_BLOCK_STATUS = Layouts.offset(TPACKET_BLOCK_DESC, "hdr", "bh1", "block_status");
    public static final long OFF_BD_NUM_PKTS = Layouts.offset(TPACKET_BLOCK_DESC, "hdr", "bh1", "num_pkts");
    public static final long OFF_BD_OFFSET_TO_FIRST_PKT =
        Layouts.offset(TPACKET_BLOCK_DESC, "hdr", "bh1", "offset_to_first_pkt");
    public static final long OFF_BD_BLK_LEN = Layouts.offset(TPACKET_BLOCK_DESC, "hdr", "bh1", "blk_len");
    public static final long OFF_BD_SEQ_NUM = Layouts.offset(TPACKET_BLOCK_DESC, "hdr", "bh1", "seq_num");

    private static final StructLayout TPACKET_HDR_VARIANT1 = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_rxhash"),
        JAVA_INT.withName("tp_vlan_tci"),
        JAVA_SHORT.withName("tp_vlan_tpid"),
        JAVA_SHORT.withName("tp_padding")).withName("tpacket_hdr_variant1");

    /** The header in front of every frame in a TPACKET_V3 block. */
    public static final StructLayout TPACKET3_HDR = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_next_offset"),
        JAVA_INT.withName("tp_sec"),
        JAVA_INT.withName("tp_nsec"),
        JAVA_INT.withName("tp_snaplen"),
        JAVA_INT.withName("tp_len"),
        JAVA_INT.withName("tp_status"),
        JAVA_SHORT.withName("tp_mac"),
        JAVA_SHORT.withName("tp_net"),
        MemoryLayout.unionLayout(TPACKET_HDR_VARIANT1.withName("hv1")),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("tp_padding")).withName("tpacket3_hdr");
    public static final long SIZEOF_TPACKET3_HDR = TPACKET3_HDR.byteSize();
    public static final long OFF_TP3_NEXT_OFFSET = Layouts.offset(TPACKET3_HDR, "tp_next_offset");
    public static final long OFF_TP3_SEC = Layouts.offset(TPACKET3_HDR, "tp_sec");
    public static final long OFF_TP3_NSEC = Layouts.offset(TPACKET3_HDR, "tp_nsec");
    public static final long OFF_TP3_SNAPLEN = Layouts.offset(TPACKET3_HDR, "tp_snaplen");
    public static final long OFF_TP3_LEN = Layouts.offset(TPACKET3_HDR, "tp_len");
    public static final long OFF_TP3_STATUS = Layouts.offset(TPACKET3_HDR, "tp_status");
    public static final long OFF_TP3_MAC = Layouts.offset(TPACKET3_HDR, "tp_mac");
    public static final long OFF_TP3_NET = Layouts.offset(TPACKET3_HDR, "tp_net");
    public static final long OFF_TP3_RXHASH = TPACKET3_HDR.byteOffset(
        MemoryLayout.PathElement.groupElement(8), MemoryLayout.PathElement.groupElement("hv1"),
        MemoryLayout.PathElement.groupElement("tp_rxhash"));
    public static final long OFF_TP3_VLAN_TCI = OFF_TP3_RXHASH + 4;
    public static final long OFF_TP3_VLAN_TPID = OFF_TP3_RXHASH + 8;

    /** {@code TPACKET3_HDRLEN}: aligned {@code tpacket3_hdr} plus {@code sockaddr_ll}. */
    public static final long TPACKET3_HDRLEN =
        ((SIZEOF_TPACKET3_HDR + TPACKET_ALIGNMENT - 1) & ~(TPACKET_ALIGNMENT - 1L)) + SIZEOF_SOCKADDR_LL;

    private Packet() {
    }
}
