package io.jvswitch.control.runtime;

import io.jvswitch.control.bond.BondController;
import io.jvswitch.control.bridge.Bridges;
import io.jvswitch.control.model.QosConfig;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.qos.Locked;
import io.jvswitch.dataplane.qos.MeterTable;
import io.jvswitch.dataplane.qos.PortQos;
import io.jvswitch.qos.EgressPolicer;
import io.jvswitch.qos.IngressPolicer;
import io.jvswitch.dataplane.slowpath.SlowPathQueue;
import io.jvswitch.control.bridge.MacEntry;
import io.jvswitch.control.bridge.PortNumbering;
import io.jvswitch.control.config.ConfigProblem;
import io.jvswitch.control.config.ConfigValidator;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PmdIdle;
import io.jvswitch.control.model.PmdSettings;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.RxqAffinity;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.port.Mtu;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.ffi.CpuAffinity;
import io.jvswitch.ffi.NativeException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The running switch: datapath ports, the PMDs, and the bridges that translate their upcalls.
 *
 * <h2>What</h2> {@link #reconfigure(SwitchConfig)} applies a whole desired configuration (from the embedding
 * API, the standalone config file, or later the OVS database) the way OVS's {@code bridge_reconfigure} does:
 * validate everything first (an invalid config changes nothing), open the datapath ports of new interfaces
 * (numbered from 1, stable while the interface exists), hand the config to {@link Bridges} (which revalidates
 * installed flows), then detach and close removed ports, apply the PMD set ({@code other_config:pmd-cpu-mask}),
 * attach new ports and apply changed {@code pmd-rxq-affinity} — all while traffic flows ({@link PmdThreads}).
 *
 * <h2>Threads</h2> Two ways to run it: {@link #start()} runs every PMD on its own pinned thread
 * ({@code jvswitch-pmd<id>}) and the revalidator every {@link #REVALIDATE_INTERVAL_NANOS} on a control thread; or
 * invoker mode, where the caller (a test with a virtual clock) calls {@link #runOnce()}, one iteration of every
 * PMD. Without a mask there is one PMD, on the last core this process may use.
 *
 * <h2>Thread-safety</h2> Public methods may be called from any thread; reconfiguration is serialized.
 */
public final class SwitchRuntime implements AutoCloseable {
    /** OVS's revalidators wake up every 500 ms. */
    public static final long REVALIDATE_INTERVAL_NANOS = 500_000_000L;
    /** Frames per PMD pool by default. */
    public static final int DEFAULT_POOL_FRAMES = 8192;
    private static final System.Logger LOG = System.getLogger("io.jvswitch.pmd");

    private final NanoClock clock;
    private final Bridges bridges;
    /** The datapath's bond bucket tables, read by every PMD's bond outputs (issue 6). */
    private final BondTables bondTables = new BondTables();
    /** Per-port policers (issue 7), read by every PMD at rx and tx. */
    private final PortQos portQos = new PortQos();
    /** Meters (the datapath's {@code METER} action), shared by every PMD. */
    private final MeterTable meters = new MeterTable();
    private final QosApplier qos = new QosApplier(portQos);
    /** Frames the datapath hands to the control plane (LACPDUs), shared by every PMD. */
    private final SlowPathQueue slowPath = new SlowPathQueue();
    /** Bonds and LACP (issue 6): run every {@link BondController#TICK_MS} ms on the control thread. */
    private final BondController bonds;
    private Map<String, String> bondActiveHints = Map.of();
    private long nextBondTick;
    private final PmdThreads pmds;
    private final List<Integer> defaultCores;
    private final int poolFrameSize;
    private final Map<String, OpenPort> ports = new LinkedHashMap<>();
    private final Map<String, String> interfaceErrors = new LinkedHashMap<>();
    private final Map<String, String> mtuErrors = new LinkedHashMap<>();
    private int nextOdp = 1;
    private long nextRevalidate;
    private PmdIdle idleOverride;
    private PmdIdle configIdle;
    private boolean started;
    private ScheduledExecutorService control;

    private record OpenPort(InterfaceConfig config, Port port) {
    }

    /**
     * A runtime with the given clock and PMD settings; each PMD gets a pool of {@code poolFrames} frames of
     * {@code poolFrameSize} bytes. The PMD set starts as {@code defaultCores} (one PMD per core) until a
     * configuration sets {@code pmd-cpu-mask}.
     */
    public SwitchRuntime(NanoClock clock, PmdConfig pmdConfig, int poolFrames, int poolFrameSize,
                         List<Integer> defaultCores) {
        this.clock = clock;
        this.bridges = new Bridges(clock);
        this.bridges.revalidator().setMaxIdleNanos(pmdConfig.maxIdleNanos());
        this.defaultCores = List.copyOf(defaultCores);
        this.poolFrameSize = poolFrameSize;
        this.pmds = new PmdThreads(clock, pmdConfig, bridges.upcallHandler(), poolFrames, poolFrameSize,
                this.defaultCores, strategy(PmdIdle.BUSY), bondTables, slowPath, portQos, meters);
        this.nextRevalidate = clock.nanoTime() + REVALIDATE_INTERVAL_NANOS;
        this.bonds = new BondController(new BondController.Datapath() {
            @Override
            public Port port(String iface) {
                return SwitchRuntime.this.port(iface);
            }

            @Override
            public BondTables bondTables() {
                return bondTables;
            }

            @Override
            public SlowPathQueue slowPath() {
                return slowPath;
            }

            @Override
            public boolean packetOut(int odpPort, byte[] frame) {
                return SwitchRuntime.this.packetOut(odpPort, frame);
            }

            @Override
            public void addBondCounters(int bondId, long[] bytes) {
                SwitchRuntime.this.addBondCounters(bondId, bytes);
            }
        }, bridges);
    }

    /**
     * One PMD (on the last core) with {@code poolFrames} jumbo-capable frames ({@link FramePool#JUMBO_FRAME_SIZE}:
     * every port can carry MTU 9000; see docs/decisions/0007-jumbo-frame-pool.md).
     */
    public SwitchRuntime(NanoClock clock, PmdConfig pmdConfig, int poolFrames) {
        this(clock, pmdConfig, poolFrames, FramePool.JUMBO_FRAME_SIZE, lastCore());
    }

    public SwitchRuntime() {
        this(new SystemNanoClock(), PmdConfig.defaults(), DEFAULT_POOL_FRAMES);
    }

    /** OVS's default PMD placement here: one PMD on the last core the calling thread may run on. */
    public static List<Integer> lastCore() {
        try {
            BitSet allowed = CpuAffinity.currentThreadAffinity();
            if (!allowed.isEmpty()) {
                return List.of(allowed.length() - 1);
            }
        } catch (NativeException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read this thread's CPU affinity (" + e.getMessage()
                    + "); the PMD goes on the last online core");
        }
        return List.of(Runtime.getRuntime().availableProcessors() - 1);
    }

    /** A fresh idle strategy per PMD thread for {@code mode}. */
    static Supplier<IdleStrategy> strategy(PmdIdle mode) {
        return mode == PmdIdle.BACKOFF ? BackoffIdleStrategy::new : BusySpinIdleStrategy::new;
    }

    /**
     * Applies a whole configuration.
     *
     * @throws IllegalArgumentException with every problem listed when the configuration is invalid; the running
     *                                  configuration is then unchanged
     */
    public synchronized void reconfigure(SwitchConfig cfg) {
        reconfigure(cfg, Map.of());
    }

    /**
     * Applies a whole configuration, numbering new interfaces' OpenFlow ports after {@code ofportHints} where
     * free (the database's {@code ofport_request}, or the {@code ofport} an interface had before a restart).
     *
     * @throws IllegalArgumentException as {@link #reconfigure(SwitchConfig)}
     */
    public synchronized void reconfigure(SwitchConfig cfg, Map<String, Integer> ofportHints) {
        List<String> errors = new ArrayList<>();
        for (ConfigProblem p : ConfigValidator.validate(cfg)) {
            if (p.severity() == ConfigProblem.Severity.ERROR) {
                errors.add(p.toString());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", errors));
        }
        PmdSettings pmdSettings = PmdSettings.of(cfg.otherConfig());
        Map<String, InterfaceConfig> wanted = new LinkedHashMap<>();
        for (BridgeConfig b : cfg.bridges()) {
            for (PortConfig p : b.ports()) {
                for (InterfaceConfig ic : p.interfaces()) {
                    if (!"patch".equals(ic.type())) {
                        wanted.put(ic.name(), ic);
                    }
                }
            }
        }
        Map<String, OpenPort> opened = new LinkedHashMap<>();
        Map<String, OpenPort> retuned = new LinkedHashMap<>();
        Map<String, String> newErrors = new LinkedHashMap<>();
        Map<String, InterfaceConfig> mtuOnly = new LinkedHashMap<>();
        for (InterfaceConfig ic : wanted.values()) {
            OpenPort cur = ports.get(ic.name());
            if (cur != null && cur.config().equals(ic)) {
                continue;
            }
            if (cur != null && DatapathPorts.onlyMtuDiffers(cur.config().withoutOtherConfig(),
                    ic.withoutOtherConfig())) {
                mtuOnly.put(ic.name(), ic);     // MTU: applied in place below, as OVS does; no reopen
                retuned.put(ic.name(), new OpenPort(ic, cur.port()));
                continue;
            }
            if (cur != null && cur.config().withoutOtherConfig().equals(ic.withoutOtherConfig())) {
                retuned.put(ic.name(), new OpenPort(ic, cur.port()));     // only other_config: no reopen
                continue;
            }
            int odp = cur != null ? cur.port().portNo() : nextOdp;
            try {
                opened.put(ic.name(), new OpenPort(ic, DatapathPorts.open(odp, ic, this)));
                if (cur == null) {
                    nextOdp++;
                }
            } catch (DatapathPorts.PortOpenException e) {
                newErrors.put(ic.name(), e.getMessage());
            }
        }
        try {
            bridges.reconfigure(cfg, new PortNumbering() {
                @Override
                public int odpPort(String name) {
                    OpenPort p = opened.containsKey(name) ? opened.get(name) : newErrors.containsKey(name) ? null
                            : ports.get(name);
                    return p == null ? -1 : p.port().portNo();
                }

                @Override
                public int ofportHint(String name) {
                    return ofportHints.getOrDefault(name, -1);
                }
            });
        } catch (RuntimeException e) {
            opened.values().forEach(p -> {
                p.port().close();
                DatapathPorts.release(this, p.port());
            });
            throw e;
        }
        List<OpenPort> retired = new ArrayList<>();
        for (Map.Entry<String, OpenPort> e : new ArrayList<>(ports.entrySet())) {
            String name = e.getKey();
            if (!wanted.containsKey(name) || opened.containsKey(name) || newErrors.containsKey(name)) {
                retired.add(e.getValue());
                ports.remove(e.getKey());
            }
        }
        for (OpenPort r : retired) {
            Port port = r.port();
            pmds.removePort(port, () -> DatapathPorts.release(this, port));
        }
        pmds.setCores(pmdSettings.cores() != null ? pmdSettings.cores() : defaultCores);
        configIdle = pmdSettings.idle();
        applyIdle();
        applyMtus(wanted, opened, mtuOnly);
        for (OpenPort o : opened.values()) {
            ports.put(o.config().name(), o);
            pmds.addPort(o.port(), affinity(o.config()));
        }
        for (OpenPort o : retuned.values()) {
            ports.put(o.config().name(), o);
            pmds.setAffinity(o.port(), affinity(o.config()));
        }
        interfaceErrors.clear();
        interfaceErrors.putAll(newErrors);
        qos.apply(cfg, name -> {
            OpenPort p = ports.get(name);
            return p == null ? -1 : p.port().portNo();
        }, clock.nanoTime());
        bonds.reconfigure(bondActiveHints, clock.nanoTime() / 1_000_000L);
    }

    /** Interface name → why its ingress policing or QoS is not applied (issue 7); empty when all applied. */
    public synchronized Map<String, String> qosErrors() {
        return qos.errors();
    }

    /** The egress QoS settings applied to interface {@code iface}, or null (none, or invalid: see qosErrors). */
    public synchronized QosConfig qosSettings(String iface) {
        return qos.egressSettings(iface);
    }

    /** The egress policy running on interface {@code iface} (read its counters under its lock), or null. */
    public synchronized Locked<EgressPolicer> egressPolicy(String iface) {
        return qos.egress(iface);
    }

    /** The ingress policer running on interface {@code iface} (read its counters under its lock), or null. */
    public synchronized Locked<IngressPolicer> ingressPolicer(String iface) {
        return qos.ingress(iface);
    }

    /** The datapath's meters (the {@code METER} action's table). */
    public MeterTable meters() {
        return meters;
    }

    private static Map<Integer, Integer> affinity(InterfaceConfig ic) {
        return RxqAffinity.parse(ic.otherConfig().get(InterfaceConfig.PMD_RXQ_AFFINITY));
    }

    /**
     * MTU (issue 4): {@code mtu_request} of newly opened ports (before the PMD sees them), and of open ports whose
     * configuration changed in {@code mtu_request} only (in place). Failures are kept in {@link #mtuErrors()}.
     */
    private void applyMtus(Map<String, InterfaceConfig> wanted, Map<String, OpenPort> opened,
            Map<String, InterfaceConfig> mtuOnly) {
        mtuErrors.keySet().removeIf(name -> !wanted.containsKey(name) || opened.containsKey(name)
                || mtuOnly.containsKey(name) || !ports.containsKey(name));
        int maxMtu = Mtu.maxMtu(poolFrameSize, FramePool.DEFAULT_HEADROOM);
        for (OpenPort o : opened.values()) {
            String err = DatapathPorts.applyMtu(o.port(), o.config(), maxMtu);
            if (err != null) {
                mtuErrors.put(o.config().name(), err);
            }
        }
        for (InterfaceConfig ic : mtuOnly.values()) {
            OpenPort cur = ports.get(ic.name());
            ports.put(ic.name(), new OpenPort(ic, cur.port()));
            String err = DatapathPorts.applyMtu(cur.port(), ic, maxMtu);
            if (err != null) {
                mtuErrors.put(ic.name(), err);
            }
        }
    }

    /** The configuration in effect. */
    public SwitchConfig config() {
        return bridges.config();
    }

    // ------------------------------------------------------------------ running

    /** Invoker mode: one iteration of every PMD, plus a revalidation pass when one is due. Returns packets. */
    public int runOnce() {
        int n = pmds.runOnce();
        long now = clock.nanoTime();
        if (now >= nextRevalidate) {
            nextRevalidate = now + REVALIDATE_INTERVAL_NANOS;
            bridges.revalidator().run(now);
        }
        if (now >= nextBondTick) {
            nextBondTick = now + BondController.TICK_MS * 1_000_000L;
            bonds.tick(now / 1_000_000L);
        }
        return n;
    }

    /** Runs a revalidation pass now (tests; the control thread does it every 500 ms). */
    public void revalidate() {
        bridges.revalidator().run(clock.nanoTime());
    }

    /**
     * Sets the idle mode of every PMD thread, live, over the config's {@code pmd-idle} (the {@code --idle} flag
     * of {@code jvswitch run}, the embedding builder); null gives the choice back to the configuration.
     */
    public synchronized void setIdleOverride(PmdIdle mode) {
        this.idleOverride = mode;
        applyIdle();
    }

    /** The idle mode in effect: the override, else the config's {@code pmd-idle}, else busy. */
    public synchronized PmdIdle idle() {
        return idleOverride != null ? idleOverride : configIdle != null ? configIdle : PmdIdle.BUSY;
    }

    private void applyIdle() {
        pmds.setIdle(strategy(idle()));
    }

    /** Starts the PMD threads (idle mode: {@link #idle()}) and the revalidator thread. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        pmds.start();
        control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jvswitch-revalidator");
            t.setDaemon(true);
            return t;
        });
        control.scheduleAtFixedRate(() -> bridges.revalidator().run(clock.nanoTime()),
                REVALIDATE_INTERVAL_NANOS, REVALIDATE_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        control.scheduleAtFixedRate(this::tickBonds, BondController.TICK_MS, BondController.TICK_MS,
                TimeUnit.MILLISECONDS);
    }

    /** {@link #setIdleOverride} then {@link #start()}. */
    public synchronized void start(PmdIdle mode) {
        setIdleOverride(mode);
        start();
    }

    /**
     * Starts with the idle mode of {@code idle}'s kind: busy for a {@link BusySpinIdleStrategy} or
     * {@link NoOpIdleStrategy}, back-off otherwise (each PMD thread needs its own strategy instance).
     */
    public synchronized void start(IdleStrategy idle) {
        start(idle instanceof BusySpinIdleStrategy || idle instanceof NoOpIdleStrategy ? PmdIdle.BUSY
                : PmdIdle.BACKOFF);
    }

    /** Stops the threads (ports stay open; {@link #close()} closes them). Queued commands run before. */
    public synchronized void stop() {
        if (control != null) {
            control.shutdownNow();
            control = null;
        }
        pmds.stop();
        started = false;
    }

    public synchronized boolean isRunning() {
        return started;
    }

    /**
     * Waits until every PMD has executed every command queued so far (port attach/detach, rx queue moves). In
     * invoker mode it runs them on the caller.
     */
    public boolean awaitPmd(long timeout, TimeUnit unit) throws InterruptedException {
        return pmds.awaitApplied(timeout, unit);
    }

    @Override
    public synchronized void close() {
        stop();
        bonds.close();
        for (OpenPort p : ports.values()) {
            p.port().close();
            DatapathPorts.release(this, p.port());
        }
        ports.clear();
        pmds.close();
        DatapathPorts.releaseAll(this);
    }

    // ------------------------------------------------------------------ PMDs

    /** Re-runs the round-robin rx queue assignment, moving queues under traffic; returns how many moved. */
    public int rebalance() {
        return pmds.rebalance();
    }

    /** Moves rx queue {@code queue} of {@code iface} to the PMD on {@code core} (detach, then attach). */
    public synchronized void moveRxQueue(String iface, int queue, int core) {
        Port p = port(iface);
        if (p == null) {
            throw new IllegalArgumentException("no datapath port " + iface);
        }
        pmds.moveRxQueue(p.portNo(), queue, core);
    }

    /** The PMD cores, in PMD order. */
    public List<Integer> pmdCores() {
        return pmds.cores();
    }

    /** Every PMD's counters ({@code dpif-netdev/pmd-stats-show}). */
    public List<PmdSnapshot> pmdSnapshots() {
        return pmds.pmdSnapshots();
    }

    /** Every datapath port's counters. */
    public List<PortSnapshot> portSnapshots() {
        return pmds.portSnapshots();
    }

    /** Which PMD polls which rx queue ({@code dpif-netdev/pmd-rxq-show}). */
    public List<RxqAssignment> rxqAssignment() {
        return pmds.rxqAssignment();
    }

    /** Frames outside their PMD's pool: 0 after {@link #stop()} unless one leaked (in flight while running). */
    public long framesInUse() {
        return pmds.framesInUse();
    }

    /** The PMD threads (tests: poll lists, thread ids, pinning). */
    List<PmdThread> pmdThreads() {
        return pmds.threads();
    }

    // ------------------------------------------------------------------ observation

    /** The datapath port of an interface, or null (unknown, a patch interface, or failed to open). */
    public synchronized Port port(String ifaceName) {
        OpenPort p = ports.get(ifaceName);
        return p == null ? null : p.port();
    }

    /** Interfaces that could not be opened, with the reason (OVS's Interface {@code error} column). */
    public synchronized Map<String, String> interfaceErrors() {
        return Map.copyOf(interfaceErrors);
    }

    /**
     * Interfaces whose {@code mtu_request} could not be applied, with the reason (beyond what the datapath carries,
     * refused by the device, type without an MTU). Such a port stays in the datapath at its current MTU, as in OVS
     * (which logs the failure); its MTU is {@code port(name).mtu()}, OVS's Interface {@code mtu} column.
     */
    public synchronized Map<String, String> mtuErrors() {
        return Map.copyOf(mtuErrors);
    }

    /** The largest MTU the datapath's packet buffers carry ({@link Mtu#maxMtu}). */
    public int maxMtu() {
        return Mtu.maxMtu(poolFrameSize, FramePool.DEFAULT_HEADROOM);
    }

    public List<MacEntry> macTable(String bridge) {
        return bridges.macTable(Objects.requireNonNull(bridge));
    }

    /** {@code ovs-appctl fdb/show BRIDGE} text. */
    public String fdbShow(String bridge) {
        return bridges.fdbShow(bridge);
    }

    /** Every PMD's counters added up. */
    public PmdStats pmdStats() {
        return pmds.totals();
    }

    /** The live counters of PMD {@code id} (as in {@link PmdSnapshot#id()}), or null when there is no such PMD. */
    public PmdStats pmdStats(int id) {
        for (PmdThread t : pmds.threads()) {
            if (t.id() == id) {
                return t.pmd().stats();
            }
        }
        return null;
    }

    public Bridges bridges() {
        return bridges;
    }

    /** The clock of the PMDs and the revalidator (flows' last-used times are on it). */
    public NanoClock clock() {
        return clock;
    }

    /** The datapath's bond bucket tables (the bond controller publishes into them). */
    public BondTables bondTables() {
        return bondTables;
    }

    /** The datapath's slow-path queue (the bond controller drains it). */
    public SlowPathQueue slowPath() {
        return slowPath;
    }

    /** Transmits {@code frame} on datapath port {@code portNo} from a PMD (LACPDUs, learning packets). */
    public boolean packetOut(int portNo, byte[] frame) {
        return pmds.packetOut(portNo, frame);
    }

    /** Adds the PMDs' per-bucket transmit counters of bond {@code bondId} into the arrays (256 entries each). */
    public void addBondCounters(int bondId, long[] bytes) {
        pmds.addBondCounters(bondId, bytes);
    }

    private void tickBonds() {
        try {
            bonds.tick(clock.nanoTime() / 1_000_000L);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "bond run failed", e);
        }
    }

    /** The bonds and their LACP (ovs-appctl bond/*, lacp/*; database write-back). */
    public BondController bonds() {
        return bonds;
    }

    /**
     * The member MACs the database remembers as each bond's active member ({@code Port.bond_active_slave}, by
     * port name), used when a bond is created (OVS 3.5+ behaviour: the active member survives a restart).
     */
    public synchronized void setBondActiveMemberHints(Map<String, String> hints) {
        bondActiveHints = Map.copyOf(hints);
    }
}
