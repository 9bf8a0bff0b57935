package io.jvswitch.control.bridge;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.dataplane.upcall.UpcallHandler;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All OVS-style bridges of one switch (OVS: the set of {@code ofproto}s sharing one datapath) — the entry point
 * the switch runtime uses.
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li>{@code new Bridges(clock)}; give {@link #upcallHandler()} to every PMD (one handler serves them all).</li>
 *   <li>{@link #reconfigure(SwitchConfig, PortNumbering)} with the whole desired configuration whenever it
 *       changes (the runtime first opens the datapath ports of new interfaces and numbers them; after this call
 *       returns it may close the ports of removed interfaces). Like OVS's {@code bridge_reconfigure}: unchanged
 *       bridges and ports keep their MAC entries; removed ports' entries, and those of ports whose VLAN settings
 *       changed, are flushed; installed flows are revalidated at once.</li>
 *   <li>Call {@link #revalidator()}{@code .run(clock.nanoTime())} periodically on the control thread (OVS runs
 *       its revalidators every 500 ms; MAC aging needs at least about once a second).</li>
 * </ol>
 *
 * <h2>Design</h2> The configuration is compiled into an immutable {@link Topology} published through a volatile
 * field; translation reads one snapshot. A single generation counter is bumped after every topology publish
 * and every MAC table change; flows remember the generation they were translated at, and the revalidator
 * re-translates those that are older.
 *
 * <h2>Thread-safety</h2> Reconfiguration, flushes and revalidation synchronize on this object (control
 * thread); upcalls (PMD threads) read the volatile topology and the thread-safe MAC tables.
 */
public final class Bridges {
    private final NanoClock clock;
    private final AtomicLong generation = new AtomicLong();
    private final BondStates bondStates = new BondStates();
    private final BondIds bondIds = new BondIds();
    private final FlowRegistry registry = new FlowRegistry();
    private final BridgeUpcallHandler handler;
    private final Revalidator revalidator;
    private final Map<String, Bridge> bridges = new LinkedHashMap<>();
    private volatile Topology topology = Topology.EMPTY;
    private volatile SwitchConfig config = SwitchConfig.empty();

    public Bridges(NanoClock clock) {
        this.clock = clock;
        this.handler = new BridgeUpcallHandler(this, registry);
        this.revalidator = new Revalidator(this, registry);
    }

    /** The upcall handler for the PMDs. */
    public UpcallHandler upcallHandler() {
        return handler;
    }

    public BridgeUpcallHandler bridgeUpcallHandler() {
        return handler;
    }

    public Revalidator revalidator() {
        return revalidator;
    }

    /** The megaflows translated so far that are still installed. */
    public FlowRegistry flows() {
        return registry;
    }

    public Topology topology() {
        return topology;
    }

    public SwitchConfig config() {
        return config;
    }

    /** Bumped after every change that can alter a translation. */
    public long generation() {
        return generation.get();
    }

    private void bump() {
        generation.incrementAndGet();
    }

    /** The bridge named {@code name}, or null. */
    public synchronized Bridge bridge(String name) {
        return bridges.get(name);
    }

    public synchronized List<Bridge> bridges() {
        return List.copyOf(bridges.values());
    }

    /**
     * Applies a whole new configuration: adds, removes and modifies bridges and ports, then revalidates every
     * installed flow.
     *
     * @param numbering the datapath port of every non-patch interface in {@code cfg}
     * @throws IllegalArgumentException when {@code cfg} is invalid (an interface in two bridges, a patch peer
     *                                  that is missing or does not point back...); nothing is changed then
     */
    public void reconfigure(SwitchConfig cfg, PortNumbering numbering) {
        ConfigChecks.check(cfg);
        synchronized (this) {
            Map<String, Integer> odp = new HashMap<>();
            for (BridgeConfig bc : cfg.bridges()) {
                for (PortConfig pc : bc.ports()) {
                    for (InterfaceConfig ic : pc.interfaces()) {
                        if (!"patch".equals(ic.type())) {
                            odp.put(ic.name(), numbering.odpPort(ic.name()));
                        }
                    }
                }
            }
            checkOdpNumbers(odp);
            Map<String, BridgeView> views = new LinkedHashMap<>();
            Map<Integer, Topology.PortRef> byOdp = new HashMap<>();
            Map<String, Topology.PortRef> byIface = new HashMap<>();
            Map<String, Bridge> keep = new LinkedHashMap<>();
            for (BridgeConfig bc : cfg.bridges()) {
                Bridge b = bridges.get(bc.name());
                if (b == null) {
                    b = new Bridge(bc.name(), bc, this::bump);
                }
                keep.put(bc.name(), b);
                BridgeView v = buildView(b, bc, odp, numbering);
                views.put(bc.name(), v);
                for (BridgePort p : v.ports()) {
                    Topology.PortRef ref = new Topology.PortRef(v, p);
                    for (int o : p.odpPorts()) {
                        byOdp.put(o, ref);
                    }
                    for (String i : p.ifaces()) {
                        byIface.put(i, ref);
                    }
                }
            }
            java.util.Set<String> bondPorts = new java.util.HashSet<>();
            for (BridgeView v : views.values()) {
                for (BridgePort p : v.ports()) {
                    if (p.isBond()) {
                        bondPorts.add(BondIds.key(v.bridge().name(), p.name()));
                    }
                }
            }
            bondIds.retain(bondPorts);
            // Patch peers left out (their interfaces failed to open) make a patch port dead, not invalid.
            Topology t = new Topology(views, byOdp, byIface, bondStates);
            Map<String, BridgeConfig> cfgs = new HashMap<>();
            for (BridgeConfig bc : cfg.bridges()) {
                cfgs.put(bc.name(), bc);
            }
            for (Bridge b : keep.values()) {
                BridgeView old = b.view();
                BridgeView nv = views.get(b.name());
                flushChangedPorts(b, old, nv);
                BridgeConfig bc = cfgs.get(b.name());
                b.macTable().setAgingTime(bc.macAgingTimeSec());
                b.macTable().setMaxEntries(bc.macTableSize());
                b.publish(nv, bc);
            }
            bridges.clear();
            bridges.putAll(keep);
            topology = t;
            config = cfg;
            bump();
            revalidator.run(clock.nanoTime());
        }
    }

    private static void checkOdpNumbers(Map<String, Integer> odp) {
        Map<Integer, String> seen = new HashMap<>();
        for (Map.Entry<String, Integer> e : odp.entrySet()) {
            if (e.getValue() < 0) {
                continue;
            }
            String prev = seen.putIfAbsent(e.getValue(), e.getKey());
            if (prev != null) {
                throw new IllegalArgumentException("interfaces " + prev + " and " + e.getKey()
                        + " have the same datapath port " + e.getValue());
            }
        }
    }

    private BridgeView buildView(Bridge b, BridgeConfig bc, Map<String, Integer> odp,
            PortNumbering numbering) {
        List<BridgePort> ports = new ArrayList<>();
        Map<Integer, BridgePort> byOfport = new HashMap<>();
        BridgeView old = b.view();
        for (PortConfig pc : bc.ports()) {
            List<Integer> odps = new ArrayList<>();
            boolean patch = "patch".equals(pc.interfaces().get(0).type());
            for (InterfaceConfig ic : pc.interfaces()) {
                if (!patch) {
                    int o = odp.get(ic.name());
                    if (o >= 0) {
                        odps.add(o);
                    }
                }
            }
            if (!patch && odps.isEmpty()) {
                continue;   // no datapath port could be opened: OVS leaves the port out
            }
            String first = pc.interfaces().get(0).name();
            int ofport = b.ofport(first, numbering.ofportHint(first));
            int[] odpArr = odps.stream().mapToInt(Integer::intValue).toArray();
            int bondId = !patch && pc.isBond() ? bondIds.idOf(bc.name(), pc.name()) : -1;
            BridgePort p = BridgePort.of(pc, ofport, odpArr, bondId);
            BridgePort prev = old.byOfport().get(ofport);
            if (prev != null && samePort(prev, p)) {
                p = prev;   // unchanged: keep the instance (flows' learnings refer to it)
            }
            ports.add(p);
            byOfport.put(ofport, p);
        }
        ports.sort((x, y) -> Integer.compare(x.ofport(), y.ofport()));
        java.util.Set<String> present = new java.util.HashSet<>();
        for (PortConfig pc : bc.ports()) {
            pc.interfaces().forEach(ic -> present.add(ic.name()));
        }
        b.retainOfports(present);
        return new BridgeView(b, bc.failMode(), ports, byOfport);
    }

    private static boolean samePort(BridgePort a, BridgePort b) {
        return a.name().equals(b.name()) && a.ofport() == b.ofport() && a.bondId() == b.bondId()
                && a.ifaces().equals(b.ifaces())
                && Arrays.equals(a.odpPorts(), b.odpPorts()) && a.type().equals(b.type())
                && Objects.equals(a.patchPeer(), b.patchPeer()) && a.sameVlanPolicy(b);
    }

    /** OVS flushes a bundle's MACs when it is destroyed or its VLAN settings change. */
    private static void flushChangedPorts(Bridge b, BridgeView old, BridgeView nv) {
        for (BridgePort p : old.ports()) {
            BridgePort q = nv.byOfport().get(p.ofport());
            if (q == null || !q.name().equals(p.name()) || !q.sameVlanPolicy(p)) {
                b.macTable().flushPort(p.ofport());
            }
        }
    }

    // ---------------------------------------------------------------- fdb/* commands

    private Bridge require(String name) {
        Bridge b = bridge(name);
        if (b == null) {
            throw new IllegalArgumentException("no such bridge");
        }
        return b;
    }

    /** {@code ovs-appctl fdb/show <bridge>}. @throws IllegalArgumentException "no such bridge" */
    public String fdbShow(String bridgeName) {
        return FdbShow.format(require(bridgeName).macTable().snapshot(clock.nanoTime()));
    }

    /** {@code ovs-appctl fdb/stats-show <bridge>}. */
    public String fdbStatsShow(String bridgeName) {
        return require(bridgeName).macTable().stats().format(bridgeName);
    }

    /** The MAC table of a bridge in LRU order. */
    public List<MacEntry> macTable(String bridgeName) {
        return require(bridgeName).macTable().snapshot(clock.nanoTime());
    }

    /** {@code ovs-appctl fdb/flush [bridge]}: all bridges when {@code bridgeName} is null. */
    public synchronized void fdbFlush(String bridgeName) {
        if (bridgeName == null) {
            for (Bridge b : bridges.values()) {
                b.macTable().flush();
            }
        } else {
            require(bridgeName).macTable().flush();
        }
        revalidator.run(clock.nanoTime());
    }

    /** The bonds' live state that translation reads (the bond controller publishes into it). */
    public BondStates bondStates() {
        return bondStates;
    }

    /**
     * Makes every installed flow due for re-translation at the revalidator's next pass (the bonds' state changed:
     * admissibility follows the active member and LACP).
     */
    public void invalidateFlows() {
        bump();
    }
}
