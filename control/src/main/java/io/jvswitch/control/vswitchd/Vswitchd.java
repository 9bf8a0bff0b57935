package io.jvswitch.control.vswitchd;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.ovsdb.BondWriteBack;
import io.jvswitch.control.ovsdb.DbConfigMapper;
import io.jvswitch.control.ovsdb.DbSnapshot;
import io.jvswitch.control.ovsdb.MappedDb;
import io.jvswitch.control.ovsdb.OvsdbClient;
import io.jvswitch.control.ovsdb.OvsdbDatum;
import io.jvswitch.control.ovsdb.OvsdbRemote;
import io.jvswitch.control.ovsdb.SwitchStatus;
import io.jvswitch.control.ovsdb.WriteBack;
import io.jvswitch.control.runtime.SwitchRuntime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The drop-in daemon's core: database snapshots in, switch configuration applied, state written back.
 *
 * <h2>Design</h2> The OVSDB session calls {@link #onSnapshot} on its own thread; the newest snapshot is kept and
 * one task on {@code vswitchd-main} reconciles it: map ({@link DbConfigMapper}), apply when the configuration
 * differs from the one in effect ({@link SwitchRuntime#reconfigure(SwitchConfig, Map)} touches only what
 * changed), then write back in ONE transaction the interfaces' {@code ofport}/{@code error}/state, the bridges'
 * {@code datapath_id} and {@code cur_cfg := next_cfg} — what {@code ovs-vsctl} waits for ({@link WriteBack} writes
 * only columns that differ, so an unchanged switch writes nothing and no update loop starts). Counters are
 * written every {@code stats-update-interval} (5 s, OVS's default and minimum). While the database is away the
 * switch keeps forwarding with what it has; on reconnect the fresh snapshot is reconciled like any other. When
 * another process holds the {@code ovs_vswitchd} lock, this one configures nothing (and drops its bridges if it
 * loses the lock), as ovs-vswitchd does.
 */
public final class Vswitchd implements OvsdbClient.Listener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.jvswitch.bridge");
    static final long STATS_INTERVAL_MS = 5000;
    /**
     * How often bond state ({@code bond_active_slave}, {@code lacp_current}) is compared with the database: OVS
     * writes it on the next status transaction after a change, so a failover or {@code bond/set-active-member}
     * shows up within this delay rather than at the next statistics write.
     */
    static final long BOND_STATUS_INTERVAL_MS = 200;
    static final long PMD_SETTLE_SECONDS = 10;
    /** The interface types jvswitch opens ({@code Open_vSwitch.iface_types}). */
    static final List<String> IFACE_TYPES = List.of("afpacket", "afxdp", "dummy", "internal", "patch", "pcap",
            "system", "tap");

    private final SwitchRuntime runtime;
    private final ScheduledExecutorService main;
    private final AtomicReference<DbSnapshot> pending = new AtomicReference<>();
    private final CompletableFuture<Void> firstConfigured = new CompletableFuture<>();
    private volatile OvsdbClient client;
    private SwitchConfig applied = SwitchConfig.empty();
    private MappedDb lastMapped;
    private boolean startupWritten;
    private Map<String, String> loggedQosErrors = Map.of();
    private volatile boolean lockHeld;
    /** A bond-status transaction is on its way (main thread only). */
    private boolean bondTxnInFlight;

    public Vswitchd(SwitchRuntime runtime) {
        this.runtime = runtime;
        this.main = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vswitchd-main");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects to the database (and keeps reconnecting); configuration follows as snapshots arrive. */
    public void start(OvsdbRemote remote) {
        client = OvsdbClient.start(remote, this);
        main.scheduleWithFixedDelay(this::writeStatistics, STATS_INTERVAL_MS, STATS_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        main.scheduleWithFixedDelay(this::writeBondStatus, BOND_STATUS_INTERVAL_MS, BOND_STATUS_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    /** Completes once the first configuration is applied and written back ({@code --detach} waits for it). */
    public CompletableFuture<Void> firstConfigured() {
        return firstConfigured;
    }

    public SwitchRuntime runtime() {
        return runtime;
    }

    @Override
    public void onSnapshot(DbSnapshot db) {
        if (pending.getAndSet(db) == null) {
            main.execute(this::reconcile);
        }
    }

    @Override
    public void onLockState(boolean held, String why) {
        lockHeld = held;
        if (!held) {
            main.execute(() -> {
                LOG.log(System.Logger.Level.WARNING, "another ovs-vswitchd process is running, disabling this "
                        + "process (pid " + ProcessHandle.current().pid() + ") until it goes away"
                        + (why != null ? " (" + why + ")" : ""));
                apply(SwitchConfig.empty(), Map.of());
                lastMapped = null;
                startupWritten = false;
            });
        }
    }

    @Override
    public void onDisconnected(String why) {
        main.execute(() -> {
            startupWritten = false;
            LOG.log(System.Logger.Level.WARNING, "database connection lost (" + why + "); forwarding goes on with "
                    + "the last configuration");
        });
    }

    private void reconcile() {
        DbSnapshot db = pending.getAndSet(null);
        if (db == null) {
            return;
        }
        try {
            MappedDb m = DbConfigMapper.map(db);
            if (m.ovsRow() == null) {
                return;     // no Open_vSwitch row yet (database not initialized): nothing to do, as OVS
            }
            for (String w : m.warnings()) {
                LOG.log(System.Logger.Level.DEBUG, w);
            }
            Map<String, Integer> hints = new HashMap<>(m.previousOfports());
            hints.putAll(m.ofportRequests());
            runtime.setBondActiveMemberHints(BondWriteBack.activeMemberHints(db, m));
            apply(m.config(), hints);
            lastMapped = m;
            OvsdbClient c = client;
            if (!startupWritten) {
                ArrayNode ops = WriteBack.startupOps(m.ovsRow(), IFACE_TYPES, List.of("netdev", "system"));
                c.transact(ops).whenComplete((r, e) -> logFailure("startup", e));
                startupWritten = true;
            }
            SwitchStatus st = status(db, m);
            ArrayNode ops = WriteBack.reconfigureOps(db, m, st, true);
            ops.addAll(bondOps(db, m));
            if (ops.isEmpty()) {
                firstConfigured.complete(null);
                return;
            }
            c.transact(ops).whenComplete((r, e) -> {
                logFailure("reconfiguration", e);
                if (e == null) {
                    firstConfigured.complete(null);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot apply the database's configuration", e);
        }
    }

    private void apply(SwitchConfig cfg, Map<String, Integer> hints) {
        if (cfg.equals(applied)) {
            return;
        }
        try {
            runtime.reconfigure(cfg, hints);
            applied = cfg;
            // As ovs-vswitchd waits for its PMDs to reload: cur_cfg (what ovs-vsctl waits for) is written only
            // once every PMD polls the new rx queues and can send on the new ports.
            if (!runtime.awaitPmd(PMD_SETTLE_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "PMD threads did not take the new configuration within "
                        + PMD_SETTLE_SECONDS + " s");
            }
            for (Map.Entry<String, String> e : runtime.interfaceErrors().entrySet()) {
                LOG.log(System.Logger.Level.WARNING, "could not open network device " + e.getKey() + " ("
                        + e.getValue() + ")");
            }
            logQosErrors();
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "configuration refused: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Logs at ERR each interface whose ingress policing or QoS could not be applied ({@link
     * SwitchRuntime#qosErrors()}: the interface runs without it), as OVS's netdev layer logs a failed
     * {@code netdev_set_qos} — but once per error, when it appears or changes, not on every reconfiguration.
     */
    private void logQosErrors() {
        Map<String, String> now = runtime.qosErrors();
        now.forEach((iface, why) -> {
            if (!why.equals(loggedQosErrors.get(iface))) {
                LOG.log(System.Logger.Level.ERROR, "interface " + iface + ": " + why + " (running without it)");
            }
        });
        loggedQosErrors = now;
    }

    private SwitchStatus status(DbSnapshot db, MappedDb m) {
        Map<String, Map<String, String>> other = new HashMap<>();
        Map<String, String> datapathTypes = new HashMap<>();
        m.bridgeUuids().forEach((name, uuid) -> {
            ObjectNode row = db.row("Bridge", uuid);
            if (row != null && row.has("other_config")) {
                other.put(name, OvsdbDatum.stringMap(row.get("other_config")));
            }
            if (row != null && row.has("datapath_type") && row.get("datapath_type").isTextual()) {
                datapathTypes.put(name, row.get("datapath_type").asText());
            }
        });
        return StatusCollector.collect(runtime, applied, m.interfaceProblems(), other, datapathTypes);
    }

    /** What a periodic write needs: the client, the mapping and the snapshot it was made from. */
    private record Writable(OvsdbClient client, MappedDb mapped, DbSnapshot db) {
    }

    /** The state to write against, or null while disconnected, unmapped or without the lock. */
    private Writable writable() {
        OvsdbClient c = client;
        MappedDb m = lastMapped;
        DbSnapshot db = c == null ? null : c.snapshot();
        return c == null || m == null || db == null || !c.connected() || !lockHeld ? null : new Writable(c, m, db);
    }

    private void writeStatistics() {
        try {
            Writable w = writable();
            if (w == null) {
                return;
            }
            OvsdbClient c = w.client();
            MappedDb m = w.mapped();
            DbSnapshot db = w.db();
            ArrayNode ops = WriteBack.statisticsOps(db, m, status(db, m));
            ops.addAll(bondOps(db, m));
            if (!ops.isEmpty()) {
                c.transact(ops).whenComplete((r, e) -> logFailure("statistics", e));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "statistics not written: " + e);
        }
    }

    /** Writes changed bond columns now (one transaction in flight at a time, so nothing is written twice). */
    private void writeBondStatus() {
        try {
            Writable w = bondTxnInFlight ? null : writable();
            if (w == null) {
                return;
            }
            ArrayNode ops = bondOps(w.db(), w.mapped());
            if (!ops.isEmpty()) {
                bondTxnInFlight = true;
                w.client().transact(ops).whenComplete((r, e) -> {
                    main.execute(() -> bondTxnInFlight = false);
                    logFailure("bond status", e);
                });
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "bond status not written: " + e);
        }
    }

    private ArrayNode bondOps(DbSnapshot db, MappedDb m) {
        return BondWriteBack.ops(db, m, runtime.bonds().activeMemberMacs(), runtime.bonds().lacpCurrent());
    }

    private static void logFailure(String what, Throwable e) {
        if (e != null) {
            LOG.log(System.Logger.Level.WARNING, what + " transaction failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        OvsdbClient c = client;
        if (c != null) {
            c.close();
        }
        main.shutdownNow();
    }
}
