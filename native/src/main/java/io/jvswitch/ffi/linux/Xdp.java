package io.jvswitch.ffi.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * AF_XDP uapi ({@code <linux/if_xdp.h>}): socket options, flags, mmap page offsets and struct layouts.
 *
 * <p>Design: each struct is a {@link StructLayout} whose field names are the C member names, and each
 * field's offset is a {@code long} constant derived from the layout (use with
 * {@code segment.get(JAVA_INT, OFF_...)}; constant offsets let the JIT fold the bounds checks). The
 * layout test compiles a C program against the installed headers and compares every named field's
 * offset and size, every struct size and every constant here.
 *
 * <p>Newer than Debian 12's 6.1 headers (the running kernel may have them): {@link #XDP_USE_SG} (6.6,
 * multi-buffer), {@link #XDP_PKT_CONTD} (6.6), {@link #XDP_UMEM_TX_METADATA_LEN} (6.8) and the
 * {@code tx_metadata_len} field of {@code xdp_umem_reg}, which sits in what older headers leave as tail
 * padding (the struct stays 32 bytes; leave it 0 unless the flag is set). The test checks these when the
 * headers define them and otherwise checks they only occupy padding.
 */
public final class Xdp {
    public static final int SOL_XDP = 283;

    // sockaddr_xdp.sxdp_flags
    public static final int XDP_SHARED_UMEM = 1;
    public static final int XDP_COPY = 1 << 1;
    public static final int XDP_ZEROCOPY = 1 << 2;
    public static final int XDP_USE_NEED_WAKEUP = 1 << 3;
    /** Multi-buffer (frames spanning several UMEM chunks), kernel 6.6+. */
    public static final int XDP_USE_SG = 1 << 4;

    // xdp_umem_reg.flags
    public static final int XDP_UMEM_UNALIGNED_CHUNK_FLAG = 1;
    /** Kernel 6.8+: {@code tx_metadata_len} is valid. */
    public static final int XDP_UMEM_TX_METADATA_LEN = 1 << 2;

    // ring flags word
    public static final int XDP_RING_NEED_WAKEUP = 1;

    // setsockopt/getsockopt(SOL_XDP, ...)
    public static final int XDP_MMAP_OFFSETS = 1;
    public static final int XDP_RX_RING = 2;
    public static final int XDP_TX_RING = 3;
    public static final int XDP_UMEM_REG = 4;
    public static final int XDP_UMEM_FILL_RING = 5;
    public static final int XDP_UMEM_COMPLETION_RING = 6;
    public static final int XDP_STATISTICS = 7;
    public static final int XDP_OPTIONS = 8;

    public static final int XDP_OPTIONS_ZEROCOPY = 1;

    // mmap offsets of the rings
    public static final long XDP_PGOFF_RX_RING = 0L;
    public static final long XDP_PGOFF_TX_RING = 0x80000000L;
    public static final long XDP_UMEM_PGOFF_FILL_RING = 0x100000000L;
    public static final long XDP_UMEM_PGOFF_COMPLETION_RING = 0x180000000L;

    // unaligned-chunk descriptors
    public static final int XSK_UNALIGNED_BUF_OFFSET_SHIFT = 48;
    public static final long XSK_UNALIGNED_BUF_ADDR_MASK = (1L << XSK_UNALIGNED_BUF_OFFSET_SHIFT) - 1;

    /** {@code xdp_desc.options}: more fragments of this frame follow (multi-buffer), kernel 6.6+. */
    public static final int XDP_PKT_CONTD = 1;

    public static final StructLayout SOCKADDR_XDP = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sxdp_family"),
        JAVA_SHORT.withName("sxdp_flags"),
        JAVA_INT.withName("sxdp_ifindex"),
        JAVA_INT.withName("sxdp_queue_id"),
        JAVA_INT.withName("sxdp_shared_umem_fd")).withName("sockaddr_xdp");
    public static final long SIZEOF_SOCKADDR_XDP = SOCKADDR_XDP.byteSize();
    public static final long OFF_SXDP_FAMILY = Layouts.offset(SOCKADDR_XDP, "sxdp_family");
    public static final long OFF_SXDP_FLAGS = Layouts.offset(SOCKADDR_XDP, "sxdp_flags");
    public static final long OFF_SXDP_IFINDEX = Layouts.offset(SOCKADDR_XDP, "sxdp_ifindex");
    public static final long OFF_SXDP_QUEUE_ID = Layouts.offset(SOCKADDR_XDP, "sxdp_queue_id");
    public static final long OFF_SXDP_SHARED_UMEM_FD = Layouts.offset(SOCKADDR_XDP, "sxdp_shared_umem_fd");

    public static final StructLayout XDP_RING_OFFSET = MemoryLayout.structLayout(
        JAVA_LONG.withName("producer"),
        JAVA_LONG.withName("consumer"),
        JAVA_LONG.withName("desc"),
        JAVA_LONG.withName("flags")).withName("xdp_ring_offset");
    public static final long SIZEOF_XDP_RING_OFFSET = XDP_RING_OFFSET.byteSize();
    public static final long OFF_RING_PRODUCER = Layouts.offset(XDP_RING_OFFSET, "producer");
    public static final long OFF_RING_CONSUMER = Layouts.offset(XDP_RING_OFFSET, "consumer");
    public static final long OFF_RING_DESC = Layouts.offset(XDP_RING_OFFSET, "desc");
    public static final long OFF_RING_FLAGS = Layouts.offset(XDP_RING_OFFSET, "flags");

    public static final StructLayout XDP_MMAP_OFFSETS_LAYOUT = MemoryLayout.structLayout(
        XDP_RING_OFFSET.withName("rx"),
        XDP_RING_OFFSET.withName("tx"),
        XDP_RING_OFFSET.withName("fr"),
        XDP_RING_OFFSET.withName("cr")).withName("xdp_mmap_offsets");
    public static final long SIZEOF_XDP_MMAP_OFFSETS = XDP_MMAP_OFFSETS_LAYOUT.byteSize();
    public static final long OFF_MMAP_RX = Layouts.offset(XDP_MMAP_OFFSETS_LAYOUT, "rx");
    public static final long OFF_MMAP_TX = Layouts.offset(XDP_MMAP_OFFSETS_LAYOUT, "tx");
    public static final long OFF_MMAP_FR = Layouts.offset(XDP_MMAP_OFFSETS_LAYOUT, "fr");
    public static final long OFF_MMAP_CR = Layouts.offset(XDP_MMAP_OFFSETS_LAYOUT, "cr");

    public static final StructLayout XDP_UMEM_REG_LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("addr"),
        JAVA_LONG.withName("len"),
        JAVA_INT.withName("chunk_size"),
        JAVA_INT.withName("headroom"),
        JAVA_INT.withName("flags"),
        JAVA_INT.withName("tx_metadata_len")).withName("xdp_umem_reg");
    public static final long SIZEOF_XDP_UMEM_REG = XDP_UMEM_REG_LAYOUT.byteSize();
    public static final long OFF_UMEM_REG_ADDR = Layouts.offset(XDP_UMEM_REG_LAYOUT, "addr");
    public static final long OFF_UMEM_REG_LEN = Layouts.offset(XDP_UMEM_REG_LAYOUT, "len");
    public static final long OFF_UMEM_REG_CHUNK_SIZE = Layouts.offset(XDP_UMEM_REG_LAYOUT, "chunk_size");
    public static final long OFF_UMEM_REG_HEADROOM = Layouts.offset(XDP_UMEM_REG_LAYOUT, "headroom");
    public static final long OFF_UMEM_REG_FLAGS = Layouts.offset(XDP_UMEM_REG_LAYOUT, "flags");
    public static final long OFF_UMEM_REG_TX_METADATA_LEN = Layouts.offset(XDP_UMEM_REG_LAYOUT, "tx_metadata_len");

    public static final StructLayout XDP_STATISTICS_LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("rx_dropped"),
        JAVA_LONG.withName("rx_invalid_descs"),
        JAVA_LONG.withName("tx_invalid_descs"),
        JAVA_LONG.withName("rx_ring_full"),
        JAVA_LONG.withName("rx_fill_ring_empty_descs"),
        JAVA_LONG.withName("tx_ring_empty_descs")).withName("xdp_statistics");
    public static final long SIZEOF_XDP_STATISTICS = XDP_STATISTICS_LAYOUT.byteSize();
    public static final long OFF_STATS_RX_DROPPED = Layouts.offset(XDP_STATISTICS_LAYOUT, "rx_dropped");
    public static final long OFF_STATS_RX_INVALID_DESCS = Layouts.offset(XDP_STATISTICS_LAYOUT, "rx_invalid_descs");
    public static final long OFF_STATS_TX_INVALID_DESCS = Layouts.offset(XDP_STATISTICS_LAYOUT, "tx_invalid_descs");
    public static final long OFF_STATS_RX_RING_FULL = Layouts.offset(XDP_STATISTICS_LAYOUT, "rx_ring_full");
    public static final long OFF_STATS_RX_FILL_RING_EMPTY_DESCS =
        Layouts.offset(XDP_STATISTICS_LAYOUT, "rx_fill_ring_empty_descs");
    public static final long OFF_STATS_TX_RING_EMPTY_DESCS =
        Layouts.offset(XDP_STATISTICS_LAYOUT, "tx_ring_empty_descs");

    public static final StructLayout XDP_OPTIONS_LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("flags")).withName("xdp_options");
    public static final long SIZEOF_XDP_OPTIONS = XDP_OPTIONS_LAYOUT.byteSize();
    public static final long OFF_OPTIONS_FLAGS = Layouts.offset(XDP_OPTIONS_LAYOUT, "flags");

    public static final StructLayout XDP_DESC = MemoryLayout.structLayout(
        JAVA_LONG.withName("addr"),
        JAVA_INT.withName("len"),
        JAVA_INT.withName("options")).withName("xdp_desc");
    public static final long SIZEOF_XDP_DESC = XDP_DESC.byteSize();
    public static final long OFF_DESC_ADDR = Layouts.offset(XDP_DESC, "addr");
    public static final long OFF_DESC_LEN = Layouts.offset(XDP_DESC, "len");
    public static final long OFF_DESC_OPTIONS = Layouts.offset(XDP_DESC, "options");

    private Xdp() {
    }
}
