package io.jvswitch.vport.afpacket;

import io.jvswitch.vport.SingleQueuePort;
import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.IfReq;
import io.jvswitch.ffi.linux.Packet;
import io.jvswitch.vport.DropCounters;
import io.jvswitch.vport.LinkMtu;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A port on a Linux network interface through an {@code AF_PACKET} socket with TPACKET_V3 rings: the portable
 * fallback that works on any interface (OVS type "system", whose netdev-linux uses AF_PACKET the same way).
 * {@link #type()} is {@value #TYPE}, OVS's name, so configurations and {@code ovs-vsctl} output read the same.
 *
 * <h2>What</h2> One rx queue and one tx queue on one interface. Rx sees every frame the interface receives
 * (promiscuous by default) but not the frames it sends; 802.1Q/802.1ad tags the kernel stripped are put back.
 * Tx sends whole Ethernet frames; frames longer than the interface MTU plus the Ethernet header (plus 4 for an
 * 802.1Q-tagged frame, as the kernel allows) are counted and dropped. The MTU is read at open and can be set in
 * place ({@link #setMtu}, OVS's {@code mtu_request}) up to what the tx ring's slots were sized for (default
 * 9000: jumbo frames; rx blocks of 256 KiB take any frame the pool can hold). Drops by reason in
 * {@link #drops()}; the kernel's own rx ring-full drops in {@link #kernelRxDrops()}.
 *
 * <h2>Design</h2> One socket, both rings in one mapping (Documentation/networking/packet_mmap.rst, "TPACKET_V3",
 * "Mapping and use of the circular buffer (ring)"):
 * <pre>
 *  mmap(fd, rxBlockSize * rxBlocks + txBlockSize * txBlocks):
 *  +----------------- rx ring (variable-size frames) ------------------+----- tx ring (fixed slots) -----+
 *  | block 0                        | block 1 | ... | block rxBlocks-1 | slot 0 | slot 1 | ... | slot n-1 |
 *  +--------------------------------+                                  +--------+
 *  | tpacket_block_desc             |  block_status: TP_STATUS_KERNEL  | tpacket3_hdr (tp_status,
 *  |   block_status, num_pkts,      |  (kernel fills) / TP_STATUS_USER |   tp_len, tp_next_offset = 0)
 *  |   offset_to_first_pkt, ...     |  (ours until we hand it back)    | pad to 48
 *  | tpacket3_hdr | sockaddr_ll |   |                                  | frame (up to MTU + 18)
 *  |   frame (tp_mac..+tp_snaplen)  |  frames chained by tp_next_offset| TP_STATUS_AVAILABLE (ours)
 *  | tpacket3_hdr | ... | frame     |  a block is retired when full or |  -> SEND_REQUEST (kernel's)
 *  | ...                            |  after rxRetireTimeoutMs         |  -> AVAILABLE once sent
 *  +--------------------------------+                                  +--------+
 * </pre>
 * Set-up order: {@code socket(AF_PACKET, SOCK_RAW|SOCK_NONBLOCK, 0)} (protocol 0: nothing arrives before the
 * rings exist), {@code PACKET_VERSION = TPACKET_V3}, {@code PACKET_LOSS}, {@code PACKET_RX_RING} and
 * {@code PACKET_TX_RING} ({@code tpacket_req3}; tx ring in V3 needs Linux 4.11), one {@code mmap}, then
 * {@code bind} to {@code ETH_P_ALL} on the interface, {@code PACKET_IGNORE_OUTGOING} (Linux 4.20; the rx
 * queue also skips {@code PACKET_OUTGOING} frames itself), {@code PACKET_ADD_MEMBERSHIP(PACKET_MR_PROMISC)}.
 * Frames are copied between the rings (kernel memory) and the datapath's pool frames (ours): see
 * {@link AfPacketRxQueue} and {@link AfPacketTxQueue}.
 *
 * <h2>Thread-safety</h2> The rx queue is polled by one PMD; the tx queue may be shared (synchronized). Stats and
 * drops from any thread. Close only after PMDs stopped using the port.
 *
 * <h2>Performance</h2> Rx makes no system call; tx makes one per batch. No allocation per call. The kernel still
 * builds an skb per frame both ways, which bounds this port type well below AF_XDP; prefer AF_XDP where it works.
 */
public final class AfPacketPort extends SingleQueuePort {
    public static final String TYPE = "system";
    private static final int RX_FRAME_SIZE_HINT = 2048;
    private static final int TX_BLOCK_SIZE_MAX = 1 << 16;
    private static final int PAGE = 4096;
    private static final int ETH_HLEN_WITH_VLAN = 18;

    private final int ifindex;
    private volatile int mtu;
    private final int fd;
    private final Arena arena;
    private final AfPacketRxQueue rxQueue;
    private final AfPacketTxQueue txQueue;
    private long kernelRxDrops;
    private boolean closed;

    private AfPacketPort(int portNo, String name, int ifindex, int mtu, int fd, Arena arena, AfPacketRxQueue rx,
            AfPacketTxQueue tx, PortStats stats, DropCounters drops) {
        super(portNo, name, TYPE, stats, drops);
        this.ifindex = ifindex;
        this.mtu = mtu;
        this.fd = fd;
        this.arena = arena;
        this.rxQueue = rx;
        this.txQueue = tx;
        setQueues(rx, tx);
    }

    /** Opens the port on interface {@code ifname} with default settings. */
    public static AfPacketPort open(int portNo, String ifname) throws IOException {
        return open(portNo, ifname, AfPacketPortSettings.defaults());
    }

    /**
     * Opens the port on interface {@code ifname}.
     *
     * @throws IOException naming the interface: it does not exist, the caller lacks {@code CAP_NET_RAW} (EPERM),
     *     or a ring could not be set up (the failing step and errno in the message)
     */
    public static AfPacketPort open(int portNo, String ifname, AfPacketPortSettings settings) throws IOException {
        Objects.requireNonNull(ifname, "ifname");
        Objects.requireNonNull(settings, "settings");
        if (ifname.isEmpty() || ifname.length() >= IfReq.IFNAMSIZ) {
            throw new IOException("afpacket port: bad interface name '" + ifname + "' (1.." + (IfReq.IFNAMSIZ - 1)
                    + " characters)");
        }
        int ifindex = LibC.ifNameToIndex(ifname);
        if (ifindex < 0) {
            throw new IOException("afpacket port " + ifname + ": no such interface '" + ifname + "' ("
                    + Errno.describe(-ifindex) + ")");
        }
        int fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException(socketError(ifname, -fd));
        }
        Arena arena = Arena.ofShared();
        try {
            return setUp(portNo, ifname, ifindex, fd, arena, settings);
        } catch (IOException | RuntimeException e) {
            arena.close();
            LibC.close(fd);
            throw e;
        }
    }

    /** The message for a failed {@code socket(AF_PACKET)}; EPERM/EACCES say that root is needed. */
    static String socketError(String ifname, int errno) {
        String why = errno == Errno.EPERM || errno == Errno.EACCES
                ? ": an AF_PACKET socket needs CAP_NET_RAW (run as root)" : "";
        return "afpacket port " + ifname + ": socket(AF_PACKET, SOCK_RAW) failed: " + Errno.describe(errno) + why;
    }

    private static AfPacketPort setUp(int portNo, String ifname, int ifindex, int fd, Arena arena,
            AfPacketPortSettings s) throws IOException {
        String what = "afpacket port " + ifname + ": ";
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment ifr = tmp.allocate(IfReq.SIZEOF_IFREQ, 8);
            IfReq.setName(ifr, ifname);
            check(LibC.ioctl(fd, IfReq.SIOCGIFMTU, ifr), what + "SIOCGIFMTU");
            int mtu = ifr.get(ValueLayout.JAVA_INT, IfReq.OFF_IFR_MTU);

            check(LibC.setsockoptInt(fd, Packet.SOL_PACKET, Packet.PACKET_VERSION, Packet.TPACKET_V3),
                    what + "setsockopt(PACKET_VERSION, TPACKET_V3)");
            check(LibC.setsockoptInt(fd, Packet.SOL_PACKET, Packet.PACKET_LOSS, 1), what + "setsockopt(PACKET_LOSS)");

            MemorySegment req = tmp.allocate(Packet.SIZEOF_TPACKET_REQ3, 4);
            int rxBlockSize = s.rxBlockSizeBytes();
            int rxBlocks = s.rxBlockCount();
            fillReq(req, rxBlockSize, rxBlocks, RX_FRAME_SIZE_HINT, s.rxRetireTimeoutMs());
            check(LibC.setsockopt(fd, Packet.SOL_PACKET, Packet.PACKET_RX_RING, req, (int) Packet.SIZEOF_TPACKET_REQ3),
                    what + "setsockopt(PACKET_RX_RING, " + rxBlocks + " x " + rxBlockSize + " bytes)");

            int need = (int) AfPacketTxQueue.DATA_OFFSET + Math.max(mtu, s.txMaxMtu()) + ETH_HLEN_WITH_VLAN;
            int txFrameSize = Math.max(RX_FRAME_SIZE_HINT, Integer.highestOneBit(need - 1) << 1);
            long txBytes = (long) s.txFrameCount() * txFrameSize;
            int txBlockSize = (int) Math.max(Math.max(PAGE, txFrameSize), Math.min(TX_BLOCK_SIZE_MAX, txBytes));
            int txBlocks = (int) ((txBytes + txBlockSize - 1) / txBlockSize);
            int txSlots = txBlocks * (txBlockSize / txFrameSize);
            fillReq(req, txBlockSize, txBlocks, txFrameSize, 0);
            check(LibC.setsockopt(fd, Packet.SOL_PACKET, Packet.PACKET_TX_RING, req, (int) Packet.SIZEOF_TPACKET_REQ3),
                    what + "setsockopt(PACKET_TX_RING, " + txSlots + " x " + txFrameSize
                            + " bytes; TPACKET_V3 tx needs Linux 4.11)");

            long rxBytes = (long) rxBlockSize * rxBlocks;
            MemorySegment map;
            try {
                map = LibC.mmapSegment(rxBytes + (long) txBlockSize * txBlocks,
                        LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0, arena);
            } catch (NativeException e) {
                throw new IOException(what + e.getMessage(), e);
            }

            MemorySegment sll = tmp.allocate(Packet.SIZEOF_SOCKADDR_LL, 4);
            sll.set(ValueLayout.JAVA_SHORT, Packet.OFF_SLL_FAMILY, (short) LibC.AF_PACKET);
            sll.set(ValueLayout.JAVA_SHORT, Packet.OFF_SLL_PROTOCOL, (short) LibC.htons(Packet.ETH_P_ALL));
            sll.set(ValueLayout.JAVA_INT, Packet.OFF_SLL_IFINDEX, ifindex);
            check(LibC.bind(fd, sll, (int) Packet.SIZEOF_SOCKADDR_LL), what + "bind(ifindex " + ifindex + ")");

            int r = LibC.setsockoptInt(fd, Packet.SOL_PACKET, Packet.PACKET_IGNORE_OUTGOING, 1);
            if (r < 0 && -r != Errno.ENOPROTOOPT) {
                check(r, what + "setsockopt(PACKET_IGNORE_OUTGOING)");
            }
            if (s.promiscuous()) {
                MemorySegment mreq = tmp.allocate(Packet.SIZEOF_PACKET_MREQ, 4);
                mreq.set(ValueLayout.JAVA_INT, Packet.OFF_MR_IFINDEX, ifindex);
                mreq.set(ValueLayout.JAVA_SHORT, Packet.OFF_MR_TYPE, (short) Packet.PACKET_MR_PROMISC);
                check(LibC.setsockopt(fd, Packet.SOL_PACKET, Packet.PACKET_ADD_MEMBERSHIP, mreq,
                        (int) Packet.SIZEOF_PACKET_MREQ), what + "setsockopt(PACKET_ADD_MEMBERSHIP, PROMISC)");
            }
            if (s.qdiscBypass()) {
                check(LibC.setsockoptInt(fd, Packet.SOL_PACKET, Packet.PACKET_QDISC_BYPASS, 1),
                        what + "setsockopt(PACKET_QDISC_BYPASS)");
            }

            PortStats stats = new PortStats();
            DropCounters drops = new DropCounters();
            AfPacketRxQueue rx = new AfPacketRxQueue(map.asSlice(0, rxBytes), rxBlockSize, rxBlocks, portNo,
                    stats, drops);
            AfPacketTxQueue tx = new AfPacketTxQueue(fd, map.asSlice(rxBytes), txFrameSize, txSlots, mtu, stats,
                    drops);
            return new AfPacketPort(portNo, ifname, ifindex, mtu, fd, arena, rx, tx, stats, drops);
        }
    }

    private static void fillReq(MemorySegment req, int blockSize, int blocks, int frameSize, int retireMs) {
        req.fill((byte) 0);
        req.set(ValueLayout.JAVA_INT, Packet.OFF_REQ3_BLOCK_SIZE, blockSize);
        req.set(ValueLayout.JAVA_INT, Packet.OFF_REQ3_BLOCK_NR, blocks);
        req.set(ValueLayout.JAVA_INT, Packet.OFF_REQ3_FRAME_SIZE, frameSize);
        req.set(ValueLayout.JAVA_INT, Packet.OFF_REQ3_FRAME_NR, blocks * (blockSize / frameSize));
        req.set(ValueLayout.JAVA_INT, Packet.OFF_REQ3_RETIRE_BLK_TOV, retireMs);
    }

    private static void check(long r, String operation) throws IOException {
        if (r < 0) {
            throw new IOException(operation + ": " + Errno.describe((int) -r));
        }
    }

    /**
     * The interface MTU (read at open, or set by {@link #setMtu}/{@link #refreshMtu}); tx drops longer frames
     * ({@link DropReason#OVERSIZE_FRAME} and {@code tx_dropped}).
     */
    @Override
    public int mtu() {
        return mtu;
    }

    /**
     * Sets the interface MTU ({@code SIOCSIFMTU}) and enforces it on tx, in place while a PMD uses the port.
     *
     * @throws IOException when the tx ring's slots cannot hold frames of that MTU (sized at open for
     *     {@link AfPacketPortSettings#txMaxMtu()}), or the device refuses it (the message gives the driver's
     *     range); the MTU is then unchanged
     */
    @Override
    public synchronized void setMtu(int newMtu) throws IOException {
        if (closed) {
            throw new IOException("afpacket port " + name + ": closed");
        }
        int cap = txQueue.maxMtu();
        if (newMtu > cap) {
            throw new IOException("afpacket port " + name + ": cannot carry MTU " + newMtu + ": its tx ring slots "
                    + "were sized at open for MTU " + cap + " at most (AfPacketPortSettings.txMaxMtu); remove and "
                    + "re-add the port with a larger txMaxMtu");
        }
        LinkMtu.set(name, newMtu);
        refreshMtu();
    }

    /** Re-reads the interface MTU (after someone else changed it) and enforces it on tx (capped by the ring). */
    public synchronized void refreshMtu() throws IOException {
        int m = LinkMtu.get(name);
        txQueue.setMtu(m);
        mtu = m;
    }

    public int ifindex() {
        return ifindex;
    }

    /** The errno of the last failed tx kick ("none" if none failed), for diagnostics. */
    public String lastTxError() {
        return txQueue.lastKickError();
    }

    /**
     * Frames the kernel dropped because the rx ring was full, since open ({@code PACKET_STATISTICS}, which resets
     * on each read, accumulated here). Slow path: a system call and a small allocation.
     */
    public synchronized long kernelRxDrops() {
        if (closed) {
            return kernelRxDrops;
        }
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment st = tmp.allocate(Packet.SIZEOF_TPACKET_STATS_V3, 4);
            MemorySegment len = tmp.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) Packet.SIZEOF_TPACKET_STATS_V3);
            if (LibC.getsockopt(fd, Packet.SOL_PACKET, Packet.PACKET_STATISTICS, st, len) == 0) {
                kernelRxDrops += Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, 4));
            }
        }
        return kernelRxDrops;
    }

    /** Unmaps the rings and closes the socket (which leaves promiscuous mode). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
        LibC.close(fd);
    }
}
