package io.jvswitch.control.runtime;

import io.jvswitch.control.bridge.Bridges;
import io.jvswitch.control.bridge.MacEntry;
import io.jvswitch.control.config.ConfigProblem;
import io.jvswitch.control.config.ConfigValidator;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.port.Port;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running switch: datapath ports, the PMD, and the bridges that translate its upcalls.
 *
 * <h2>What</h2> {@link #reconfigure(SwitchConfig)} applies a whole desired configuration (from the embedding
 * API, the standalone config file, or later the OVS database) the way OVS's {@code bridge_reconfigure} does:
 * validate everything first (an invalid config changes nothing), open the datapath ports of new interfaces
 * (numbered from 1, stable while the interface exists), hand the config to {@link Bridges} (which revalidates
 * installed flows), then attach new ports to the PMD and detach and close removed ones on the PMD thread.
 *
 * <h2>Threads</h2> Two ways to run it: {@link #start(IdleStrategy)} runs the PMD on its own thread (Agrona
 * {@link AgentRunner}) and the revalidator every {@link #REVALIDATE_INTERVAL_NANOS} on a control thread; or
 * invoker mode, where the caller (a test with a virtual clock) calls {@link #runOnce()}.
 *
 * <h2>Thread-safety</h2> Public methods may be called from any thread; reconfiguration is serialized.
 */
public final class SwitchRuntime implements AutoCloseable {
    /** OVS's revalidators wake up every 500 ms. */
    public static final long REVALIDATE_INTERVAL_NANOS = 500_000_000L;

    private final NanoClock clock;
    private final FramePool pool;
    private final Bridges bridges;
    private final Pmd pmd;
    private final Map<String, OpenPort> ports = new LinkedHashMap<>();
    private final Map<String, String> interfaceErrors = new LinkedHashMap<>();
    private int nextOdp = 1;
    private long nextRevalidate;
    private AgentRunner pmdRunner;
    private ScheduledExecutorService control;

    private record OpenPort(InterfaceConfig config, Port port) {
    }

    /** A runtime with one PMD, the given clock and PMD settings, and a pool of {@code poolFrames} frames. */
    public SwitchRuntime(NanoClock clock, PmdConfig pmdConfig, int poolFrames) {
        this.clock = clock;
        this.pool = new FramePool(poolFrames);
        this.bridges = new Bridges(clock);
        this.bridges.revalidator().setMaxIdleNanos(pmdConfig.maxIdleNanos());
        this.pmd = new Pmd(0, pmdConfig, pool, bridges.upcallHandler(), clock);
        this.nextRevalidate = clock.nanoTime() + REVALIDATE_INTERVAL_NANOS;
    }

    public SwitchRuntime() {
        this(new SystemNanoClock(), PmdConfig.defaults(), 16384);
    }

    /**
     * Applies a whole configuration.
     *
     * @throws IllegalArgumentException with every problem listed when the configuration is invalid; the running
     *                                  configuration is then unchanged
     */
    public synchronized void reconfigure(SwitchConfig cfg) {
        List<String> errors = new ArrayList<>();
        for (ConfigProblem p : ConfigValidator.validate(cfg)) {
            if (p.severity() == ConfigProblem.Severity.ERROR) {
                errors.add(p.toString());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", errors));
        }
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
        Map<String, OpenPort> opened = new HashMap<>();
        Map<String, String> newErrors = new LinkedHashMap<>();
        for (InterfaceConfig ic : wanted.values()) {
            OpenPort cur = ports.get(ic.name());
            if (cur != null && cur.config().equals(ic)) {
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
            bridges.reconfigure(cfg, name -> {
                OpenPort p = opened.containsKey(name) ? opened.get(name) : newErrors.containsKey(name) ? null
                        : ports.get(name);
                return p == null ? -1 : p.port().portNo();
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
            if (!pmd.submit(p -> {
                p.removePort(port.portNo());
                port.close();
                DatapathPorts.release(this, port);
            })) {
                throw new IllegalStateException("PMD command queue full");
            }
        }
        for (OpenPort o : opened.values()) {
            ports.put(o.config().name(), o);
            pmd.attachPort(o.port());
        }
        interfaceErrors.clear();
        interfaceErrors.putAll(newErrors);
    }

    /** The configuration in effect. */
    public SwitchConfig config() {
        return bridges.config();
    }

    // ------------------------------------------------------------------ running

    /** Invoker mode: one PMD iteration, plus a revalidation pass when one is due. Returns packets handled. */
    public int runOnce() {
        int n = pmd.doWork();
        long now = clock.nanoTime();
        if (now >= nextRevalidate) {
            nextRevalidate = now + REVALIDATE_INTERVAL_NANOS;
            bridges.revalidator().run(now);
        }
        return n;
    }

    /** Runs a revalidation pass now (tests; the control thread does it every 500 ms). */
    public void revalidate() {
        bridges.revalidator().run(clock.nanoTime());
    }

    /** Starts the PMD thread and the control thread. */
    public synchronized void start(IdleStrategy idle) {
        if (pmdRunner != null) {
            throw new IllegalStateException("already started");
        }
        pmdRunner = new AgentRunner(idle, Throwable::printStackTrace, null, pmd);
        AgentRunner.startOnThread(pmdRunner);
        control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jvswitch-revalidator");
            t.setDaemon(true);
            return t;
        });
        control.scheduleAtFixedRate(() -> bridges.revalidator().run(clock.nanoTime()),
                REVALIDATE_INTERVAL_NANOS, REVALIDATE_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
    }

    /** Stops the threads (ports stay open; {@link #close()} closes them). */
    public synchronized void stop() {
        if (control != null) {
            control.shutdownNow();
            control = null;
        }
        if (pmdRunner != null) {
            pmdRunner.close();
            pmdRunner = null;
        }
    }

    public synchronized boolean isRunning() {
        return pmdRunner != null;
    }

    /**
     * Waits until the PMD has executed every command queued so far (port attach/detach). In invoker mode the
     * caller must keep calling {@link #runOnce()} instead.
     */
    public boolean awaitPmd(long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        if (!pmd.submit(p -> l.countDown())) {
            return false;
        }
        return l.await(timeout, unit);
    }

    @Override
    public synchronized void close() {
        stop();
        for (OpenPort p : ports.values()) {
            p.port().close();
            DatapathPorts.release(this, p.port());
        }
        ports.clear();
        DatapathPorts.releaseAll(this);
        pool.close();
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

    public List<MacEntry> macTable(String bridge) {
        return bridges.macTable(Objects.requireNonNull(bridge));
    }

    /** {@code ovs-appctl fdb/show BRIDGE} text. */
    public String fdbShow(String bridge) {
        return bridges.fdbShow(bridge);
    }

    public PmdStats pmdStats() {
        return pmd.stats();
    }

    public Bridges bridges() {
        return bridges;
    }
}
