package io.jvswitch.api;

import io.jvswitch.control.bridge.MacEntry;
import io.jvswitch.control.config.ConfigException;
import io.jvswitch.control.config.ConfigFile;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.runtime.SwitchRuntime;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.vport.dummy.DummyPort;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedding API: an Open vSwitch–style software switch inside a Java application, no daemon, no database.
 *
 * <pre>{@code
 * try (VirtualSwitch sw = VirtualSwitch.builder().build()) {
 *     sw.addBridge("br0");
 *     sw.addPort("br0", PortSpec.dummy("uplink").trunks(10, 20));
 *     sw.addPort("br0", PortSpec.dummy("vm1").access(10));
 *     sw.start();
 *     sw.inject("vm1", frame);                    // in-memory ports take frames from the application
 *     List<byte[]> out = sw.drainTransmitted("uplink");
 *     sw.macTable("br0");                         // what the bridge learned
 * }
 * }</pre>
 * Every change is applied as a whole new configuration (the same model the config file and, later, the OVS
 * database feed), so an invalid change throws and leaves the running switch as it was.
 *
 * <h2>Thread-safety</h2> All methods may be called from any thread.
 */
public final class VirtualSwitch implements AutoCloseable {
    private final SwitchRuntime runtime;
    private final IdleStrategy idle;

    private VirtualSwitch(SwitchRuntime runtime, IdleStrategy idle) {
        this.runtime = runtime;
        this.idle = idle;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A switch configured from a standalone config file (docs/config-file.md); not started. */
    public static VirtualSwitch fromConfigFile(Path file) throws ConfigException {
        SwitchConfig cfg = ConfigFile.load(file);
        VirtualSwitch sw = builder().build();
        sw.apply(cfg);
        return sw;
    }

    // ------------------------------------------------------------------ configuration

    /** Applies a whole configuration; on error nothing changes. */
    public synchronized void apply(SwitchConfig cfg) {
        runtime.reconfigure(cfg);
    }

    /** Reloads a config file; an invalid file throws and the running configuration is kept. */
    public synchronized void reload(Path file) throws ConfigException {
        apply(ConfigFile.load(file));
    }

    public SwitchConfig config() {
        return runtime.config();
    }

    public synchronized void addBridge(String name) {
        List<BridgeConfig> bridges = new ArrayList<>(config().bridges());
        bridges.add(BridgeConfig.of(name, List.of()));
        apply(new SwitchConfig(bridges));
    }

    public synchronized void removeBridge(String name) {
        List<BridgeConfig> bridges = new ArrayList<>(config().bridges());
        if (!bridges.removeIf(b -> b.name().equals(name))) {
            throw new IllegalArgumentException("no bridge " + name);
        }
        apply(new SwitchConfig(bridges));
    }

    public synchronized void addPort(String bridge, PortSpec port) {
        updateBridge(bridge, b -> {
            List<PortConfig> ports = new ArrayList<>(b.ports());
            ports.add(port.toConfig());
            return ports;
        });
    }

    public synchronized void removePort(String bridge, String port) {
        updateBridge(bridge, b -> {
            List<PortConfig> ports = new ArrayList<>(b.ports());
            if (!ports.removeIf(p -> p.name().equals(port))) {
                throw new IllegalArgumentException("no port " + port + " on bridge " + bridge);
            }
            return ports;
        });
    }

    /** Replaces a port's settings (e.g. its VLAN mode) with {@code port}'s, keeping its place. */
    public synchronized void modifyPort(String bridge, PortSpec port) {
        updateBridge(bridge, b -> {
            List<PortConfig> ports = new ArrayList<>(b.ports());
            for (int i = 0; i < ports.size(); i++) {
                if (ports.get(i).name().equals(port.name())) {
                    ports.set(i, port.toConfig());
                    return ports;
                }
            }
            throw new IllegalArgumentException("no port " + port.name() + " on bridge " + bridge);
        });
    }

    private void updateBridge(String bridge, java.util.function.Function<BridgeConfig, List<PortConfig>> change) {
        List<BridgeConfig> bridges = new ArrayList<>(config().bridges());
        for (int i = 0; i < bridges.size(); i++) {
            BridgeConfig b = bridges.get(i);
            if (b.name().equals(bridge)) {
                bridges.set(i, new BridgeConfig(b.name(), b.failMode(), b.macAgingTimeSec(), b.macTableSize(),
                        change.apply(b)));
                apply(new SwitchConfig(bridges));
                return;
            }
        }
        throw new IllegalArgumentException("no bridge " + bridge);
    }

    // ------------------------------------------------------------------ running

    /** Starts forwarding on a PMD thread (plus a revalidator thread). */
    public synchronized void start() {
        runtime.start(idle);
    }

    public synchronized void stop() {
        runtime.stop();
    }

    /** Waits until port additions and removals made so far are live in the datapath (after {@link #start}). */
    public boolean awaitApplied(long timeout, TimeUnit unit) throws InterruptedException {
        return runtime.awaitPmd(timeout, unit);
    }

    @Override
    public synchronized void close() {
        runtime.close();
    }

    // ------------------------------------------------------------------ traffic of in-memory ports

    /** Queues a frame to be received on in-memory (dummy/internal) port {@code iface}. */
    public boolean inject(String iface, byte[] frame) {
        return dummy(iface).inject(frame);
    }

    /** Frames transmitted on in-memory port {@code iface} since the last call. */
    public List<byte[]> drainTransmitted(String iface) {
        return dummy(iface).drainTransmitted();
    }

    private DummyPort dummy(String iface) {
        Port p = runtime.port(iface);
        if (p instanceof DummyPort d) {
            return d;
        }
        throw new IllegalArgumentException(iface + " is not an in-memory port of this switch");
    }

    // ------------------------------------------------------------------ observation

    /** A snapshot of an interface's counters. */
    public record PortCounters(long rxPackets, long rxBytes, long txPackets, long txBytes, long rxDropped,
                               long txDropped) {
    }

    public PortCounters counters(String iface) {
        Port p = runtime.port(iface);
        if (p == null) {
            throw new IllegalArgumentException("no datapath port " + iface);
        }
        PortStats s = p.stats();
        return new PortCounters(s.rxPackets(), s.rxBytes(), s.txPackets(), s.txBytes(), s.rxDropped(),
                s.txDropped());
    }

    /** The datapath counters (cache hits per level, misses, lost upcalls, drops by reason). */
    public PmdStats datapathStats() {
        return runtime.pmdStats();
    }

    public List<MacEntry> macTable(String bridge) {
        return runtime.macTable(bridge);
    }

    /** The MAC table as {@code ovs-appctl fdb/show} prints it. */
    public String fdbShow(String bridge) {
        return runtime.fdbShow(bridge);
    }

    /** Interfaces that could not be opened, with the reason. */
    public Map<String, String> interfaceErrors() {
        return runtime.interfaceErrors();
    }

    /** Interfaces whose {@code mtu_request} could not be applied, with the reason (they run at their MTU). */
    public Map<String, String> mtuErrors() {
        return runtime.mtuErrors();
    }

    /** The MTU of an interface's datapath port (OVS's Interface {@code mtu} column). */
    public int mtu(String iface) {
        Port p = runtime.port(iface);
        if (p == null) {
            throw new IllegalArgumentException("no datapath port " + iface);
        }
        return p.mtu();
    }

    /** Builds a {@link VirtualSwitch}. */
    public static final class Builder {
        private NanoClock clock = new SystemNanoClock();
        private PmdConfig pmd = PmdConfig.defaults();
        private int poolFrames = 16384;
        private IdleStrategy idle = new BackoffIdleStrategy();

        /** Busy-spin the PMD (lowest latency, a core at 100 %); the default backs off when idle. */
        public Builder busyPoll() {
            this.idle = new BusySpinIdleStrategy();
            return this;
        }

        public Builder idleStrategy(IdleStrategy s) {
            this.idle = s;
            return this;
        }

        public Builder pmdConfig(PmdConfig c) {
            this.pmd = c;
            return this;
        }

        public Builder frames(int n) {
            this.poolFrames = n;
            return this;
        }

        public Builder clock(NanoClock c) {
            this.clock = c;
            return this;
        }

        public VirtualSwitch build() {
            return new VirtualSwitch(new SwitchRuntime(clock, pmd, poolFrames), idle);
        }
    }
}
