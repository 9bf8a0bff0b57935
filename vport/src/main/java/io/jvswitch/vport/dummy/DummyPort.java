package io.jvswitch.vport.dummy;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.vport.DropCounters;
import io.jvswitch.vport.replay.FrameTemplate;
import io.jvswitch.vport.replay.ReplayRxQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An in-memory port (OVS type "dummy"): the basis of datapath tests and of benchmarks without a NIC.
 *
 * <h2>What</h2> Rx comes from one of two sources, chosen at construction:
 * <ul>
 *   <li><b>inject</b> ({@link #DummyPort(int, String, DummyPortSettings)}): {@link #inject} puts frames on a
 *       bounded lock-free queue per rx queue; {@code receive} copies them into pool frames;</li>
 *   <li><b>replay ring</b> ({@link #replaying}): a fixed set of frames, loaded once into an off-heap
 *       template, cycled through forever; each receive copies from the template.</li>
 * </ul>
 * Tx either <b>captures</b> (copies every frame to a {@code byte[]}, see {@link #transmitted()} and
 * {@link #drainTransmitted()}) or <b>sinks</b> (counts and frees), per {@link DummyTxMode}.
 *
 * <h2>Design</h2> One small class per behaviour ({@link InjectRxQueue}, {@link ReplayRxQueue},
 * {@link CaptureTxQueue}, {@link SinkTxQueue}), so the PMD's calls stay monomorphic for a given port.
 * Frames larger than the pool's data capacity are counted as rx drops ({@link DropReason#OVERSIZE_FRAME});
 * when the pool runs dry rx stops and the frame waits. Every transmit frees every frame of the batch.
 *
 * <h2>Thread-safety</h2> {@link #inject} from any number of threads; each rx queue polled by one PMD; a tx
 * queue may be shared by several PMDs (counters are updated under the {@link PortStats} monitor, once per
 * batch, and the capture list is concurrent). {@link #transmitted()}, {@link #drainTransmitted()},
 * {@link #stats()} and {@link #drops()} from any thread. Close only after PMDs stopped polling.
 *
 * <h2>Performance</h2> Replay receive and sink transmit allocate nothing and make no system calls (a test
 * proves 0 bytes allocated); inject receive allocates nothing on the polling thread. Capture mode allocates
 * one {@code byte[]} per transmitted frame, by design.
 */
public final class DummyPort implements Port {
    public static final String TYPE = "dummy";

    private final int portNo;
    private final String name;
    private final PortStats stats = new PortStats();
    private final DropCounters drops = new DropCounters();
    private final InjectRxQueue[] injectQueues;
    private final RxQueue[] rxQueues;
    private final TxQueue[] txQueues;
    private final ConcurrentLinkedQueue<byte[]> captured = new ConcurrentLinkedQueue<>();
    private final FrameTemplate template;

    /** An injectable port. */
    public DummyPort(int portNo, String name, DummyPortSettings settings) {
        this(portNo, name, settings, null);
    }

    /** An injectable port with one rx and one tx queue, capturing transmitted frames. */
    public DummyPort(int portNo, String name) {
        this(portNo, name, DummyPortSettings.defaults(), null);
    }

    private DummyPort(int portNo, String name, DummyPortSettings settings, List<byte[]> replayFrames) {
        this.portNo = portNo;
        this.name = Objects.requireNonNull(name, "name");
        this.rxQueues = new RxQueue[settings.rxQueues()];
        if (replayFrames == null) {
            this.template = null;
            this.injectQueues = new InjectRxQueue[settings.rxQueues()];
            for (int q = 0; q < rxQueues.length; q++) {
                injectQueues[q] = new InjectRxQueue(settings.injectCapacity(), portNo, stats, drops);
                rxQueues[q] = injectQueues[q];
            }
        } else {
            this.template = new FrameTemplate(replayFrames);
            this.injectQueues = null;
            for (int q = 0; q < rxQueues.length; q++) {
                rxQueues[q] = new ReplayRxQueue(template, portNo, true, stats, drops);
            }
        }
        this.txQueues = new TxQueue[settings.txQueues()];
        for (int q = 0; q < txQueues.length; q++) {
            txQueues[q] = settings.txMode() == DummyTxMode.SINK ? new SinkTxQueue(stats)
                    : new CaptureTxQueue(captured, stats);
        }
    }

    /**
     * A port whose every rx queue cycles through {@code frames} forever (each queue from the first frame),
     * copying from one off-heap template: no allocation per receive. {@link #inject} is not available.
     */
    public static DummyPort replaying(int portNo, String name, List<byte[]> frames, DummyPortSettings settings) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException(name + ": a replay ring needs at least one frame");
        }
        return new DummyPort(portNo, name, settings, List.copyOf(frames));
    }

    /** Queues {@code frame} on rx queue 0 (kept, not copied); false when that queue is full. */
    public boolean inject(byte[] frame) {
        return inject(0, frame);
    }

    /** Queues {@code frame} on rx queue {@code queue}; false when that queue is full. */
    public boolean inject(int queue, byte[] frame) {
        if (injectQueues == null) {
            throw new IllegalStateException(name + " replays a fixed ring; it takes no injected frames");
        }
        return injectQueues[queue].inject(Objects.requireNonNull(frame, "frame"));
    }

    /** Queues frames in order on rx queue 0; returns how many fit (stops at the first that does not). */
    public int injectAll(Collection<byte[]> frames) {
        int n = 0;
        for (byte[] f : frames) {
            if (!inject(0, f)) {
                break;
            }
            n++;
        }
        return n;
    }

    /** Frames injected into {@code queue} and not yet received. */
    public int pending(int queue) {
        return injectQueues == null ? 0 : injectQueues[queue].pending();
    }

    /** A snapshot of the frames transmitted so far (capture mode), in order per tx queue. */
    public List<byte[]> transmitted() {
        return new ArrayList<>(captured);
    }

    /** Removes and returns the frames transmitted so far (capture mode). */
    public List<byte[]> drainTransmitted() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] f = captured.poll(); f != null; f = captured.poll()) {
            out.add(f);
        }
        return out;
    }

    /** Drops by reason (the totals are in {@link #stats()}). */
    public DropCounters drops() {
        return drops;
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

    @Override
    public void close() {
        if (template != null) {
            template.close();
        }
    }
}
