package io.jvswitch.control.runtime;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.qos.MeterTable;
import io.jvswitch.dataplane.qos.PortQos;
import io.jvswitch.dataplane.port.LockedTxQueue;
import io.jvswitch.dataplane.slowpath.SlowPathQueue;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.dataplane.upcall.UpcallHandler;
import io.jvswitch.flowcache.Megaflow;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The datapath's PMDs (OVS: {@code dp_netdev}'s {@code poll_threads}): one {@link PmdThread} per configured core,
 * each with its own frame pool, EMC and flow table, and the assignment of every port's rx queues to them.
 *
 * <h2>Rx queues</h2> Assigned round-robin over the ports' queues in port order (OVS {@code pmd-rxq-assign=
 * roundrobin}); a queue with an {@code other_config:pmd-rxq-affinity} core goes to that core's PMD, which then
 * takes no unpinned queue (OVS's {@code pmd-rxq-isolate=true}). A new port's queues go to the least loaded
 * PMDs; {@link #rebalance()} recomputes the whole round-robin plan. A queue is always polled by exactly one PMD:
 * a move from A to B is one command on A that removes the queue from A's poll list (between two iterations, so
 * A holds no frame of it) and only then queues the attach on B ({@link #move}).
 *
 * <h2>Tx queues</h2> PMD number {@code i} (its index in core order) uses tx queue {@code i % txQueueCount}; a
 * queue that more than one PMD maps to is wrapped in one {@link LockedTxQueue} shared by those PMDs, so every port
 * is safe whatever its own queues assume. Frames go back to the transmitting PMD's pool.
 *
 * <h2>Changing the PMD set</h2> ({@link #setCores}) settles in-flight moves, parks every PMD that stays inside a
 * command (acknowledged), stops the PMDs that go (their pending commands then run on the caller), re-plans the
 * rx queues and tx queue choices while nothing polls, and resumes; new PMDs start last. Flows of a removed PMD
 * are marked dead (the revalidator forgets them), its pool is closed once every frame is back.
 *
 * <h2>Frame pools</h2> {@link #newPool()} is the one place pools are built ({@code poolFrames} frames of
 * {@code poolFrameSize} bytes). After {@link #stop()}, {@link #framesInUse()} is 0 unless a frame leaked.
 *
 * <h2>Thread-safety</h2> Every method synchronizes on this object; the PMD threads are only reached through
 * their command queues or while parked/stopped. Invoker mode (never started, or stopped): the caller's thread is
 * every PMD's owner ({@link #runOnce()}), and settling runs queued commands directly.
 */
final class PmdThreads {
    private static final System.Logger LOG = System.getLogger("io.jvswitch.pmd");
    private static final long ACK_TIMEOUT_SECONDS = 10;

    private final NanoClock clock;
    private final PmdConfig config;
    private final UpcallHandler upcalls;
    private final int poolFrames;
    private final int poolFrameSize;
    private final List<PmdThread> pmds = new ArrayList<>();
    private final BondTables bondTables;
    private final SlowPathQueue slowPath;
    private final PortQos portQos;
    private final MeterTable meters;
    private final Map<Integer, PortState> ports = new TreeMap<>();
    private final List<FramePool> retiredPools = new ArrayList<>();
    private Supplier<IdleStrategy> idle;
    private int nextId;
    private boolean running;

    /** A port as the PMDs see it: who polls each rx queue, the affinity asked for, the shared tx locks. */
    private static final class PortState {
        final Port port;
        final PmdThread[] owner;
        final LockedTxQueue[] locks;
        /** 1 while a move of that rx queue has detached it and not yet attached it on the new PMD. */
        final AtomicIntegerArray moving;
        Map<Integer, Integer> affinity;
        volatile boolean removed;

        PortState(Port port, Map<Integer, Integer> affinity) {
            this.port = port;
            this.owner = new PmdThread[port.rxQueueCount()];
            this.locks = new LockedTxQueue[port.txQueueCount()];
            this.moving = new AtomicIntegerArray(port.rxQueueCount());
            this.affinity = Map.copyOf(affinity);
        }

        int affinityCore(int q) {
            Integer c = affinity.get(q);
            return c == null ? -1 : c;
        }
    }

    /**
     * @param bondTables the datapath's bond bucket tables (shared by every PMD)
     * @param slowPath   the datapath's slow-path queue to the control plane (shared; null: slow-path frames drop)
     * @param portQos    the datapath's per-port policers (shared)
     * @param meters     the datapath's meters (shared)
     */
    PmdThreads(NanoClock clock, PmdConfig config, UpcallHandler upcalls, int poolFrames, int poolFrameSize,
               List<Integer> cores, Supplier<IdleStrategy> idle, BondTables bondTables, SlowPathQueue slowPath,
               PortQos portQos, MeterTable meters) {
        this.portQos = portQos;
        this.meters = meters;
        this.bondTables = bondTables;
        this.slowPath = slowPath;
        this.clock = clock;
        this.config = config;
        this.upcalls = upcalls;
        this.poolFrames = poolFrames;
        this.poolFrameSize = poolFrameSize;
        this.idle = idle;
        if (cores.isEmpty()) {
            throw new IllegalArgumentException("at least one PMD core");
        }
        for (int c : new LinkedHashSet<>(cores)) {
            pmds.add(newPmd(c));
        }
    }

    /** The one place PMD frame pools are built. */
    private FramePool newPool() {
        return new FramePool(poolFrames, poolFrameSize, FramePool.DEFAULT_HEADROOM);
    }

    private PmdThread newPmd(int core) {
        int id = nextId++;
        FramePool pool = newPool();
        Pmd pmd = new Pmd(id, config, pool, upcalls, clock, bondTables, slowPath, portQos, meters);
        return new PmdThread(id, core, pmd, pool, idle.get());
    }

    // ------------------------------------------------------------------ ports

    /** Makes {@code port} a tx target of every PMD and assigns its rx queues (queued commands). */
    synchronized void addPort(Port port, Map<Integer, Integer> affinity) {
        PortState ps = new PortState(port, affinity);
        ports.put(port.portNo(), ps);
        for (int i = 0; i < pmds.size(); i++) {
            TxQueue q = txQueue(ps, i);
            submit(pmds.get(i), p -> p.addOutput(port, q));
        }
        for (int q = 0; q < ps.owner.length; q++) {
            PmdThread t = chooseFor(ps, q, load());
            ps.owner[q] = t;
            int queue = q;
            submit(t, p -> p.addRxQueue(port, queue));
        }
        if (!ps.affinity.isEmpty()) {
            rebalance();            // pinned queues isolate their PMD: others may have to leave it
        }
    }

    /**
     * Detaches {@code port} from every PMD (poll list, outputs, its megaflows) and closes it after the last, then
     * runs {@code afterClose} (releases the interface claim).
     */
    synchronized void removePort(Port port, Runnable afterClose) {
        PortState ps = ports.remove(port.portNo());
        if (ps == null || ps.port != port || pmds.isEmpty()) {
            if (ps != null && ps.port != port) {
                ports.put(port.portNo(), ps);
            }
            port.close();
            afterClose.run();
            return;
        }
        ps.removed = true;          // a move of one of its queues still in flight will not attach it again
        AtomicInteger left = new AtomicInteger(pmds.size());
        int no = port.portNo();
        for (PmdThread t : pmds) {
            submit(t, p -> {
                p.removePort(no);
                if (left.decrementAndGet() == 0) {
                    port.close();
                    afterClose.run();
                }
            });
        }
    }

    /** Changes a port's {@code pmd-rxq-affinity} and moves the queues the new plan places elsewhere. */
    synchronized void setAffinity(Port port, Map<Integer, Integer> affinity) {
        PortState ps = ports.get(port.portNo());
        if (ps != null && !ps.affinity.equals(affinity)) {
            ps.affinity = Map.copyOf(affinity);
            rebalance();
        }
    }

    // ------------------------------------------------------------------ rx queue assignment

    /** Rx queues per PMD in the current plan. */
    private Map<PmdThread, Integer> load() {
        Map<PmdThread, Integer> load = new HashMap<>();
        for (PmdThread t : pmds) {
            load.put(t, 0);
        }
        for (PortState ps : ports.values()) {
            for (PmdThread t : ps.owner) {
                if (t != null) {
                    load.merge(t, 1, Integer::sum);
                }
            }
        }
        return load;
    }

    private PmdThread byCore(int core) {
        for (PmdThread t : pmds) {
            if (t.core() == core) {
                return t;
            }
        }
        return null;
    }

    /** PMDs that poll a queue pinned to them: they take no other queue (unless every PMD is isolated). */
    private Set<PmdThread> isolated() {
        Set<PmdThread> s = new LinkedHashSet<>();
        for (PortState ps : ports.values()) {
            for (int core : ps.affinity.values()) {
                PmdThread t = byCore(core);
                if (t != null) {
                    s.add(t);
                }
            }
        }
        return s.size() == pmds.size() ? Set.of() : s;
    }

    /** Where a new queue goes: its affinity core's PMD, else the least loaded non-isolated PMD. */
    private PmdThread chooseFor(PortState ps, int q, Map<PmdThread, Integer> load) {
        PmdThread pinned = byCore(ps.affinityCore(q));
        if (pinned != null) {
            return pinned;
        }
        Set<PmdThread> iso = isolated();
        PmdThread best = null;
        for (PmdThread t : pmds) {
            if (!iso.contains(t) && (best == null || load.get(t) < load.get(best))) {
                best = t;
            }
        }
        return best;
    }

    /** The full round-robin plan: port order, queue order, pinned queues to their core's PMD. */
    private Map<PortState, PmdThread[]> plan() {
        Set<PmdThread> iso = isolated();
        List<PmdThread> rr = new ArrayList<>();
        for (PmdThread t : pmds) {
            if (!iso.contains(t)) {
                rr.add(t);
            }
        }
        Map<PortState, PmdThread[]> plan = new HashMap<>();
        int next = 0;
        for (PortState ps : ports.values()) {
            PmdThread[] owners = new PmdThread[ps.owner.length];
            for (int q = 0; q < owners.length; q++) {
                PmdThread t = byCore(ps.affinityCore(q));
                owners[q] = t != null ? t : rr.get(next++ % rr.size());
            }
            plan.put(ps, owners);
        }
        return plan;
    }

    /**
     * Re-runs the round-robin assignment and moves every queue the plan places on another PMD, under traffic
     * ({@link #move}). Returns how many queues move.
     */
    synchronized int rebalance() {
        int moves = 0;
        for (Map.Entry<PortState, PmdThread[]> e : plan().entrySet()) {
            PortState ps = e.getKey();
            for (int q = 0; q < ps.owner.length; q++) {
                if (ps.owner[q] != e.getValue()[q]) {
                    move(ps, q, e.getValue()[q]);
                    moves++;
                }
            }
        }
        return moves;
    }

    /** Moves rx queue {@code queue} of port {@code portNo} to the PMD on {@code core}. */
    synchronized void moveRxQueue(int portNo, int queue, int core) {
        PortState ps = ports.get(portNo);
        if (ps == null || queue < 0 || queue >= ps.owner.length) {
            throw new IllegalArgumentException("no rx queue " + queue + " on datapath port " + portNo);
        }
        PmdThread to = byCore(core);
        if (to == null) {
            throw new IllegalArgumentException("no PMD on core " + core);
        }
        if (ps.owner[queue] != to) {
            move(ps, queue, to);
        }
    }

    /**
     * Detach on the old PMD, acknowledged by that PMD itself queueing the attach on the new one: the queue is
     * never in two poll lists, and the attach is never lost (nor done for a port removed meanwhile).
     */
    private void move(PortState ps, int q, PmdThread to) {
        if (ps.moving.get(q) != 0 && !settle()) {
            // The previous move's attach has not run yet: detaching now would miss it and the queue would end up
            // in two poll lists.
            throw new IllegalStateException("rx queue " + q + " of " + ps.port.name() + " is still moving");
        }
        ps.moving.set(q, 1);
        PmdThread from = ps.owner[q];
        ps.owner[q] = to;
        Port port = ps.port;
        int no = port.portNo();
        Consumer<Pmd> attach = p -> {
            if (!ps.removed) {
                p.addRxQueue(port, q);
            }
            ps.moving.set(q, 0);
        };
        submit(from, p -> {
            p.removeRxQueue(no, q);
            while (!to.pmd().submit(attach)) {
                Thread.onSpinWait();        // the target drains its queue every iteration (4096 slots)
            }
        });
    }

    // ------------------------------------------------------------------ the PMD set

    /** The configured cores, in PMD order. */
    synchronized List<Integer> cores() {
        return pmds.stream().map(PmdThread::core).toList();
    }

    /** Replaces the PMD set by one PMD per core in {@code cores} (kept where the core stays), under traffic. */
    synchronized void setCores(List<Integer> wanted) {
        List<Integer> cores = List.copyOf(new LinkedHashSet<>(wanted));
        if (cores.isEmpty()) {
            throw new IllegalArgumentException("at least one PMD core");
        }
        if (cores.equals(cores())) {
            return;
        }
        settle();
        List<PmdThread> next = new ArrayList<>();
        List<PmdThread> gone = new ArrayList<>(pmds);
        for (int c : cores) {
            PmdThread t = byCore(c);
            if (t != null) {
                gone.remove(t);
                next.add(t);
            }
        }
        List<PmdThread.Parked> parked = new ArrayList<>();
        try {
            for (PmdThread t : next) {
                if (t.isRunning()) {
                    PmdThread.Parked p = t.park(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    if (p == null) {
                        throw new IllegalStateException(t.threadName() + " did not acknowledge within "
                                + ACK_TIMEOUT_SECONDS + " s; PMD set unchanged");
                    }
                    parked.add(p);
                }
            }
        } catch (InterruptedException e) {
            parked.forEach(PmdThread.Parked::resume);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parking PMDs; PMD set unchanged", e);
        } catch (RuntimeException e) {
            parked.forEach(PmdThread.Parked::resume);
            throw e;
        }
        List<PmdThread> fresh = new ArrayList<>();
        try {
            for (PmdThread t : gone) {
                t.stop();
            }
            List<PmdThread> ordered = new ArrayList<>();
            for (int c : cores) {
                PmdThread t = null;
                for (PmdThread k : next) {
                    if (k.core() == c) {
                        t = k;
                    }
                }
                if (t == null) {
                    t = newPmd(c);
                    fresh.add(t);
                }
                ordered.add(t);
            }
            pmds.clear();
            pmds.addAll(ordered);
            // Nothing polls now: owner-thread operations are safe from here.
            for (Map.Entry<PortState, PmdThread[]> e : plan().entrySet()) {
                PortState ps = e.getKey();
                for (int q = 0; q < ps.owner.length; q++) {
                    PmdThread from = ps.owner[q];
                    PmdThread to = e.getValue()[q];
                    if (from != to) {
                        if (from != null && !gone.contains(from)) {
                            from.pmd().removeRxQueue(ps.port.portNo(), q);
                        }
                        to.pmd().addRxQueue(ps.port, q);
                        ps.owner[q] = to;
                    }
                }
            }
            for (PortState ps : ports.values()) {
                java.util.Arrays.fill(ps.locks, null);
                for (int i = 0; i < pmds.size(); i++) {
                    pmds.get(i).pmd().addOutput(ps.port, txQueue(ps, i));
                }
            }
            for (PmdThread t : gone) {
                retire(t);
            }
        } finally {
            parked.forEach(PmdThread.Parked::resume);
        }
        if (running) {
            for (PmdThread t : fresh) {
                t.start();
            }
        }
        LOG.log(System.Logger.Level.INFO, "PMD cores now " + cores);
    }

    /** A stopped PMD leaves: its flows die (the revalidator forgets them), its pool closes once full. */
    private void retire(PmdThread t) {
        t.pmd().flowTable().forEach(Megaflow::markDead);
        if (t.pool().available() == t.pool().frameCount()) {
            t.pool().close();
        } else {
            LOG.log(System.Logger.Level.WARNING, t.threadName() + " retired with "
                    + (t.pool().frameCount() - t.pool().available()) + " frames not returned; pool kept open");
            retiredPools.add(t.pool());
        }
    }

    /** The queue PMD {@code index} transmits on: locked when another PMD maps to the same queue. */
    private TxQueue txQueue(PortState ps, int index) {
        int k = ps.locks.length;
        int q = index % k;
        int n = pmds.size();
        int users = n / k + (q < n % k ? 1 : 0);
        if (users <= 1) {
            return ps.port.txQueue(q);
        }
        if (ps.locks[q] == null) {
            ps.locks[q] = LockedTxQueue.wrap(ps.port.txQueue(q));
        }
        return ps.locks[q];
    }

    // ------------------------------------------------------------------ running

    synchronized void setIdle(Supplier<IdleStrategy> s) {
        this.idle = s;
        for (PmdThread t : pmds) {
            t.setIdle(s.get());
        }
    }

    synchronized void start() {
        running = true;
        for (PmdThread t : pmds) {
            t.start();
        }
    }

    /** Stops every PMD thread; their queued commands run here (port closes included). */
    synchronized void stop() {
        running = false;
        for (PmdThread t : pmds) {
            t.stop();
        }
    }

    synchronized boolean isRunning() {
        return running;
    }

    /** Invoker mode: one iteration of every PMD, in core order, on the calling thread. */
    synchronized int runOnce() {
        int n = 0;
        for (int i = 0; i < pmds.size(); i++) {
            n += pmds.get(i).pmd().doWork();
        }
        return n;
    }

    /**
     * Waits until every command queued so far ran, moves' second halves included (two acknowledged rounds over
     * all PMDs). Invoker mode: runs them here.
     */
    private boolean settle() {
        return settle(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private boolean settle(long timeout, TimeUnit unit) {
        if (!running) {
            for (int round = 0; round < 2; round++) {
                for (PmdThread t : pmds) {
                    t.pmd().runCommands();
                }
            }
            return true;
        }
        try {
            for (int round = 0; round < 2; round++) {
                CountDownLatch l = new CountDownLatch(pmds.size());
                for (PmdThread t : pmds) {
                    submit(t, p -> l.countDown());
                }
                if (!l.await(timeout, unit)) {
                    LOG.log(System.Logger.Level.WARNING, "PMDs did not acknowledge within " + timeout + " " + unit);
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits (running) until every queued command ran; false on timeout. */
    synchronized boolean awaitApplied(long timeout, TimeUnit unit) {
        return settle(timeout, unit);
    }

    private static void submit(PmdThread t, Consumer<Pmd> c) {
        if (!t.pmd().submit(c)) {
            throw new IllegalStateException(t.threadName() + " command queue full");
        }
    }

    synchronized void close() {
        stop();
        for (PmdThread t : pmds) {
            t.pool().close();
        }
        for (FramePool p : retiredPools) {
            p.close();
        }
        retiredPools.clear();
    }

    // ------------------------------------------------------------------ observation

    /**
     * Frames not in their pool, over every PMD (retired ones included). 0 after {@link #stop()} unless a frame
     * leaked; while PMDs run, frames in flight count too.
     */
    synchronized long framesInUse() {
        long n = 0;
        for (PmdThread t : pmds) {
            n += t.pool().frameCount() - t.pool().available();
        }
        for (FramePool p : retiredPools) {
            n += p.frameCount() - p.available();
        }
        return n;
    }

    synchronized List<PmdSnapshot> pmdSnapshots() {
        List<PmdSnapshot> out = new ArrayList<>();
        for (PmdThread t : pmds) {
            PmdStats s = t.pmd().stats();
            out.add(new PmdSnapshot(t.id(), t.core(), t.pinning(), t.pmd().pollList().size(),
                    s.get(PmdStats.RX_PACKETS), s.get(PmdStats.EMC_HITS), s.get(PmdStats.MEGAFLOW_HITS),
                    s.get(PmdStats.MISSES), s.get(PmdStats.UPCALLS), s.get(PmdStats.LOST_UPCALLS),
                    s.get(PmdStats.TX_PACKETS), s.totalDrops(), s.get(PmdStats.ITERATIONS),
                    s.get(PmdStats.BUSY_ITERATIONS), s.get(PmdStats.BUSY_NANOS), s.get(PmdStats.IDLE_NANOS)));
        }
        return out;
    }

    /** Every PMD's counters added up (the old single-PMD view). */
    synchronized PmdStats totals() {
        PmdStats sum = new PmdStats();
        for (PmdThread t : pmds) {
            for (int c = 0; c < PmdStats.SIZE; c++) {
                sum.add(c, t.pmd().stats().get(c));
            }
        }
        return sum;
    }

    synchronized List<PortSnapshot> portSnapshots() {
        List<PortSnapshot> out = new ArrayList<>();
        for (PortState ps : ports.values()) {
            Port p = ps.port;
            PortStats s = p.stats();
            out.add(new PortSnapshot(p.portNo(), p.name(), p.type(), p.rxQueueCount(), p.txQueueCount(),
                    s.rxPackets(), s.rxBytes(), s.rxDropped(), s.txPackets(), s.txBytes(), s.txDropped()));
        }
        return out;
    }

    synchronized List<RxqAssignment> rxqAssignment() {
        List<RxqAssignment> out = new ArrayList<>();
        for (PortState ps : ports.values()) {
            for (int q = 0; q < ps.owner.length; q++) {
                PmdThread t = ps.owner[q];
                out.add(new RxqAssignment(ps.port.name(), ps.port.portNo(), q, t.id(), t.core(), ps.affinityCore(q)));
            }
        }
        return out;
    }

    /** The PMD objects in core order (tests: poll lists, thread ids). */
    synchronized List<PmdThread> threads() {
        return List.copyOf(pmds);
    }

    /**
     * Sends {@code frame} on datapath port {@code portNo} through the first PMD, at its next iteration (invoker
     * mode: the next {@link #runOnce()}); false when its command queue is full.
     */
    synchronized boolean packetOut(int portNo, byte[] frame) {
        return pmds.getFirst().pmd().packetOut(portNo, frame);
    }

    /** Adds every PMD's per-bucket transmit counters of bond {@code bondId} into the arrays. */
    synchronized void addBondCounters(int bondId, long[] bytes) {
        for (PmdThread t : pmds) {
            t.pmd().bondCounters().addTo(bondId, bytes);
        }
    }
}
