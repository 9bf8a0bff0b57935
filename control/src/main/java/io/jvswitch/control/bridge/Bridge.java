package io.jvswitch.control.bridge;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.FailMode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A running bridge (OVS: an {@code ofproto}): a name, a MAC learning table that survives reconfiguration,
 * OpenFlow port numbering, and the current immutable {@link BridgeView} of its ports.
 *
 * <h2>OpenFlow port numbers</h2> As OVS's {@code alloc_ofp_port}: the interface named like the bridge is LOCAL
 * (65534); other interfaces get 1, 2, 3… in order of addition, or the number the configuration hints at
 * ({@code ofport_request}, or the number the database kept from before a restart) when it is free. An interface
 * keeps its number while it stays in the bridge; removed and added again it gets a new one, as with
 * ovs-vswitchd (verified against OVS 3.1 by {@code VswitchdComparisonSystemTest}); numbers are not reused.
 *
 * <h2>Thread-safety</h2> Numbering and publishing happen on the control thread (under {@link Bridges}'s lock);
 * the view is a volatile reference to an immutable snapshot; the MAC table is thread-safe.
 */
public final class Bridge {
    private final String name;
    private final MacLearningTable macs;
    private static final int MAX_OFPORT = 0xfeff;
    private final Map<String, Integer> ofportByIface = new ConcurrentHashMap<>();
    private int lastOfport;
    private volatile BridgeView view;
    private volatile BridgeConfig config;

    Bridge(String name, BridgeConfig cfg, Runnable onChange) {
        this.name = name;
        this.config = cfg;
        this.macs = new MacLearningTable(cfg.macAgingTimeSec(), cfg.macTableSize(), onChange);
        this.view = new BridgeView(this, cfg.failMode(), List.of(), Map.of());
    }

    public String name() {
        return name;
    }

    public MacLearningTable macTable() {
        return macs;
    }

    /** The configuration last applied. */
    public BridgeConfig config() {
        return config;
    }

    public FailMode failMode() {
        return view.failMode();
    }

    /** Ports in OpenFlow port order. */
    public List<BridgePort> ports() {
        return view.ports();
    }

    /** The port with this OpenFlow number, or null. */
    public BridgePort port(int ofport) {
        return view.byOfport().get(ofport);
    }

    /** The port named {@code portName}, or null. */
    public BridgePort port(String portName) {
        for (BridgePort p : view.ports()) {
            if (p.name().equals(portName)) {
                return p;
            }
        }
        return null;
    }

    public BridgeView view() {
        return view;
    }

    void publish(BridgeView v, BridgeConfig cfg) {
        this.view = v;
        this.config = cfg;
    }

    /**
     * The OpenFlow port number interface {@code iface} has (or had) on this bridge, or -1 when it never had one
     * (read-only; any thread).
     */
    public int ofportOf(String iface) {
        if (iface.equals(name)) {
            return BridgePort.OFPP_LOCAL;
        }
        return ofportByIface.getOrDefault(iface, -1);
    }

    /**
     * Forgets the numbers of interfaces no longer in the bridge (control thread): re-added, they get a new number,
     * as ovs-vswitchd gives one to a new Interface row; numbers are still never reused.
     */
    void retainOfports(java.util.Set<String> ifaces) {
        ofportByIface.keySet().retainAll(ifaces);
    }

    /**
     * The OpenFlow port number of interface {@code iface}, assigned on first use (control thread): {@code hint}
     * when it is a valid number (1..0xfeff) no other interface of this bridge holds, else the next unused one.
     */
    int ofport(String iface, int hint) {
        if (iface.equals(name)) {
            return BridgePort.OFPP_LOCAL;
        }
        Integer n = ofportByIface.get(iface);
        if (n == null) {
            if (hint >= 1 && hint <= MAX_OFPORT && !ofportByIface.containsValue(hint)) {
                n = hint;
                lastOfport = Math.max(lastOfport, hint);
            } else {
                int next = lastOfport;
                do {
                    if (next >= MAX_OFPORT) {
                        throw new IllegalStateException("bridge " + name + ": out of OpenFlow port numbers");
                    }
                    next++;
                } while (ofportByIface.containsValue(next));
                n = next;
                lastOfport = next;
            }
            ofportByIface.put(iface, n);
        }
        return n;
    }
}
