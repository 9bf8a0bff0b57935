package io.jvswitch.vport.pcap;

import io.jvswitch.vport.SingleQueuePort;
import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.pcap.PcapFormatException;
import io.jvswitch.pcap.PcapReader;
import io.jvswitch.pcap.PcapRecord;
import io.jvswitch.pcap.PcapWriter;
import io.jvswitch.vport.DropCounters;
import io.jvswitch.vport.replay.FrameTemplate;
import io.jvswitch.vport.replay.ReplayRxQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A port that replays a libpcap capture on rx and records tx to a libpcap file (OVS type "pcap", after the
 * dummy netdev's {@code rxq_pcap=} and {@code tx_pcap=} options). Either side is optional.
 *
 * <h2>What</h2> Rx: every record of {@link PcapPortSettings#rxFile()}, in file order, once or in a loop;
 * records larger than the pool's data capacity are counted as rx drops
 * ({@link DropReason#OVERSIZE_FRAME}) and skipped. Tx: every transmitted frame is appended to
 * {@link PcapPortSettings#txFile()} (little-endian, microsecond timestamps from the port's clock), flushed
 * periodically and on {@link #close()}; the file reads in {@code tshark -r} and {@code ovs-ofctl parse-pcap}
 * (its header is written at open, so it is a valid, empty capture before the first frame).
 * A port without an rx file never receives; one without a tx file counts transmitted frames as tx drops.
 *
 * <h2>Design</h2> The rx capture is read and checked whole when the port opens, into one off-heap
 * {@link FrameTemplate}, so a bad file fails at open with the offset in the message (or, non-strict, the
 * valid prefix is replayed and {@link #rxLoadError()} says where it stopped) and the PMD does no file I/O on
 * rx. Captures are thus bounded by {@link PcapPortSettings#maxRxBytes()}. Replay does not pace packets by
 * their timestamps.
 *
 * <h2>Thread-safety</h2> One rx queue (one polling PMD) and one tx queue, which PMDs may share (its
 * methods are synchronized). Stats from any thread. Close after PMDs stopped using the port.
 *
 * <h2>Performance</h2> Rx: a {@code MemorySegment.copy} per frame, no allocation. Tx: no allocation per
 * frame; a buffered write system call per 64 KiB recorded.
 */
public final class PcapPort extends SingleQueuePort {
    public static final String TYPE = "pcap";

    private final PcapPortSettings settings;
    private final FrameTemplate template;
    private final String rxLoadError;
    private final RxQueue rxQueue;
    private final PcapTxQueue pcapTx;
    private final TxQueue txQueue;

    private PcapPort(int portNo, String name, PcapPortSettings settings, LongSupplier epochNanos,
            LongSupplier monotonicNanos) throws IOException {
        super(portNo, name, TYPE, new PortStats(), new DropCounters());
        this.settings = settings;
        if (settings.rxFile() != null) {
            Loaded loaded = load(settings);
            this.template = new FrameTemplate(loaded.frames());
            this.rxLoadError = loaded.error();
            this.rxQueue = new ReplayRxQueue(template, portNo, settings.loop(), stats, drops);
        } else {
            this.template = null;
            this.rxLoadError = null;
            this.rxQueue = batch -> 0;
        }
        if (settings.txFile() != null) {
            PcapWriter writer;
            try {
                writer = PcapWriter.create(settings.txFile());
                writer.flush();
            } catch (IOException e) {
                if (template != null) {
                    template.close();
                }
                throw new IOException(name + ": cannot create tx capture " + settings.txFile() + ": " + e, e);
            }
            this.pcapTx = new PcapTxQueue(writer, stats, epochNanos, monotonicNanos,
                    settings.flushIntervalNanos());
            this.txQueue = pcapTx;
        } else {
            this.pcapTx = null;
            this.txQueue = this::dropAll;
        }
        setQueues(rxQueue, txQueue);
    }

    /** Opens the port: reads and checks the rx capture, creates the tx capture. Timestamps from the wall clock. */
    public static PcapPort open(int portNo, String name, PcapPortSettings settings) throws IOException {
        return open(portNo, name, settings, () -> System.currentTimeMillis() * 1_000_000L, System::nanoTime);
    }

    /** As {@link #open(int, String, PcapPortSettings)}, with the clocks (epoch and monotonic ns) given. */
    public static PcapPort open(int portNo, String name, PcapPortSettings settings, LongSupplier epochNanos,
            LongSupplier monotonicNanos) throws IOException {
        return new PcapPort(portNo, name, settings, epochNanos, monotonicNanos);
    }

    private record Loaded(List<byte[]> frames, String error) {
    }

    private static Loaded load(PcapPortSettings s) throws IOException {
        Path file = s.rxFile();
        long size = Files.size(file);
        if (size > s.maxRxBytes()) {
            throw new IOException(file + ": " + size + " bytes, larger than the rx limit of " + s.maxRxBytes());
        }
        List<byte[]> frames = new ArrayList<>();
        try (PcapReader r = PcapReader.open(file)) {
            if (r.linkType() != PcapReader.LINKTYPE_ETHERNET) {
                throw new PcapFormatException(file + ": link type " + r.linkType() + ", not Ethernet (1)");
            }
            try {
                for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                    frames.add(rec.data());
                }
            } catch (PcapFormatException e) {
                if (s.strict()) {
                    throw e;
                }
                return new Loaded(frames, e.getMessage());
            }
        }
        return new Loaded(frames, null);
    }

    private int dropAll(PacketBatch batch) {
        int n = batch.count;
        batch.freeAll();
        if (n != 0) {
            synchronized (stats) {
                stats.addTxDropped(n);
            }
        }
        return 0;
    }

    public PcapPortSettings settings() {
        return settings;
    }

    /** Frames loaded from the rx capture (0 without one). */
    public int rxFrameCount() {
        return template == null ? 0 : template.size();
    }

    /** Bytes of all frames loaded from the rx capture. */
    public long rxFrameBytes() {
        return template == null ? 0 : template.totalBytes();
    }

    /** Where a non-strict load stopped at a malformed record, or null when the whole file loaded. */
    public String rxLoadError() {
        return rxLoadError;
    }

    /** True once a non-looping replay has delivered every frame (or there is nothing to replay). */
    public boolean rxDone() {
        return !(rxQueue instanceof ReplayRxQueue r) || r.done();
    }

    /** The first I/O error recording tx, or null. */
    public IOException txError() {
        return pcapTx == null ? null : pcapTx.error();
    }

    /** Writes buffered tx records to the file now. */
    public void flush() {
        if (pcapTx != null) {
            pcapTx.flush();
        }
    }

    /** Flushes and closes the tx capture, frees the rx frames. A tx close error is kept in {@link #txError()}. */
    @Override
    public void close() {
        if (pcapTx != null) {
            pcapTx.close();
        }
        if (template != null) {
            template.close();
        }
    }

    /** Rethrows a tx recording error, for callers that want it loud (tests, CLI). */
    public void checkTx() {
        IOException e = txError();
        if (e != null) {
            throw new UncheckedIOException(name + ": recording " + settings.txFile() + " failed", e);
        }
    }
}
