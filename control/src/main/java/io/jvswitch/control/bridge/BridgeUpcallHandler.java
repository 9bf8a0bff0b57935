package io.jvswitch.control.bridge;

import io.jvswitch.dataplane.slowpath.SlowPath;
import io.jvswitch.dataplane.upcall.UpcallHandler;
import io.jvswitch.flowcache.Megaflow;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The datapath's upcall handler for a switch made of OVS-style bridges: translates a missed packet with
 * {@link NormalXlate} (learning its source on the way), wraps the result in a {@link Megaflow} (mask includes
 * in_port), and records it in the {@link FlowRegistry} for the revalidator.
 *
 * <h2>Ordering</h2> The change generation is read BEFORE the translation reads the topology and the MAC tables,
 * so a flow is never recorded as newer than the state it was built from: any change that races with the
 * upcall bumps the generation past the recorded one and the revalidator re-checks the flow.
 *
 * <h2>Thread-safety</h2> Called concurrently by PMD threads; all shared state is thread-safe.
 */
public final class BridgeUpcallHandler implements UpcallHandler {
    private final Bridges bridges;
    private final FlowRegistry registry;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong upcalls = new AtomicLong();

    BridgeUpcallHandler(Bridges bridges, FlowRegistry registry) {
        this.bridges = bridges;
        this.registry = registry;
    }

    @Override
    public Megaflow upcall(int pmdId, long[] keys, int keyBase, MemorySegment packet, long address, int length,
                           long nowNanos) {
        upcalls.incrementAndGet();
        long gen = bridges.generation();
        Translation t = NormalXlate.translate(bridges.topology(), keys, keyBase, true, nowNanos);
        if (t.slowPath() != 0) {
            return SlowPath.verdict(t.slowPath());   // to the control plane; nothing installed
        }
        Megaflow f = new Megaflow(nextId.getAndIncrement(), keys, keyBase, t.mask(), t.actions(), nowNanos);
        registry.add(new InstalledFlow(f, pmdId, gen, t.learnings()));
        return f;
    }

    /** Upcalls handled so far. */
    public long upcalls() {
        return upcalls.get();
    }
}
