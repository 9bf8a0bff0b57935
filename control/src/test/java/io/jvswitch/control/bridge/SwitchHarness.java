package io.jvswitch.control.bridge;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.flowcache.Megaflow;
import org.agrona.concurrent.CachedNanoClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A whole switch for system tests: {@link Bridges} behind a real {@link Pmd} in invoker mode, one
 * {@link TestPort} per non-patch interface (datapath ports numbered 1, 2, 3… in order of first appearance,
 * or as given), and a virtual clock.
 */
final class SwitchHarness implements AutoCloseable {
    static final long SEC = 1_000_000_000L;

    final FramePool pool = new FramePool(8192);
    final CachedNanoClock clock = new CachedNanoClock();
    final Bridges bridges;
    final Pmd pmd;
    final Map<String, TestPort> ports = new LinkedHashMap<>();
    final Map<String, Integer> odp = new HashMap<>();
    private int nextOdp = 1;

    SwitchHarness() {
        this(PmdConfig.defaults());
    }

    SwitchHarness(PmdConfig cfg) {
        clock.update(10 * SEC);
        bridges = new Bridges(clock);
        pmd = new Pmd(0, cfg, pool, bridges.upcallHandler(), clock);
    }

    /** Fixes the datapath port number of an interface before it is first applied. */
    SwitchHarness number(String iface, int odpPort) {
        odp.put(iface, odpPort);
        return this;
    }

    /** Applies a configuration: opens ports for new interfaces, reconfigures, closes removed ones. */
    void apply(SwitchConfig cfg) {
        Set<String> wanted = new HashSet<>();
        for (BridgeConfig b : cfg.bridges()) {
            for (PortConfig p : b.ports()) {
                for (InterfaceConfig i : p.interfaces()) {
                    if (!"patch".equals(i.type())) {
                        wanted.add(i.name());
                        if (!ports.containsKey(i.name())) {
                            int n = odp.computeIfAbsent(i.name(), k -> nextFree());
                            TestPort tp = new TestPort(n, i.name());
                            ports.put(i.name(), tp);
                            pmd.attachPort(tp);
                        }
                    }
                }
            }
        }
        bridges.reconfigure(cfg, name -> ports.containsKey(name) ? odp.get(name) : -1);
        for (String name : new ArrayList<>(ports.keySet())) {
            if (!wanted.contains(name)) {
                pmd.detachPort(ports.remove(name).portNo());
            }
        }
        pmd.doWork();
    }

    private int nextFree() {
        while (odp.containsValue(nextOdp)) {
            nextOdp++;
        }
        return nextOdp++;
    }

    /** Injects frames on a port and runs the PMD until everything is forwarded. */
    void send(String iface, byte[]... frames) {
        ports.get(iface).inject(frames);
        drain();
    }

    void drain() {
        for (int i = 0; i < 10_000; i++) {
            pmd.doWork();
            boolean pending = false;
            for (TestPort p : ports.values()) {
                pending |= p.pendingRx() > 0;
            }
            if (!pending) {
                pmd.doWork();
                return;
            }
        }
        throw new AssertionError("PMD did not drain");
    }

    /** Takes what a port transmitted since the last call. */
    List<byte[]> tx(String iface) {
        List<byte[]> t = ports.get(iface).transmitted();
        List<byte[]> copy = new ArrayList<>(t);
        t.clear();
        return copy;
    }

    /** Transmitted frame counts of every port (clears them). */
    Map<String, List<byte[]>> txAll() {
        Map<String, List<byte[]>> m = new LinkedHashMap<>();
        for (String n : ports.keySet()) {
            List<byte[]> t = tx(n);
            if (!t.isEmpty()) {
                m.put(n, t);
            }
        }
        return m;
    }

    void clearTx() {
        txAll();
    }

    void advance(double seconds) {
        clock.update(clock.nanoTime() + (long) (seconds * SEC));
    }

    void revalidate() {
        bridges.revalidator().run(clock.nanoTime());
        pmd.doWork();
    }

    /** The megaflows installed in the PMD (live ones). */
    List<Megaflow> installed() {
        List<Megaflow> out = new ArrayList<>();
        pmd.flowTable().forEach(f -> {
            if (!f.isDead()) {
                out.add(f);
            }
        });
        return out;
    }

    String fdb(String bridge) {
        return bridges.fdbShow(bridge);
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---------------------------------------------------------------- config helpers

    static PortConfig port(String name) {
        return PortConfig.of(name, "dummy");
    }

    static PortConfig access(String name, int tag) {
        return PortConfig.of(name, "dummy").withVlan(VlanMode.ACCESS, tag, Set.of());
    }

    static PortConfig patch(String name, String peer) {
        return new PortConfig(name, null, null, Set.of(),
                List.of(InterfaceConfig.of(name, "patch").withOptions(Map.of("peer", peer))));
    }

    static BridgeConfig bridge(String name, PortConfig... ports) {
        return BridgeConfig.of(name, List.of(ports));
    }

    static SwitchConfig sw(BridgeConfig... b) {
        return new SwitchConfig(List.of(b));
    }
}
