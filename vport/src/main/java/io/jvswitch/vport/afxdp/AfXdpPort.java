package io.jvswitch.vport.afxdp;

import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.IfReq;
import io.jvswitch.ffi.linux.RtNetlink;
import io.jvswitch.ffi.linux.Xdp;
import io.jvswitch.vport.DropCounters;
import io.jvswitch.vport.LinkMtu;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A port on a Linux network interface through AF_XDP sockets (OVS type {@value #TYPE}): the fast path for
 * physical and veth interfaces, with no libxdp or libbpf at run time.
 *
 * <h2>What</h2> One AF_XDP socket per rx queue of the interface (at most {@code n_rxq}); rx queue {@code q} and tx
 * queue {@code q} are the two sides of socket {@code q}. An XDP program redirects every frame arriving on queue
 * {@code q} to socket {@code q} (see {@link XskProgram}); frames on queues without a socket go to the kernel
 * stack. The port reports how it is attached ({@link #mode()}: "native" or "generic"; {@link #zeroCopy()}), and
 * the largest frame it carries ({@link #maxFrameSize()}; with multi-buffer, jumbo frames; without,
 * {@link #multiBufferUnavailable()} says why).
 *
 * <h2>Design</h2>
 * <pre>
 *  open: if_nametoindex, MTU and "no XDP program yet" (rtnetlink), queue count (/sys/class/net/IF/queues/rx-*)
 *        -&gt; XSKMAP + program (bpf) -&gt; attach (BPF link: native, else generic, per xdp-mode)
 *        -&gt; per queue: XskSocket (UMEM, 4 rings, bind; retried without XDP_USE_SG if refused) -&gt; map[q] = fd
 *  close: detach (close the link) -&gt; close sockets, unmap
 *
 *  rx: driver -&gt; XDP prog -&gt; XSKMAP[rx_queue_index] -&gt; UMEM chunk + rx ring
 *      -&gt; AfXdpRxQueue copies into a pool frame, chunk back to the fill ring
 *  tx: AfXdpTxQueue copies a pool frame into a UMEM chunk + tx ring, sendto -&gt; driver;
 *      chunk back through the completion ring
 * </pre>
 *
 * <h2>Thread-safety</h2> Each rx queue polled by one PMD; tx queues lock when shared
 * ({@link AfXdpPortSettings#sharedTx()}). Stats from any thread. Close only after PMDs stopped using the port.
 */
public final class AfXdpPort implements Port {
    public static final String TYPE = "afxdp";
    /** The kernel keeps this much headroom in front of every received frame (XDP_PACKET_HEADROOM). */
    static final int XDP_PACKET_HEADROOM = 256;
    private static final System.Logger LOG = System.getLogger(AfXdpPort.class.getName());

    private final int portNo;
    private final String name;
    private final int ifindex;
    private volatile int mtu;
    private final XskProgram program;
    private final String mode;
    private final XskSocket[] sockets;
    private final AfXdpRxQueue[] rxQueues;
    private final AfXdpTxQueue[] txQueues;
    private final PortStats stats = new PortStats();
    private final DropCounters drops = new DropCounters();
    private final boolean sg;
    private final String sgUnavailable;
    private final int chunkSize;
    private boolean closed;

    private AfXdpPort(int portNo, String name, int ifindex, int mtu, XskProgram program, XskSocket[] sockets,
            String sgUnavailable, AfXdpPortSettings s) {
        this.portNo = portNo;
        this.name = name;
        this.ifindex = ifindex;
        this.mtu = mtu;
        this.program = program;
        this.mode = program.mode();
        this.sockets = sockets;
        this.sg = sockets[0].sg;
        this.sgUnavailable = sgUnavailable;
        this.chunkSize = s.chunkSize();
        this.rxQueues = new AfXdpRxQueue[sockets.length];
        this.txQueues = new AfXdpTxQueue[sockets.length];
        for (int q = 0; q < sockets.length; q++) {
            rxQueues[q] = new AfXdpRxQueue(sockets[q], portNo, stats, drops);
            txQueues[q] = new AfXdpTxQueue(sockets[q], mtu, s.sharedTx(), stats, drops);
        }
    }

    /** Opens the port on interface {@code ifname} with default settings. */
    public static AfXdpPort open(int portNo, String ifname) throws IOException {
        return open(portNo, ifname, AfXdpPortSettings.defaults());
    }

    /**
     * Opens the port on interface {@code ifname}.
     *
     * @throws IOException naming the interface and the reason: it does not exist, it already has an XDP program
     *     (another switch?), no privilege (root needed), or the step that failed (XDP mode, bind...) with errno
     */
    public static AfXdpPort open(int portNo, String ifname, AfXdpPortSettings settings) throws IOException {
        Objects.requireNonNull(ifname, "ifname");
        Objects.requireNonNull(settings, "settings");
        String what = "afxdp port " + ifname + ": ";
        if (ifname.isEmpty() || ifname.length() >= IfReq.IFNAMSIZ) {
            throw new IOException(what + "bad interface name (1.." + (IfReq.IFNAMSIZ - 1) + " characters)");
        }
        int ifindex = LibC.ifNameToIndex(ifname);
        if (ifindex < 0) {
            throw new IOException(what + "no such interface '" + ifname + "' (" + Errno.describe(-ifindex) + ")");
        }
        int mtu;
        try (RtNetlink nl = RtNetlink.open()) {
            mtu = nl.getLink(ifname).mtu();
        } catch (NativeException e) {
            throw new IOException(what + "reading the interface: " + e.getMessage(), e);
        }
        XskProgram.checkNoProgram(ifname, ifindex);
        int queues = rxQueueCount(ifname);
        int n = settings.nRxq() > 0 ? Math.min(settings.nRxq(), queues) : queues;

        XskProgram program = XskProgram.load(ifname, ifindex, queues);
        List<XskSocket> opened = new ArrayList<>();
        try {
            attach(program, ifname, settings.xdpMode());
            boolean zc = settings.xdpMode() == XdpMode.NATIVE_WITH_ZEROCOPY;
            int flags = Xdp.XDP_USE_NEED_WAKEUP | (zc ? Xdp.XDP_ZEROCOPY : Xdp.XDP_COPY);
            boolean trySg = settings.multiBuffer() && program.frags();
            String sgUnavailable = !settings.multiBuffer() ? "multi-buffer not requested"
                    : !program.frags() ? "the kernel cannot load multi-buffer XDP programs (BPF_F_XDP_HAS_FRAGS, "
                    + "Linux 5.18+)" : null;
            for (int q = 0; q < n; q++) {
                XskSocket s;
                if (trySg) {
                    try {
                        s = XskSocket.open(ifname, ifindex, q, settings.ringSize(), settings.chunkSize(),
                                flags | Xdp.XDP_USE_SG);
                    } catch (XskSocket.BindException e) {
                        trySg = false;
                        sgUnavailable = "the kernel or driver refused XDP_USE_SG (" + Errno.describe(e.errno())
                                + "; multi-buffer AF_XDP needs Linux 6.6+"
                                + (zc ? " and a driver with zero-copy multi-buffer" : "") + ")";
                        s = XskSocket.open(ifname, ifindex, q, settings.ringSize(), settings.chunkSize(), flags);
                    }
                } else {
                    s = XskSocket.open(ifname, ifindex, q, settings.ringSize(), settings.chunkSize(), flags);
                }
                opened.add(s);
                program.register(q, s.fd);
            }
            if (opened.size() > 1 && opened.get(0).sg != opened.get(opened.size() - 1).sg) {
                throw new IOException(what + "queues disagree on multi-buffer support");
            }
            AfXdpPort port = new AfXdpPort(portNo, ifname, ifindex, mtu, program,
                    opened.toArray(XskSocket[]::new), sgUnavailable, settings);
            LOG.log(System.Logger.Level.INFO, port.describe());
            if (port.sgUnavailable != null && mtu + 14 > port.maxFrameSize()) {
                LOG.log(System.Logger.Level.WARNING, what + "MTU " + mtu + " is larger than this port carries: "
                        + port.sgUnavailable + "; frames up to " + port.maxFrameSize() + " bytes (MTU "
                        + port.maxMtu() + ") cross, longer ones are dropped");
            }
            return port;
        } catch (IOException | RuntimeException e) {
            for (XskSocket s : opened) {
                s.close();
            }
            program.close();
            throw e;
        }
    }

    private static void attach(XskProgram program, String ifname, XdpMode mode) throws IOException {
        String what = "afxdp port " + ifname + ": ";
        switch (mode) {
            case GENERIC -> {
                String why = program.attach(false);
                if (why != null) {
                    throw new IOException(what + "cannot attach " + why);
                }
            }
            case NATIVE, NATIVE_WITH_ZEROCOPY -> {
                String why = program.attach(true);
                if (why != null) {
                    throw new IOException(what + "cannot attach " + why + " (xdp-mode=" + mode.option() + ")");
                }
            }
            case BEST_EFFORT -> {
                String whyNative = program.attach(true);
                if (whyNative != null) {
                    String whyGeneric = program.attach(false);
                    if (whyGeneric != null) {
                        throw new IOException(what + "cannot attach XDP: " + whyNative + "; " + whyGeneric);
                    }
                    LOG.log(System.Logger.Level.INFO, what + "no native XDP (" + whyNative + "), using generic XDP");
                }
            }
            default -> throw new IllegalStateException(mode.toString());
        }
    }

    /** Rx queues of {@code ifname} ({@code /sys/class/net/IF/queues/rx-*}); 1 when unknown. */
    static int rxQueueCount(String ifname) {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/sys/class/net", ifname, "queues"),
                "rx-*")) {
            for (Path ignored : ds) {
                n++;
            }
        } catch (IOException e) {
            return 1;
        }
        return Math.max(1, n);
    }

    /** One line on how the port is attached (logged once at open). */
    public String describe() {
        return "afxdp port " + name + ": " + mode + " XDP, " + (zeroCopy() ? "zero-copy" : "copy") + " mode, "
                + sockets.length + " queue" + (sockets.length == 1 ? "" : "s") + ", MTU " + mtu + ", multi-buffer "
                + (sg ? "on" : "off (" + sgUnavailable + ")") + ", max frame " + maxFrameSize() + " bytes";
    }

    /** "native" (driver XDP) or "generic" (skb XDP). */
    public String mode() {
        return mode;
    }

    /** Whether the sockets run in zero-copy mode (the driver fills our UMEM directly). */
    public boolean zeroCopy() {
        return sockets[0].zeroCopy;
    }

    /** Whether frames larger than a UMEM chunk cross (XDP_USE_SG). */
    public boolean multiBuffer() {
        return sg;
    }

    /** Why multi-buffer is off (null when on): the kernel's or driver's refusal, or the settings. */
    public String multiBufferUnavailable() {
        return sgUnavailable;
    }

    /**
     * The largest frame, Ethernet header included, that this port receives and sends whole (the interface MTU
     * limits it further): with multi-buffer {@value AfXdpTxQueue#MAX_FRAGMENTS} chunks; without, one chunk less
     * the kernel's XDP headroom.
     */
    public int maxFrameSize() {
        return sg ? chunkSize * AfXdpTxQueue.MAX_FRAGMENTS : chunkSize - XDP_PACKET_HEADROOM;
    }

    /** The largest MTU whose frames (untagged) this port carries: {@link #maxFrameSize()} less 14. */
    public int maxMtu() {
        return maxFrameSize() - 14;
    }

    /** The interface MTU (read at open, or set by {@link #setMtu}); tx drops longer frames. */
    @Override
    public int mtu() {
        return mtu;
    }

    /**
     * Sets the interface MTU ({@code SIOCSIFMTU}) and enforces it on tx, in place while PMDs use the port.
     *
     * @throws IOException when the port cannot carry frames of that MTU ({@link #maxMtu()}: without multi-buffer one
     *     chunk), or the device refuses it; the MTU is then unchanged
     */
    @Override
    public synchronized void setMtu(int newMtu) throws IOException {
        if (closed) {
            throw new IOException("afxdp port " + name + ": closed");
        }
        if (newMtu > maxMtu()) {
            throw new IOException("afxdp port " + name + ": cannot carry MTU " + newMtu + ": it carries frames up to "
                    + maxFrameSize() + " bytes (MTU " + maxMtu() + ")"
                    + (sgUnavailable != null ? "; multi-buffer unavailable: " + sgUnavailable : ""));
        }
        LinkMtu.set(name, newMtu);
        int m = LinkMtu.get(name);
        for (AfXdpTxQueue q : txQueues) {
            q.setMtu(m);
        }
        mtu = m;
    }

    public int ifindex() {
        return ifindex;
    }

    /**
     * The kernel's {@code XDP_STATISTICS} summed over the port's sockets: rx_dropped, rx_invalid_descs,
     * tx_invalid_descs, rx_ring_full, rx_fill_ring_empty_descs, tx_ring_empty_descs. Slow path.
     */
    public synchronized long[] kernelStatistics() {
        long[] sum = new long[6];
        for (XskSocket s : sockets) {
            long[] one = s.statistics();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += one[i];
            }
        }
        return sum;
    }

    /** Frames the kernel could not hand to the sockets (rx_dropped + rx_ring_full). Slow path. */
    public long kernelRxDrops() {
        long[] s = kernelStatistics();
        return s[0] + s[3];
    }

    @Override
    public int portNo() {
        return portNo;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int rxQueueCount() {
        return rxQueues.length;
    }

    @Override
    public RxQueue rxQueue(int queue) {
        return rxQueues[queue];
    }

    @Override
    public int txQueueCount() {
        return txQueues.length;
    }

    @Override
    public TxQueue txQueue(int queue) {
        return txQueues[queue];
    }

    @Override
    public PortStats stats() {
        return stats;
    }

    /** Drops the port counted itself, by reason. */
    public DropCounters drops() {
        return drops;
    }

    /** Detaches the XDP program (the interface is left as it was), closes the sockets, unmaps. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        program.close();
        for (XskSocket s : sockets) {
            s.close();
        }
    }
}
