package io.jvswitch.vport.tap;

import io.jvswitch.vport.SingleQueuePort;
import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.port.Mtu;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.ffi.LibC;
import io.jvswitch.vport.DropCounters;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A port on a Linux TAP interface (OVS type "tap"), and the bridge's own "internal" port, which is the same
 * thing under another type name: the host sees an Ethernet interface; what the host sends on it we receive,
 * what we transmit the host receives.
 *
 * <h2>What</h2> {@link #open} opens {@code /dev/net/tun} ({@code O_RDWR|O_NONBLOCK}) and binds it with
 * {@code TUNSETIFF(IFF_TAP|IFF_NO_PI)} to the named interface, creating it, or attaching to an existing
 * persistent TAP of that name; a name template like {@code "tap%d"} lets the kernel choose, and
 * {@link #name()} reports its choice. {@link TapPortSettings} optionally sets the MAC, the MTU and IFF_UP.
 * {@link #close()} closes the fd: a non-persistent TAP disappears with it. Failures at open are
 * {@link IOException}s that say what went wrong and what to do (EPERM: run as root; EBUSY: in use; ...).
 *
 * <h2>Design</h2> One rx queue and one tx queue over the one fd ({@code IFF_MULTI_QUEUE} is not used).
 * Rx {@code read}s each frame directly into a pool frame's data area; tx {@code write}s each frame from
 * the pool; both hand the kernel pre-made per-frame segments ({@link FrameSlices}, built once per pool).
 * No virtio-net header ({@code IFF_VNET_HDR} off): no offloads, every frame is a complete Ethernet frame.
 * Egress frames longer than MTU + 18 (Ethernet header and one VLAN tag) are counted and dropped; the MTU is
 * the one set or read at open, or by {@link #setMtu}/{@link #refreshMtu} later. Rx takes frames of up to
 * the pool's data capacity minus one byte (a read that fills the buffer may be truncated, see
 * {@link TapRxQueue}); longer ones are counted as OVERSIZE_FRAME drops.
 *
 * <h2>Thread-safety</h2> The rx queue is polled by one PMD; the tx queue may be shared by several PMDs (its
 * counters are added under the {@link PortStats} monitor, once per batch). {@link #stats()}, {@link #drops()}
 * and the error counters from any thread. Close after the PMDs stopped using the port.
 *
 * <h2>Performance</h2> No allocation per packet or per call in steady state (a test proves 0 bytes). The
 * cost is the kernel's: one system call per frame in each direction (about 2 µs each on a TAP), plus one
 * EAGAIN read per idle poll. That is the ceiling of any TAP datapath without vhost.
 */
public final class TapPort extends SingleQueuePort {
    public static final String TYPE = "tap";
    public static final String TYPE_INTERNAL = "internal";
    /** Ethernet header plus one 802.1Q tag: what may ride on top of the MTU. */
    public static final int L2_OVERHEAD = Mtu.L2_OVERHEAD;

    private final int fd;
    private final TapRxQueue rxQueue;
    private final TapTxQueue txQueue;
    private volatile FrameSlices[] slices = new FrameSlices[0];
    private volatile int mtu;
    private volatile int maxTxFrameLength;
    private volatile long rxErrors;
    private volatile long txErrors;
    private volatile int lastRxErrno;
    private volatile int lastTxErrno;
    private boolean closed;

    private TapPort(int portNo, String name, String type, int fd, int mtu) {
        super(portNo, name, type, new PortStats(), new DropCounters());
        this.fd = fd;
        setCachedMtu(mtu);
        this.rxQueue = new TapRxQueue(this, fd);
        this.txQueue = new TapTxQueue(this, fd);
        setQueues(rxQueue, txQueue);
    }

    /** Opens (creates or attaches) TAP {@code name} as a port of type "tap". */
    public static TapPort open(int portNo, String name, TapPortSettings settings) throws IOException {
        return open(portNo, name, settings, TYPE);
    }

    /** Opens (creates or attaches) TAP {@code name} as the bridge's "internal" port. */
    public static TapPort openInternal(int portNo, String name, TapPortSettings settings) throws IOException {
        return open(portNo, name, settings, TYPE_INTERNAL);
    }

    private static TapPort open(int portNo, String name, TapPortSettings settings, String type) throws IOException {
        Objects.requireNonNull(settings, "settings");
        String[] actual = new String[1];
        int fd = TapDevice.openTap(name, actual);
        String ifName = actual[0];
        try {
            if (settings.mac() != TapPortSettings.NO_MAC) {
                TapDevice.setMac(ifName, settings.mac());
            }
            if (settings.mtu() != 0) {
                TapDevice.setMtu(ifName, settings.mtu());
            }
            int mtu = TapDevice.mtu(ifName);
            if (settings.up()) {
                TapDevice.setUp(ifName, true);
            }
            return new TapPort(portNo, ifName, type, fd, mtu);
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    /** The TAP fd (for an idle strategy that wants to {@code poll} it). */
    public int fd() {
        return fd;
    }

    /** The MTU the port enforces on egress. */
    @Override
    public int mtu() {
        return mtu;
    }

    /** Largest frame the tx queue writes: MTU + {@link #L2_OVERHEAD}. */
    public int maxTxFrameLength() {
        return maxTxFrameLength;
    }

    /** Reads that failed with something other than EAGAIN (each ends that receive call). */
    public long rxErrors() {
        return rxErrors;
    }

    /** Writes that failed with something other than EAGAIN (e.g. EIO while the TAP is down). */
    public long txErrors() {
        return txErrors;
    }

    /** The errno of the latest rx error, 0 if none. */
    public int lastRxErrno() {
        return lastRxErrno;
    }

    /** The errno of the latest tx error, 0 if none. */
    public int lastTxErrno() {
        return lastTxErrno;
    }

    /**
     * Sets the interface MTU (SIOCSIFMTU, in this process's network namespace; fails with ENODEV once the TAP
     * was moved to another namespace) and enforces it on egress.
     */
    @Override
    public void setMtu(int newMtu) throws IOException {
        new TapPortSettings(TapPortSettings.NO_MAC, newMtu, false); // validates
        TapDevice.setMtu(name, newMtu);
        setCachedMtu(TapDevice.mtu(name));
    }

    /** Re-reads the interface MTU (after someone else changed it) and enforces it on egress. */
    public void refreshMtu() throws IOException {
        setCachedMtu(TapDevice.mtu(name));
    }

    /** Sets or clears IFF_UP on the interface (in this process's network namespace). */
    public void setUp(boolean up) throws IOException {
        TapDevice.setUp(name, up);
    }

    /** The interface's current MAC address (low 48 bits). */
    public long mac() throws IOException {
        return TapDevice.mac(name);
    }

    private void setCachedMtu(int newMtu) {
        mtu = newMtu;
        maxTxFrameLength = newMtu + L2_OVERHEAD;
    }

    /** The per-frame segments of {@code pool}, built on first use (setup cost, once per pool). */
    FrameSlices slices(FramePool pool) {
        FrameSlices[] known = slices;
        for (FrameSlices s : known) {
            if (s.pool() == pool) {
                return s;
            }
        }
        return addSlices(pool);
    }

    private synchronized FrameSlices addSlices(FramePool pool) {
        FrameSlices[] known = slices;
        for (FrameSlices s : known) {
            if (s.pool() == pool) {
                return s;
            }
        }
        FrameSlices s = new FrameSlices(pool);
        FrameSlices[] grown = Arrays.copyOf(known, known.length + 1);
        grown[known.length] = s;
        slices = grown;
        return s;
    }

    /** Rx-side drop accounting; called by the rx queue's single thread. */
    void countRxProblems(int oversize, int runt, int errors, int lastErrno) {
        int dropped = oversize + runt;
        if (dropped != 0) {
            stats.addRxDropped(dropped);
            if (oversize != 0) {
                drops.add(DropReason.OVERSIZE_FRAME, oversize);
            }
            if (runt != 0) {
                drops.add(DropReason.RUNT_FRAME, runt);
            }
        }
        if (errors != 0) {
            rxErrors = rxErrors + errors;
            lastRxErrno = lastErrno;
        }
    }

    /** Tx-side accounting for one batch; tx queues may be shared, so under the stats monitor. */
    void countTx(int sent, long bytes, int oversize, int full, int errors, int lastErrno) {
        int dropped = oversize + full + errors;
        synchronized (stats) {
            if (sent != 0) {
                stats.addTx(sent, bytes);
            }
            if (dropped != 0) {
                stats.addTxDropped(dropped);
            }
            if (errors != 0) {
                txErrors = txErrors + errors;
                lastTxErrno = lastErrno;
            }
        }
        if (oversize != 0) {
            drops.add(DropReason.OVERSIZE_FRAME, oversize);
        }
        if (full != 0) {
            drops.add(DropReason.TX_QUEUE_FULL, full);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
        }
    }

    @Override
    public String toString() {
        return type() + " port " + portNo + " (" + name + ", fd " + fd + ", mtu " + mtu + ")";
    }
}
