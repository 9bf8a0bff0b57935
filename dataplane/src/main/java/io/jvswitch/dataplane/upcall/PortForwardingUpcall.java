package io.jvswitch.dataplane.upcall;

import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.FlowMask;
import io.jvswitch.flowcache.Megaflow;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed-rule upcall handler for tests, benchmarks, the in-memory demo and simple embeddings: each in_port
 * maps to an action list, and installed megaflows match in_port plus the fields of a configurable mask
 * (exact 5-tuple-ish by default). Ports without a rule get a drop flow (so their misses stop too).
 *
 * <h2>Thread-safety</h2> Rules may be changed from any thread; upcalls run on PMD threads.
 */
public final class PortForwardingUpcall implements UpcallHandler {
    private final Map<Integer, int[]> rules = new ConcurrentHashMap<>();
    private final FlowMask mask;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong upcalls = new AtomicLong();

    /**
     * @param mask the megaflow mask to install; its in_port and recirc_id bits are forced on (every OVS megaflow,
     *             and every one NORMAL installs here, matches both exactly)
     */
    public PortForwardingUpcall(FlowMask mask) {
        long[] w = mask.words().clone();
        w[FlowKey.W_IN_PORT] = -1L;
        this.mask = FlowMask.of(w);
    }

    /** Matches in_port and recirc_id, Ethernet addresses and type, IPv4/IPv6 addresses and protocol, and L4 ports. */
    public static FlowMask defaultMask() {
        long[] w = new long[FlowKey.KEY_WORDS];
        w[FlowKey.W_IN_PORT] = -1L;
        w[FlowKey.W_ETH_DST] = -1L;
        w[FlowKey.W_ETH_SRC] = -1L;
        w[FlowKey.W_VLAN] = -1L;
        w[FlowKey.W_MPLS_NW] = 0xff000000L | FlowKey.FRAG_ANY | FlowKey.FRAG_LATER;
        w[FlowKey.W_NW_ADDR] = -1L;
        w[FlowKey.W_IPV6_SRC] = -1L;
        w[FlowKey.W_IPV6_SRC + 1] = -1L;
        w[FlowKey.W_IPV6_DST] = -1L;
        w[FlowKey.W_IPV6_DST + 1] = -1L;
        w[FlowKey.W_L4] = 0xffffffffL;
        return FlowMask.of(w);
    }

    /** Forwards everything arriving on {@code inPort} with {@code actions}. */
    public PortForwardingUpcall rule(int inPort, int[] actions) {
        rules.put(inPort, actions.clone());
        return this;
    }

    public PortForwardingUpcall removeRule(int inPort) {
        rules.remove(inPort);
        return this;
    }

    public FlowMask mask() {
        return mask;
    }

    /** Upcalls handled so far. */
    public long upcalls() {
        return upcalls.get();
    }

    @Override
    public Megaflow upcall(int pmdId, long[] keys, int keyBase, MemorySegment packet, long address, int length,
                           long nowNanos) {
        upcalls.incrementAndGet();
        int[] actions = rules.getOrDefault(FlowKey.inPort(keys, keyBase), new int[0]);
        return new Megaflow(nextId.getAndIncrement(), keys, keyBase, mask, actions, nowNanos);
    }
}
