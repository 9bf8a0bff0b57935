package io.jvswitch.control.bond;

import io.jvswitch.bonding.BondMode;
import io.jvswitch.bonding.LacpMode;
import io.jvswitch.bonding.LacpView;
import io.jvswitch.bonding.bond.Bond;
import io.jvswitch.bonding.bond.BondRun;
import io.jvswitch.bonding.bond.BondSettings;
import io.jvswitch.bonding.bond.BondText;
import io.jvswitch.bonding.bond.LearningPacket;
import io.jvswitch.bonding.bond.MemberConfig;
import io.jvswitch.bonding.bond.MemberStatus;
import io.jvswitch.bonding.bond.Reply;
import io.jvswitch.bonding.lacp.Lacp;
import io.jvswitch.bonding.lacp.LacpMemberSettings;
import io.jvswitch.bonding.lacp.LacpSettings;
import io.jvswitch.bonding.lacp.LacpText;
import io.jvswitch.control.bridge.Bridge;
import io.jvswitch.control.bridge.BridgePort;
import io.jvswitch.control.bridge.BondStates;
import io.jvswitch.control.bridge.Bridges;
import io.jvswitch.control.bridge.MacEntry;
import io.jvswitch.control.model.BondConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.dataplane.bond.BondTable;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.slowpath.SlowPath;
import io.jvswitch.dataplane.slowpath.SlowPathQueue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The control plane of bonds and LACP (issue 6): one {@link Bond} (and {@link Lacp} where the port runs it) per
 * bond port of every bridge, driven by {@link #tick} on the control thread every {@link #TICK_MS} ms.
 *
 * <h2>Design</h2> Each tick: members' carrier from rtnetlink ({@link CarrierMonitor}; ports without a device are
 * up), LACPDUs the datapath queued on the slow path, LACP's periodic transmit (sent by a PMD, packet-out), the
 * bonds' runs (delays, active member), rebalancing from the PMDs' per-bucket counters, and then what the datapath
 * needs: each bond's bucket table → datapath ports ({@link BondTables}, read by the PMDs' {@code lb_output}) and
 * the bonds' state for admissibility ({@link BondStates}; flows are revalidated when it changes), plus RARP
 * learning packets after a failover. Nothing here runs per packet. Texts for {@code bond/show},
 * {@code bond/list}, {@code lacp/show} and {@code lacp/show-stats} are OVS's ({@code bonding}'s formatters).
 *
 * <h2>Thread-safety</h2> Every method is synchronized: the control thread ticks, reconfiguration and
 * {@code ovs-appctl} come from other threads.
 */
public final class BondController implements AutoCloseable {
    /** How often the bonds run (OVS runs them every main-loop iteration; 100 ms keeps LACP's 1 s timers exact). */
    public static final long TICK_MS = 100;
    private static final System.Logger LOG = System.getLogger("io.jvswitch.control.bond");

    /** What the controller needs of the datapath (the runtime). */
    public interface Datapath {
        /** The open datapath port of interface {@code iface}, or null. */
        Port port(String iface);

        BondTables bondTables();

        SlowPathQueue slowPath();

        boolean packetOut(int odpPort, byte[] frame);

        void addBondCounters(int bondId, long[] bytes);
    }

    private final Datapath dp;
    private final Bridges bridges;
    private final CarrierMonitor carriers = new CarrierMonitor();
    private final Map<String, BondPortState> bonds = new TreeMap<>();   // by port name
    private Map<Integer, BondStates.Snapshot> published = Map.of();
    private final SlowPathQueue.Consumer onFrame = this::slowPathFrame;
    private long now;

    public BondController(Datapath dp, Bridges bridges) {
        this.dp = dp;
        this.bridges = bridges;
    }

    /**
     * Follows the bridges' bond ports after a reconfiguration: new bonds are created, changed settings applied,
     * members added and removed, bonds gone forgotten (their datapath tables removed).
     *
     * @param activeMemberHints by port name, the member MAC the database remembers ({@code bond_active_slave})
     */
    public synchronized void reconfigure(Map<String, String> activeMemberHints, long nowMs) {
        now = nowMs;
        Map<String, BondPortState> seen = new LinkedHashMap<>();
        for (Bridge b : bridges.bridges()) {
            for (BridgePort bp : b.ports()) {
                if (!bp.isBond()) {
                    continue;
                }
                PortConfig pc = b.config().ports().stream().filter(p -> p.name().equals(bp.name())).findFirst()
                        .orElse(null);
                if (pc == null) {
                    continue;
                }
                seen.put(bp.name(), configure(b, bp, pc, activeMemberHints.get(bp.name())));
            }
        }
        for (BondPortState s : bonds.values()) {
            if (!seen.containsKey(s.port) || seen.get(s.port) != s) {
                dp.bondTables().remove(s.bondId);
            }
        }
        bonds.clear();
        bonds.putAll(seen);
        tick(nowMs);
    }

    private BondPortState configure(Bridge b, BridgePort bp, PortConfig pc, String activeHint) {
        BondConfig bc = pc.effectiveBond();
        List<String> warnings = new ArrayList<>();
        BondSettings settings = BondSettings.fromOvs(bp.name(), bc.mode().ovsName(), bc.updelayMs(),
                bc.downdelayMs(), bc.otherConfig(), bc.lacp() != LacpMode.OFF, activeHint, warnings);
        warnings.forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
        BondPortState s = bonds.get(bp.name());
        if (s != null && (s.bondId != bp.bondId() || !s.bridge.equals(b.name()))) {
            s = null;
        }
        if (s == null) {
            s = new BondPortState(b.name(), bp.name(), bp.bondId(), new Bond(settings, now));
        } else {
            s.bond.reconfigure(settings, now);
        }
        Map<String, Integer> odp = new LinkedHashMap<>();
        for (InterfaceConfig ic : pc.interfaces()) {
            Port p = dp.port(ic.name());
            if (p != null) {
                odp.put(ic.name(), p.portNo());
            }
        }
        for (String gone : new ArrayList<>(s.odpByMember.keySet())) {
            if (!odp.containsKey(gone)) {
                s.bond.removeMember(gone);
                if (s.lacp != null) {
                    s.lacp.unregisterMember(gone);
                }
            }
        }
        for (Map.Entry<String, Integer> e : odp.entrySet()) {
            if (!s.odpByMember.containsKey(e.getKey())) {
                // the carrier as it is now: the monitor reports changes only, and it may have seen this device
                // already (a member moved between bonds, a bond re-created)
                s.bond.addMember(new MemberConfig(e.getKey(), MemberMacs.of(e.getKey())), carrierNow(e.getKey()));
            }
        }
        BondPortState st = s;
        st.odpByMember.clear();
        st.odpByMember.putAll(odp);
        st.memberByOdp.clear();
        odp.forEach((m, o) -> st.memberByOdp.put(o, m));
        configureLacp(st, b, bc, pc);
        st.publishedVersion = -1;
        return st;
    }

    private void configureLacp(BondPortState s, Bridge b, BondConfig bc, PortConfig pc) {
        if (bc.lacp() == LacpMode.OFF) {
            s.lacp = null;
            s.bond.setLacp(LacpView.OFF);
            return;
        }
        Map<String, String> oc = bc.otherConfig();
        long sysId = parseMac(oc.get("lacp-system-id"), BridgeMac.of(b, s.odpByMember.keySet()));
        int prio = parseInt(oc.get("lacp-system-priority"),
                LacpSettings.defaultSystemPriority(s.odpByMember.size()));
        LacpSettings ls = new LacpSettings(s.port, bc.lacp() == LacpMode.ACTIVE,
                "fast".equalsIgnoreCase(oc.get("lacp-time")), sysId, prio,
                Boolean.parseBoolean(oc.get("lacp-fallback-ab")));
        if (s.lacp == null) {
            s.lacp = new Lacp(ls);
        } else {
            s.lacp.configure(ls);
        }
        for (InterfaceConfig ic : pc.interfaces()) {
            Integer odp = s.odpByMember.get(ic.name());
            if (odp == null || s.lacp.hasMember(ic.name())) {
                continue;
            }
            Map<String, String> ioc = ic.otherConfig();
            LacpMemberSettings ms = new LacpMemberSettings(ic.name(), parseInt(ioc.get("lacp-port-id"), odp),
                    parseInt(ioc.get("lacp-port-priority"), LacpMemberSettings.DEFAULT_PORT_PRIORITY),
                    parseInt(ioc.get("lacp-aggregation-key"), 0), MemberMacs.of(ic.name()));
            s.lacp.registerMember(ms, now);
            s.lacp.setCarrier(ic.name(), carrierNow(ic.name()), now);
        }
        s.bond.setLacp(s.lacp);
    }

    /** One run of every bond: carrier, LACP in and out, delays, tables, admissibility, learning packets. */
    public synchronized void tick(long nowMs) {
        now = nowMs;
        if (bonds.isEmpty()) {
            return;
        }
        pollCarriers();
        dp.slowPath().drain(onFrame, 1024);
        Map<Integer, BondStates.Snapshot> states = new HashMap<>();
        for (BondPortState s : bonds.values()) {
            if (s.lacp != null) {
                s.lacp.run(nowMs, (member, frame) -> send(s, member, frame));
            }
            BondRun r = s.bond.run(nowMs);
            r.log().forEach(l -> LOG.log(System.Logger.Level.INFO, l));
            feedCounters(s);
            s.bond.rebalance(nowMs).forEach(l -> LOG.log(System.Logger.Level.INFO, l));
            publishTable(s);
            if (r.sendLearningPackets()) {
                sendLearningPackets(s);
            }
            Map<Integer, MemberStatus> byOdp = new HashMap<>();
            for (MemberStatus m : s.bond.members()) {
                Integer odp = s.odpByMember.get(m.name());
                if (odp != null) {
                    byOdp.put(odp, m);
                }
            }
            states.put(s.bondId, new BondStates.Snapshot(s.bond.settings(), s.bond.lacpStatus(), byOdp));
        }
        if (!states.equals(published)) {
            published = Map.copyOf(states);
            bridges.bondStates().publish(published);
            bridges.invalidateFlows();
            // at once, not at the revalidator's next pass: after a failover, flows of the old admissibility drop
            bridges.revalidator().run(nowMs * 1_000_000L);
        }
    }

    private void pollCarriers() {
        Set<String> devices = new java.util.HashSet<>();
        for (BondPortState s : bonds.values()) {
            for (String m : s.odpByMember.keySet()) {
                if (MemberMacs.isDevice(m)) {
                    devices.add(m);
                } else {
                    setCarrier(s, m, true);
                }
            }
        }
        for (CarrierMonitor.Change c : carriers.poll(devices)) {
            for (BondPortState s : bonds.values()) {
                if (s.odpByMember.containsKey(c.member())) {
                    setCarrier(s, c.member(), c.up());
                }
            }
        }
    }

    private boolean carrierNow(String member) {
        return !MemberMacs.isDevice(member) || carriers.carrier(member);
    }

    private void setCarrier(BondPortState s, String member, boolean up) {
        s.bond.setCarrier(member, up);
        if (s.lacp != null) {
            s.lacp.setCarrier(member, up, now);
        }
    }

    private void slowPathFrame(int pmdId, int inPort, int reason, MemorySegment frame) {
        if (reason != SlowPath.LACP) {
            return;
        }
        byte[] bytes = frame.toArray(ValueLayout.JAVA_BYTE);
        for (BondPortState s : bonds.values()) {
            String member = s.memberByOdp.get(inPort);
            if (member != null && s.lacp != null) {
                s.lacp.receive(member, bytes, 0, bytes.length, now);
                return;
            }
        }
    }

    private void send(BondPortState s, String member, byte[] frame) {
        Integer odp = s.odpByMember.get(member);
        if (odp != null && !dp.packetOut(odp, frame)) {
            LOG.log(System.Logger.Level.DEBUG, "packet-out queue full: a PDU for " + member + " is late");
        }
    }

    private void feedCounters(BondPortState s) {
        long[] bytes = new long[256];
        dp.addBondCounters(s.bondId, bytes);
        for (int i = 0; i < 256; i++) {
            long delta = bytes[i] - s.fedBytes[i];
            if (delta > 0) {
                s.bond.account(i, delta);
            }
            s.fedBytes[i] = bytes[i];
        }
    }

    private void publishTable(BondPortState s) {
        if (s.bond.tableVersion() == s.publishedVersion) {
            return;
        }
        int[] byMember = s.bond.bucketTable();
        List<String> names = s.bond.memberNames();
        int[] ports = new int[byMember.length];
        for (int i = 0; i < ports.length; i++) {
            Integer odp = byMember[i] < 0 ? null : s.odpByMember.get(names.get(byMember[i]));
            ports[i] = odp == null ? BondTable.DROP : odp;
        }
        BondTable.HashKind kind = s.bond.settings().mode() == BondMode.BALANCE_TCP ? BondTable.HashKind.L4
                : BondTable.HashKind.L2;
        dp.bondTables().publish(s.bondId, BondTable.of(kind, s.bond.settings().hashBasis(), ports));
        s.publishedVersion = s.bond.tableVersion();
    }

    /** RARPs for every MAC learned on another port of the bridge, so upstream switches relearn at once. */
    private void sendLearningPackets(BondPortState s) {
        Bridge b = bridges.bridge(s.bridge);
        BridgePort bp = b == null ? null : b.port(s.port);
        if (bp == null) {
            return;
        }
        for (MacEntry e : b.macTable().snapshot(now * 1_000_000L)) {
            if (e.port() == bp.ofport()) {
                continue;
            }
            String member = s.bond.learningPacketMember(e.mac(), e.vlan());
            if (member != null) {
                send(s, member, LearningPacket.rarp(e.mac(), e.vlan()));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ ovs-appctl

    /** {@code bond/show [PORT]}; throws IllegalArgumentException("no such bond") for an unknown port. */
    public synchronized String bondShow(String port) {
        if (port == null) {
            return BondText.showAll(bonds.values().stream().map(s -> s.bond).toList(), now);
        }
        return BondText.show(state(port, "no such bond").bond, now);
    }

    /** {@code bond/list}. */
    public synchronized String bondList() {
        return BondText.list(bonds.values().stream().map(s -> s.bond).toList());
    }

    /** {@code lacp/show [PORT]}. */
    public synchronized String lacpShow(String port) {
        if (port == null) {
            return LacpText.show(bonds.values().stream().filter(s -> s.lacp != null).map(s -> s.lacp).toList());
        }
        BondPortState s = bonds.get(port);
        if (s == null || s.lacp == null) {
            throw new IllegalArgumentException(LacpText.NO_SUCH_LACP);
        }
        return LacpText.show(s.lacp);
    }

    /** {@code lacp/show-stats [PORT]}. */
    public synchronized String lacpShowStats(String port) {
        if (port == null) {
            return LacpText.showStats(bonds.values().stream().filter(s -> s.lacp != null).map(s -> s.lacp).toList());
        }
        BondPortState s = bonds.get(port);
        if (s == null || s.lacp == null) {
            throw new IllegalArgumentException(LacpText.NO_SUCH_LACP);
        }
        return LacpText.showStats(s.lacp);
    }

    /** {@code bond/set-active-member PORT MEMBER}. */
    public synchronized Reply setActiveMember(String port, String member) {
        Reply r = state(port, "no such bond").bond.setActiveMember(member);
        tick(now);
        return r;
    }

    /** {@code bond/enable-member} / {@code bond/disable-member PORT MEMBER}. */
    public synchronized Reply setMemberEnabled(String port, String member, boolean enable) {
        Reply r = state(port, "no such bond").bond.setMemberEnabled(member, enable);
        tick(now);
        return r;
    }

    /** By bond port name: the active member's MAC, for {@code Port.bond_active_slave} (absent when none). */
    public synchronized Map<String, String> activeMemberMacs() {
        Map<String, String> out = new TreeMap<>();
        for (BondPortState s : bonds.values()) {
            if (s.bond.activeMember() != null) {
                out.put(s.port, LacpText.mac(s.bond.activeMemberMac()));
            }
        }
        return out;
    }

    /** By member interface: whether LACP is current ({@code Interface.lacp_current}); LACP ports only. */
    public synchronized Map<String, Boolean> lacpCurrent() {
        Map<String, Boolean> out = new TreeMap<>();
        for (BondPortState s : bonds.values()) {
            if (s.lacp != null) {
                for (String m : s.lacp.members()) {
                    out.put(m, s.lacp.isCurrent(m));
                }
            }
        }
        return out;
    }

    private BondPortState state(String port, String error) {
        BondPortState s = bonds.get(port);
        if (s == null) {
            throw new IllegalArgumentException(error);
        }
        return s;
    }

    private static long parseMac(String s, long dflt) {
        if (s != null && s.matches("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")) {
            long v = Long.parseLong(s.replace(":", ""), 16);
            return v == 0 ? dflt : v;
        }
        return dflt;
    }

    private static int parseInt(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    @Override
    public synchronized void close() {
        for (BondPortState s : bonds.values()) {
            dp.bondTables().remove(s.bondId);
        }
        bonds.clear();
        carriers.close();
    }
}
