package io.jvswitch.api;

import io.jvswitch.bonding.bond.MemberStatus;
import io.jvswitch.bonding.bond.Reply;
import io.jvswitch.control.bridge.BondStates;
import io.jvswitch.control.bridge.Bridge;
import io.jvswitch.control.bridge.BridgePort;
import io.jvswitch.control.bridge.MacEntry;
import io.jvswitch.control.config.ConfigException;
import io.jvswitch.control.config.ConfigFile;
import io.jvswitch.control.config.ConfigProblem;
import io.jvswitch.control.config.ConfigValidator;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.IngressPolicing;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PmdIdle;
import io.jvswitch.control.model.PmdSettings;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.qos.QosAppctl;
import io.jvswitch.control.qos.QosSnapshot;
import io.jvswitch.control.runtime.PmdSnapshot;
import io.jvswitch.control.runtime.PortSnapshot;
import io.jvswitch.control.runtime.RxqAssignment;
import io.jvswitch.control.runtime.SwitchRuntime;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.pipeline.PmdStats;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.vport.dummy.DummyPort;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
 *     sw.addPort("br0", PortSpec.bond("bond0", BondSpec.activeBackup(),   // a bond, as in the config file
 *             BondMember.of("eth1", "afpacket"), BondMember.of("eth2", "afpacket")));
 *     sw.start();
 *     sw.inject("vm1", frame);                    // in-memory ports take frames from the application
 *     List<byte[]> out = sw.drainTransmitted("uplink");
 *     sw.macTable("br0");                         // what the bridge learned
 *     sw.bond("bond0").activeMember();            // the bond's state
 * }
 * }</pre>
 * Every change is applied as a whole new configuration (the same model the config file and, later, the OVS
 * database feed), so an invalid change throws and leaves the running switch as it was.
 *
 * <h2>Thread-safety</h2> All methods may be called from any thread.
 */
public final class VirtualSwitch implements AutoCloseable {
    private final SwitchRuntime runtime;

    private VirtualSwitch(SwitchRuntime runtime) {
        this.runtime = runtime;
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

    /**
     * Applies a whole configuration; on error nothing changes. Checked as the config file is
     * ({@link ConfigValidator#validateStrict}): policing or QoS that cannot be applied is an error here too.
     */
    public synchronized void apply(SwitchConfig cfg) {
        List<String> errors = ConfigValidator.validateStrict(cfg).stream().filter(ConfigProblem::isError)
                .map(ConfigProblem::toString).toList();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", errors));
        }
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
        apply(config().withBridges(bridges));
    }

    public synchronized void removeBridge(String name) {
        List<BridgeConfig> bridges = new ArrayList<>(config().bridges());
        if (!bridges.removeIf(b -> b.name().equals(name))) {
            throw new IllegalArgumentException("no bridge " + name);
        }
        apply(config().withBridges(bridges));
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
                apply(config().withBridges(bridges));
                return;
            }
        }
        throw new IllegalArgumentException("no bridge " + bridge);
    }

    // ------------------------------------------------------------------ running

    /** Starts forwarding on the PMD threads (one per PMD core, pinned; plus a revalidator thread). */
    public synchronized void start() {
        runtime.start();
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

    /** The datapath counters of all PMDs added up (cache hits per level, misses, lost upcalls, drops). */
    public PmdStats datapathStats() {
        return runtime.pmdStats();
    }

    /** Per-PMD counters, core and pinning. */
    public List<PmdSnapshot> pmds() {
        return runtime.pmdSnapshots();
    }

    /** Per-port counters of every datapath port. */
    public List<PortSnapshot> ports() {
        return runtime.portSnapshots();
    }

    /** Which PMD polls which rx queue. */
    public List<RxqAssignment> rxqAssignment() {
        return runtime.rxqAssignment();
    }

    /** Re-runs the round-robin rx queue assignment under traffic; returns how many queues moved. */
    public int rebalance() {
        return runtime.rebalance();
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

    // ------------------------------------------------------------------ bonds (issue 6)

    /**
     * The state of bond port {@code port} as of the bond control plane's last run (every 100 ms once started, and
     * at once after every change): mode, LACP status, active member, each member's status.
     *
     * @throws IllegalArgumentException "no such bond" when {@code port} is not a bond (or LACP) port
     */
    public BondState bond(String port) {
        for (Bridge b : runtime.bridges().bridges()) {
            BridgePort bp = b.port(port);
            BondStates.Snapshot s = bp == null || !bp.isBond() ? null
                    : runtime.bridges().bondStates().get(bp.bondId());
            if (s == null) {
                continue;
            }
            Map<String, MemberStatus> byName = new HashMap<>();
            s.membersByOdp().values().forEach(m -> byName.put(m.name(), m));
            Map<String, Boolean> lacpCurrent = runtime.bonds().lacpCurrent();
            List<BondState.Member> members = new ArrayList<>();
            String active = null;
            for (String iface : bp.ifaces()) {
                MemberStatus m = byName.get(iface);
                if (m == null) {
                    continue;
                }
                if (m.active()) {
                    active = m.name();
                }
                members.add(new BondState.Member(m.name(), m.enabled(), m.active(), m.carrier(), m.mayEnable(),
                        lacpCurrent.getOrDefault(m.name(), false)));
            }
            return new BondState(port, s.settings().mode(), s.lacp(), active, members);
        }
        throw new IllegalArgumentException("no such bond");
    }

    /** {@code ovs-appctl bond/show PORT}'s text (OVS 3.1's format). */
    public String bondShow(String port) {
        return runtime.bonds().bondShow(port);
    }

    /**
     * {@code ovs-appctl bond/enable-member} / {@code bond/disable-member}, with OVS's meaning: the member is enabled
     * or disabled now, and the bond's next runs judge it again by its link and LACP state, so a disabled member whose
     * link is up comes back after {@code bond_updelay} (use it to test a failover, not to take a member out).
     *
     * @throws IllegalArgumentException "no such bond" or "no such member"
     */
    public void setMemberEnabled(String port, String member, boolean enabled) {
        reply(runtime.bonds().setMemberEnabled(port, member, enabled));
    }

    /**
     * {@code ovs-appctl bond/set-active-member}: makes an enabled member the active one.
     *
     * @throws IllegalArgumentException "no such bond", "no such member" or "cannot make disabled member active"
     */
    public void setActiveMember(String port, String member) {
        reply(runtime.bonds().setActiveMember(port, member));
    }

    private static void reply(Reply r) {
        if (r.error()) {
            throw new IllegalArgumentException(r.text());
        }
    }

    // ------------------------------------------------------------------ QoS (issue 7)

    /**
     * Sets interface {@code iface}'s ingress policing, OVS's Interface columns ({@code ingress_policing_rate} kbps,
     * {@code _burst} kb, {@code _kpkts_rate} kpps, {@code _kpkts_burst} kpkts; all 0: none). Any interface, bond
     * members included; applied live, counters restart only when the settings change.
     *
     * @throws IllegalArgumentException no such interface, or invalid values (the qos module's message); nothing
     *                                  changes then
     */
    public synchronized void setIngressPolicing(String iface, long rateKbps, long burstKb, long kpktsRate,
                                                long kpktsBurst) {
        IngressPolicing p = new IngressPolicing(rateKbps, burstKb, kpktsRate, kpktsBurst);
        boolean[] found = {false};
        apply(config().withBridges(config().bridges().stream().map(b -> withPorts(b, b.ports().stream().map(port -> {
            List<InterfaceConfig> ifaces = port.interfaces().stream().map(ic -> {
                if (!ic.name().equals(iface)) {
                    return ic;
                }
                found[0] = true;
                return ic.withPolicing(p);
            }).toList();
            return new PortConfig(port.name(), port.vlanMode(), port.tag(), port.trunks(), ifaces, port.bond(),
                    port.qos());
        }).toList())).toList()), found, "no such interface " + iface);
    }

    /**
     * Sets port {@code port}'s egress QoS (null: none), applied to each of its interfaces; live, as
     * {@link #setIngressPolicing}.
     *
     * @throws IllegalArgumentException no such port, or invalid settings (the qos module's message)
     */
    public synchronized void setQos(String port, QosSpec qos) {
        boolean[] found = {false};
        apply(config().withBridges(config().bridges().stream().map(b -> withPorts(b, b.ports().stream().map(p -> {
            if (!p.name().equals(port)) {
                return p;
            }
            found[0] = true;
            return p.withQos(qos == null ? null : qos.toConfig());
        }).toList())).toList()), found, "no such port " + port);
    }

    private void apply(SwitchConfig cfg, boolean[] found, String missing) {
        if (!found[0]) {
            throw new IllegalArgumentException(missing);
        }
        apply(cfg);
    }

    private static BridgeConfig withPorts(BridgeConfig b, List<PortConfig> ports) {
        return new BridgeConfig(b.name(), b.failMode(), b.macAgingTimeSec(), b.macTableSize(), ports);
    }

    /**
     * Interface {@code iface}'s policers and counters now, read under their locks: the egress policy (type,
     * settings, per queue {@code tx_packets}/{@code tx_bytes}/{@code tx_errors}) and the ingress policer (passed,
     * dropped by rate and by packet rate); either is null when not set.
     *
     * @throws IllegalArgumentException "no such interface"
     */
    public QosSnapshot qos(String iface) {
        return QosAppctl.snapshot(runtime, iface);
    }

    /** {@code ovs-appctl qos/show IFACE}'s text (OVS 3.1's format, docs/qos.md). */
    public String qosShow(String iface) {
        return QosAppctl.show(runtime, iface);
    }

    /**
     * Interfaces whose policing or QoS is not applied, with why (empty when all are: the API's own changes are
     * checked before they apply, so this matters for configurations applied around it).
     */
    public Map<String, String> qosErrors() {
        return runtime.qosErrors();
    }

    /** Builds a {@link VirtualSwitch}. */
    public static final class Builder {
        private NanoClock clock = new SystemNanoClock();
        private PmdConfig pmd = PmdConfig.defaults();
        private int poolFrames = SwitchRuntime.DEFAULT_POOL_FRAMES;
        private PmdIdle idle;
        private List<Integer> cores;

        /** Busy-spin the PMDs (lowest latency, their cores at 100 %): the default. */
        public Builder busyPoll() {
            this.idle = PmdIdle.BUSY;
            return this;
        }

        /** Back off when idle (spin, yield, park up to 1 ms): laptops, CI, shared machines. */
        public Builder backoff() {
            this.idle = PmdIdle.BACKOFF;
            return this;
        }

        /** The PMDs' idle mode, over the configuration's {@code other_config:pmd-idle}. */
        public Builder idle(PmdIdle mode) {
            this.idle = mode;
            return this;
        }

        /**
         * The PMD cores as an OVS hex mask ({@code "0x6"}: two PMDs, on cores 1 and 2), used while the applied
         * configuration has no {@code other_config:pmd-cpu-mask}. Default: one PMD on the last core.
         */
        public Builder pmdCpuMask(String hexMask) {
            this.cores = PmdSettings.parseCpuMask(hexMask);
            return this;
        }

        public Builder pmdConfig(PmdConfig c) {
            this.pmd = c;
            return this;
        }

        /** Frames in each PMD's pool. */
        public Builder frames(int n) {
            this.poolFrames = n;
            return this;
        }

        public Builder clock(NanoClock c) {
            this.clock = c;
            return this;
        }

        public VirtualSwitch build() {
            SwitchRuntime rt = new SwitchRuntime(clock, pmd, poolFrames, FramePool.JUMBO_FRAME_SIZE,
                    cores != null ? cores : SwitchRuntime.lastCore());
            if (idle != null) {
                rt.setIdleOverride(idle);
            }
            return new VirtualSwitch(rt);
        }
    }
}
