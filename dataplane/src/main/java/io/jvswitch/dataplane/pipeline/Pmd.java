package io.jvswitch.dataplane.pipeline;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.action.ActionExecutor;
import io.jvswitch.dataplane.bond.BondCounters;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.parse.PacketParser;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.dataplane.qos.BatchPolicing;
import io.jvswitch.dataplane.qos.Locked;
import io.jvswitch.dataplane.qos.MeterTable;
import io.jvswitch.dataplane.qos.PortQos;
import io.jvswitch.dataplane.slowpath.SlowPath;
import io.jvswitch.dataplane.slowpath.SlowPathQueue;
import io.jvswitch.dataplane.upcall.UpcallHandler;
import io.jvswitch.flowcache.ExactMatchCache;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.FlowTable;
import io.jvswitch.flowcache.Megaflow;
import io.jvswitch.qos.IngressPolicer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A poll-mode driver thread's work: the whole fast path for the rx queues assigned to it.
 *
 * <h2>What</h2> One {@link #doWork()} iteration polls every rx queue once and runs each received batch through
 * <pre>
 *   rx → parse (+hash) → EMC → megaflow (dpcls per in_port) → upcall (bounded) → group by flow → actions → tx
 * </pre>
 * then flushes the per-port tx batches (OVS: {@code dp_netdev_process_rxq_port}, {@code dp_netdev_input}).
 *
 * <h2>Design</h2> Every stage is a loop over the batch driven by an {@code int} bitmask of live packets.
 * Upcalls run inline but bounded: at most {@link PmdConfig#maxUpcallsPerBatch()} per batch, and, while this PMD
 * also forwards established traffic, at most {@link PmdConfig#upcallTimeShare()} of its time. Misses beyond the
 * budget are lost upcalls (dropped, counted). An rx queue whose last batch was mostly misses is "storming";
 * once the window's budget is spent, storming queues are not polled (at most
 * {@link PmdConfig#stormBackoffMax()} iterations in a row) until the next window — so a storm of new flows on
 * one port cannot starve the established flows of the others (OVS stalls here). With nothing established to
 * protect, the budget does not apply and new flows are set up at full speed.
 *
 * <h2>Thread-safety</h2> Everything here is owned by the thread that calls {@link #doWork()} (a PMD thread, or a
 * test in invoker mode). Other threads act through {@link #submit} (a bounded MPSC queue drained at the start
 * of each iteration) and read {@link #stats()}, {@link #pollList()} and {@link Megaflow} statistics. Once the
 * PMD thread has stopped (joined), or while it is parked inside a command, the thread that stopped or parked
 * it may call the owner-thread operations itself ({@link #runCommands()}, {@link #addRxQueue}...).
 *
 * <h2>Bonds and the slow path</h2> Bond outputs read the datapath's shared {@link BondTables} when they run
 * and count per bucket in this PMD's {@link #bondCounters()} (published to readers at housekeeping). An upcall
 * that answers with a {@link SlowPath#verdict} sends the frame to the datapath's {@link SlowPathQueue} and
 * installs nothing; {@link #packetOut} is the reverse way (control plane → a port), through the command queue.
 *
 * <h2>Performance</h2> No allocation, logging or exceptions per packet in steady state (a test proves 0 bytes).
 */
public final class Pmd implements Agent {
    /**
     * Upcalls every window allows even when the time share is spent: a single cold upcall (a new in_port's first
     * flow) can exceed the share of a 1 ms window, and the few new flows of light traffic must not be lost to a
     * budget meant for storms (4 warm upcalls cost about 5 µs).
     */
    static final int MIN_UPCALLS_PER_WINDOW = 4;

    /** A batch with at least this many misses marks its rx queue as storming. */
    static final int STORM_MISSES = 8;
    private final int id;
    private final PmdConfig cfg;
    private final FramePool pool;
    private final NanoClock clock;
    private final UpcallHandler upcallHandler;
    private final ExactMatchCache emc;
    private final FlowTable flows;
    private final PmdStats stats = new PmdStats();
    private final long[] drops = new long[DropReason.VALUES.length];
    private final PortQos portQos;
    private final PacketBatch batch;
    private final OutputPorts outputs;
    private final ActionExecutor executor;
    private final BondCounters bondCounters = new BondCounters();
    private final SlowPathQueue slowPath;
    private final ManyToOneConcurrentArrayQueue<Consumer<Pmd>> commands = new ManyToOneConcurrentArrayQueue<>(4096);
    private final Consumer<Consumer<Pmd>> runCommand = c -> c.accept(this);

    private RxQueue[] rxqs = new RxQueue[0];
    private int[] rxqPort = new int[0];
    private int[] rxqId = new int[0];
    /** The poll list as (port, queue) pairs, republished after every change for other threads. */
    private volatile long[] published = new long[0];
    private int[] skip = new int[0];
    private boolean[] storming = new boolean[0];

    private final Megaflow[] groupFlow = new Megaflow[PacketBatch.MAX_BURST];
    private final int[] groupMask = new int[PacketBatch.MAX_BURST];
    private final long[] groupBytes = new long[PacketBatch.MAX_BURST];
    private final int[] groupFlags = new int[PacketBatch.MAX_BURST];
    private final Megaflow[] newFlows = new Megaflow[PacketBatch.MAX_BURST];

    private long windowStart;
    private long windowUpcallNanos;
    /** Upcalls made in the current window: the first {@link #MIN_UPCALLS_PER_WINDOW} are never throttled. */
    private int windowUpcalls;
    private long windowHits;
    private boolean contended;
    private long nextHousekeeping;
    private long nextRank;
    private boolean lostThisBatch;
    private int missesThisBatch;
    private final long upcallLimitNanos;
    private long lastIterationStart;
    private boolean lastIterationBusy;

    /** A PMD with no bonds of its own (bond outputs drop) and no slow path (slow-path verdicts drop, counted). */
    public Pmd(int id, PmdConfig cfg, FramePool pool, UpcallHandler upcallHandler, NanoClock clock) {
        this(id, cfg, pool, upcallHandler, clock, new BondTables(), null);
    }

    /**
     * @param bondTables the datapath's bond tables, shared by all its PMDs
     * @param slowPath   the datapath's slow-path queue, shared by all its PMDs; null: slow-path frames drop
     */
    public Pmd(int id, PmdConfig cfg, FramePool pool, UpcallHandler upcallHandler, NanoClock clock,
               BondTables bondTables, SlowPathQueue slowPath) {
        this(id, cfg, pool, upcallHandler, clock, bondTables, slowPath, new PortQos(), new MeterTable());
    }

    /**
     * @param portQos the datapath's per-port policers (ingress at rx, egress at tx), shared by all its PMDs
     * @param meters  the datapath's meters (the {@code METER} action), shared by all its PMDs
     */
    public Pmd(int id, PmdConfig cfg, FramePool pool, UpcallHandler upcallHandler, NanoClock clock,
               BondTables bondTables, SlowPathQueue slowPath, PortQos portQos, MeterTable meters) {
        this.id = id;
        this.portQos = java.util.Objects.requireNonNull(portQos, "portQos");
        this.slowPath = slowPath;
        this.cfg = cfg;
        this.upcallLimitNanos = (long) (cfg.upcallTimeShare() * cfg.upcallWindowNanos());
        this.pool = pool;
        this.clock = clock;
        this.upcallHandler = upcallHandler;
        this.emc = new ExactMatchCache(cfg.emcEntries(), cfg.emcInsertInvProb(), 0x9E3779B9 * (id + 1));
        this.flows = new FlowTable(cfg.flowLimit());
        this.batch = new PacketBatch(pool);
        this.outputs = new OutputPorts(pool, portQos, drops);
        this.executor = new ActionExecutor(new ActionExecutor.OutputSink() {
            @Override
            public boolean hasPort(int portNo) {
                return outputs.has(portNo);
            }

            @Override
            public void output(int portNo, PacketBatch b, int i) {
                outputs.enqueue(portNo, b, i);
            }

            @Override
            public void outputAll(int portNo, PacketBatch b, int group) {
                outputs.enqueueAll(portNo, b, group);
            }

            @Override
            public void outputLast(int portNo, PacketBatch b, int group) {
                outputs.sendAll(portNo, b, group);
            }

            @Override
            public void outputFrame(int portNo, int frame, int offset, int length, int inPort) {
                outputs.enqueueFrame(portNo, frame, offset, length, inPort);
            }
        }, drops, bondTables, bondCounters, slowPath, id, meters);
        long now = clock.nanoTime();
        this.windowStart = now;
        this.lastIterationStart = now;
        this.nextHousekeeping = now + cfg.housekeepingNanos();
        this.nextRank = now + 1_000_000_000L;
    }

    public int id() {
        return id;
    }

    public PmdStats stats() {
        return stats;
    }

    public FramePool pool() {
        return pool;
    }

    public PmdConfig config() {
        return cfg;
    }

    /**
     * This PMD's per-bucket bond transmit counters (written by this PMD, readable from any thread; published at
     * every housekeeping, {@link PmdConfig#housekeepingNanos}).
     */
    public BondCounters bondCounters() {
        return bondCounters;
    }

    @Override
    public String roleName() {
        return "pmd-" + id;
    }

    // ---------------------------------------------------------------- control side (any thread)

    /**
     * Queues a command to run on the PMD thread at the start of its next iteration.
     *
     * @return false when the command queue is full (try again later)
     */
    public boolean submit(Consumer<Pmd> command) {
        return commands.offer(command);
    }

    /** Makes {@code port} a transmit target and polls all its rx queues (queued; next iteration). */
    public void attachPort(Port port) {
        enqueue(p -> {
            p.addOutput(port);
            for (int q = 0; q < port.rxQueueCount(); q++) {
                p.addRxQueue(port, q);
            }
        });
    }

    /** Stops polling and transmitting to a port and removes its megaflows (queued). */
    public void detachPort(int portNo) {
        enqueue(p -> p.removePort(portNo));
    }

    /**
     * Asks this PMD to transmit {@code frame} (copied now) on datapath port {@code portNo}, e.g. a LACPDU or a
     * RARP learning packet: at its next iteration the PMD copies it into a frame of its pool and queues it on
     * the port's tx batch (sent at the end of that iteration). Any thread.
     *
     * @return false when the command queue is full (nothing queued; try again later)
     */
    public boolean packetOut(int portNo, byte[] frame) {
        final byte[] bytes = frame.clone();
        return commands.offer(p -> p.sendFrame(portNo, bytes));
    }

    /**
     * Transmits {@code bytes} on {@code portNo} from this PMD's pool: counted as {@code packet_outs}, or dropped
     * and counted ({@code NO_SUCH_PORT}, {@code OVERSIZE_FRAME}, {@code POOL_EXHAUSTED}). Owner thread (or a
     * command); the frame leaves with the iteration's tx flush.
     */
    public void sendFrame(int portNo, byte[] bytes) {
        if (!outputs.has(portNo)) {
            stats.addDrop(DropReason.NO_SUCH_PORT, 1);
            return;
        }
        if (bytes.length > pool.dataCapacity()) {
            stats.addDrop(DropReason.OVERSIZE_FRAME, 1);
            return;
        }
        final int f = pool.alloc();
        if (f < 0) {
            stats.addDrop(DropReason.POOL_EXHAUSTED, 1);
            return;
        }
        final int off = pool.headroom();
        MemorySegment.copy(bytes, 0, pool.segment(), ValueLayout.JAVA_BYTE, pool.frameOffset(f) + off, bytes.length);
        outputs.enqueueFrame(portNo, f, off, bytes.length, -1);
        stats.add(PmdStats.PACKET_OUTS, 1);
    }

    private void enqueue(Consumer<Pmd> c) {
        if (!commands.offer(c)) {
            throw new IllegalStateException("PMD " + id + " command queue full");
        }
    }

    // ---------------------------------------------------------------- owner-thread operations

    /** Adds an output port, using tx queue {@code id % txQueueCount} (tests, one PMD). Owner thread. */
    public void addOutput(Port port) {
        outputs.add(port, id);
    }

    /**
     * Makes {@code queue} this PMD's tx queue for {@code port} (replacing the one it used), e.g. a
     * {@link io.jvswitch.dataplane.port.LockedTxQueue} when several PMDs share it. Owner thread (or a command).
     */
    public void addOutput(Port port, TxQueue queue) {
        outputs.add(port.portNo(), queue);
    }

    /** Adds rx queue {@code queue} of {@code port} to the poll list. Owner thread (or a command). */
    public void addRxQueue(Port port, int queue) {
        int n = rxqs.length;
        rxqs = java.util.Arrays.copyOf(rxqs, n + 1);
        rxqPort = java.util.Arrays.copyOf(rxqPort, n + 1);
        rxqId = java.util.Arrays.copyOf(rxqId, n + 1);
        skip = java.util.Arrays.copyOf(skip, n + 1);
        storming = java.util.Arrays.copyOf(storming, n + 1);
        rxqs[n] = port.rxQueue(queue);
        rxqPort[n] = port.portNo();
        rxqId[n] = queue;
        publish();
    }

    /**
     * Stops polling rx queue {@code queue} of port {@code portNo} (flows and outputs stay). Owner thread (or a
     * command). Between iterations no frame of that queue is held here, so another PMD may poll it next.
     *
     * @return false when the queue was not in the poll list
     */
    public boolean removeRxQueue(int portNo, int queue) {
        return retainRxQueues(portNo, queue);
    }

    /** Removes a port from the poll list and the outputs, and deletes megaflows with that in_port. */
    public void removePort(int portNo) {
        retainRxQueues(portNo, -1);
        outputs.remove(portNo);
        flows.removePort(portNo);
    }

    /** Drops queue {@code queue} (every queue when -1) of {@code portNo} from the poll list. */
    private boolean retainRxQueues(int portNo, int queue) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < rxqs.length; i++) {
            if (rxqPort[i] != portNo || (queue >= 0 && rxqId[i] != queue)) {
                keep.add(i);
            }
        }
        if (keep.size() == rxqs.length) {
            return false;
        }
        RxQueue[] r = new RxQueue[keep.size()];
        int[] p = new int[keep.size()];
        int[] q = new int[keep.size()];
        int[] sk = new int[keep.size()];
        boolean[] st = new boolean[keep.size()];
        for (int j = 0; j < r.length; j++) {
            int k = keep.get(j);
            r[j] = rxqs[k];
            p[j] = rxqPort[k];
            q[j] = rxqId[k];
            sk[j] = skip[k];
            st[j] = storming[k];
        }
        rxqs = r;
        rxqPort = p;
        rxqId = q;
        skip = sk;
        storming = st;
        publish();
        return true;
    }

    private void publish() {
        long[] pl = new long[rxqs.length];
        for (int i = 0; i < pl.length; i++) {
            pl[i] = (long) rxqPort[i] << 32 | rxqId[i];
        }
        published = pl;
    }

    /** One entry of a poll list. */
    public record PolledQueue(int portNo, int queue) {
    }

    /** The rx queues this PMD polls, as of its last poll-list change. Any thread. */
    public List<PolledQueue> pollList() {
        long[] pl = published;
        List<PolledQueue> out = new ArrayList<>(pl.length);
        for (long e : pl) {
            out.add(new PolledQueue((int) (e >>> 32), (int) e));
        }
        return out;
    }

    /** Runs the queued commands now, on the calling thread: only once the PMD thread has stopped or is parked. */
    public void runCommands() {
        if (!commands.isEmpty()) {
            commands.drain(runCommand);
        }
    }

    /** Installs a megaflow directly (tests, benchmarks, revalidation). Owner thread (or a command). */
    public boolean installFlow(int inPort, Megaflow f) {
        return flows.install(inPort, f);
    }

    /** The flow table. Owner thread only (use a command from other threads). */
    public FlowTable flowTable() {
        return flows;
    }

    public ExactMatchCache emc() {
        return emc;
    }

    // ---------------------------------------------------------------- the loop

    @Override
    public int doWork() {
        if (!commands.isEmpty()) {
            commands.drain(runCommand);
        }
        final long now = clock.nanoTime();
        outputs.setNow(now);
        executor.setNow(now);
        stats.add(lastIterationBusy ? PmdStats.BUSY_NANOS : PmdStats.IDLE_NANOS, now - lastIterationStart);
        lastIterationStart = now;
        if (now - windowStart >= cfg.upcallWindowNanos()) {
            contended = windowHits > 0;
            windowHits = 0;
            windowUpcallNanos = 0;
            windowUpcalls = 0;
            windowStart = now;
        }
        int work = 0;
        final RxQueue[] q = rxqs;
        for (int k = 0; k < q.length; k++) {
            if (storming[k] && contended && windowUpcallNanos >= upcallLimitNanos
                    && skip[k] < cfg.stormBackoffMax()) {
                skip[k]++;
                stats.add(PmdStats.RXQ_BACKOFF_SKIPS, 1);
                continue;
            }
            skip[k] = 0;
            final int n = q[k].receive(batch);
            if (n == 0) {
                continue;
            }
            work += n;
            final Locked<IngressPolicer> policer = portQos.ingress(batch.inPort[0]);
            if (policer != null && BatchPolicing.ingress(batch, policer, now, drops) == 0) {
                continue;                       // every packet policed (frames freed, drops counted)
            }
            lostThisBatch = false;
            missesThisBatch = 0;
            processBatch(now);
            storming[k] = lostThisBatch || missesThisBatch >= STORM_MISSES;
        }
        outputs.flushAll();
        stats.add(PmdStats.TX_PACKETS, outputs.takeSent());
        final long slow = executor.takeSlowPathPackets();
        if (slow != 0) {
            stats.add(PmdStats.SLOW_PATH_PACKETS, slow);
        }
        stats.addDrops(drops);
        stats.add(PmdStats.ITERATIONS, 1);
        lastIterationBusy = work > 0;
        if (work > 0) {
            stats.add(PmdStats.BUSY_ITERATIONS, 1);
        }
        emc.sweep(4);
        if (now >= nextHousekeeping) {
            housekeeping(now);
        }
        return work;
    }

    private void housekeeping(long now) {
        nextHousekeeping = now + cfg.housekeepingNanos();
        bondCounters.publish();
        int expired = flows.expireIdle(now, cfg.maxIdleNanos());
        if (expired > 0) {
            stats.add(PmdStats.FLOWS_EXPIRED, expired);
        }
        flows.removeDead();
        if (now >= nextRank) {
            nextRank = now + 1_000_000_000L;
            flows.rank();
        }
    }

    /** Runs one received batch through the pipeline. Every frame of the batch is moved or freed. */
    private void processBatch(long now) {
        final PacketBatch b = batch;
        final int count = b.count;
        stats.add(PmdStats.RX_PACKETS, count);
        final int all = count == 32 ? -1 : (1 << count) - 1;
        final int ok = PacketParser.parseBatch(b, drops);
        b.freeSlots(all & ~ok);
        int miss = ok;
        if (cfg.emcInsertInvProb() != 0) {
            miss = emc.lookupBatch(b.keys, b.hash, count, ok, b.compactKeys, b.flow);
            stats.add(PmdStats.EMC_HITS, Integer.bitCount(ok & ~miss));
        }
        int live = ok;
        if (miss != 0) {
            final int inPort = b.inPort[Integer.numberOfTrailingZeros(miss)];
            final int before = miss;
            miss = flows.lookupBatch(inPort, b.keys, count, miss, b.flow);
            final int mf = before & ~miss;
            if (mf != 0) {
                stats.add(PmdStats.MEGAFLOW_HITS, Integer.bitCount(mf));
                if (cfg.emcInsertInvProb() != 0) {
                    for (int m = mf; m != 0; m &= m - 1) {
                        int i = Integer.numberOfTrailingZeros(m);
                        emc.maybeInsert(b.keys, PacketBatch.keyBase(i), b.hash[i], b.flow[i]);
                    }
                }
            }
            if (miss != 0) {
                // Only cache hits count as established traffic: packets of flows installed in this very batch
                // must not make a pure new-flow stream look contended (that would throttle its own upcalls).
                windowHits += Integer.bitCount(ok & ~miss);
                live &= ~handleMisses(b, miss, inPort, now);
            } else {
                windowHits += Integer.bitCount(ok);
            }
        } else {
            windowHits += Integer.bitCount(ok);
        }
        executeGrouped(b, live, now);
        b.clearSlots();
    }

    /** Upcalls for the packets in {@code miss}; returns the mask of packets dropped (frames freed). */
    private int handleMisses(PacketBatch b, int miss, int inPort, long now) {
        int dropped = 0;
        int nNew = 0;
        int upcalls = 0;
        final long limit = upcallLimitNanos;
        final long start = clock.nanoTime();
        long timed = 0;
        for (int m = miss; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            final int base = PacketBatch.keyBase(i);
            Megaflow f = null;
            for (int j = 0; j < nNew; j++) {
                if (newFlows[j].matches(b.keys, base)) {
                    f = newFlows[j];
                    break;
                }
            }
            if (f != null) {
                b.flow[i] = f;
                stats.add(PmdStats.UPCALL_REUSED, 1);
                continue;
            }
            stats.add(PmdStats.MISSES, 1);
            missesThisBatch++;
            if (upcalls >= cfg.maxUpcallsPerBatch()
                    || (contended && windowUpcallNanos >= limit && windowUpcalls >= MIN_UPCALLS_PER_WINDOW)) {
                pool.free(b.frame[i]);
                drops[DropReason.UPCALL_LOST.ordinal()]++;
                stats.add(PmdStats.LOST_UPCALLS, 1);
                lostThisBatch = true;
                dropped |= 1 << i;
                continue;
            }
            upcalls++;
            windowUpcalls++;
            // The budget counts everything a new flow costs this thread: translation, install, EMC insert.
            final long t0 = clock.nanoTime();
            f = callHandler(b, i, base, now);
            final int slowReason = f == null ? 0 : SlowPath.reasonOf(f);
            if (slowReason == 0 && f != null && flows.install(inPort, f) && cfg.emcInsertInvProb() != 0) {
                emc.maybeInsert(b.keys, base, b.hash[i], f);
            }
            final long spent = clock.nanoTime() - t0;
            windowUpcallNanos += spent;
            timed += spent;
            stats.add(PmdStats.UPCALL_NANOS, spent);
            if (slowReason != 0) {             // handled by the control plane: no flow, not reusable in this batch
                toSlowPath(b, i, slowReason);
                dropped |= 1 << i;
                continue;
            }
            if (f == null) {
                pool.free(b.frame[i]);
                drops[DropReason.UPCALL_ERROR.ordinal()]++;
                dropped |= 1 << i;
                continue;
            }
            stats.add(PmdStats.UPCALLS, 1);
            newFlows[nNew++] = f;
            b.flow[i] = f;
        }
        for (int j = 0; j < nNew; j++) {
            newFlows[j] = null;
        }
        // Lost upcalls and flow reuse cost time too: the whole miss handling counts against the budget.
        windowUpcallNanos += clock.nanoTime() - start - timed;
        return dropped;
    }

    /** Copies packet {@code i} to the slow-path queue (or counts it lost) and frees its frame. */
    private void toSlowPath(PacketBatch b, int i, int reason) {
        final SlowPathQueue q = slowPath;
        if (q != null && q.offer(id, b.inPort[i], reason, pool.segment(), b.dataAddress(i), b.length[i])) {
            stats.add(PmdStats.SLOW_PATH_PACKETS, 1);
        } else {
            drops[DropReason.SLOW_PATH_FULL.ordinal()]++;
        }
        pool.free(b.frame[i]);
    }

    private Megaflow callHandler(PacketBatch b, int i, int base, long now) {
        try {
            return upcallHandler.upcall(id, b.keys, base, pool.segment(), b.dataAddress(i), b.length[i], now);
        } catch (RuntimeException | Error e) {
            return null;
        }
    }

    private void executeGrouped(PacketBatch b, int live, long now) {
        if (live == 0) {
            return;
        }
        final Megaflow[] flow = b.flow;
        final int[] length = b.length;
        final long[] keys = b.keys;
        int nGroups = 0;
        // Runs of packets of the same flow (the common case) accumulate in locals; a group's arrays are
        // updated once per run, not once per packet.
        Megaflow cur = null;
        int curG = 0;
        int mask = 0;
        long bytes = 0;
        int flags = 0;
        for (int m = live; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            final Megaflow f = flow[i];
            if (f != cur) {
                if (cur != null) {
                    groupMask[curG] |= mask;
                    groupBytes[curG] += bytes;
                    groupFlags[curG] |= flags;
                }
                int g = f.batchSlot();
                if (g >= nGroups || groupFlow[g] != f) {     // O(1) grouping: the flow remembers its group
                    g = nGroups++;
                    groupFlow[g] = f;
                    groupMask[g] = 0;
                    groupBytes[g] = 0;
                    groupFlags[g] = 0;
                    f.setBatchSlot(g);
                }
                cur = f;
                curG = g;
                mask = 0;
                bytes = 0;
                flags = 0;
            }
            mask |= 1 << i;
            bytes += length[i];
            flags |= FlowKey.tcpFlags(keys, PacketBatch.keyBase(i));
        }
        groupMask[curG] |= mask;
        groupBytes[curG] += bytes;
        groupFlags[curG] |= flags;
        for (int g = 0; g < nGroups; g++) {
            final Megaflow f = groupFlow[g];
            f.recordHit(Integer.bitCount(groupMask[g]), groupBytes[g], now, groupFlags[g]);
            executor.execute(f, b, groupMask[g]);
            groupFlow[g] = null;
        }
        executor.endBatch(b);
    }
}
