package io.jvswitch.control.bridge;

import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.Megaflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps installed megaflows right (OVS: {@code ofproto-dpif-upcall.c} revalidators, simplified to one pass on
 * the control thread). One {@link #run} does:
 * <ol>
 *   <li><b>Push stats</b>: for each up-to-date flow used since the last run, the learnings of its translation
 *       are replayed at its last-use time — a used flow keeps its source MAC alive and a flow seen on a new port
 *       moves it (OVS's {@code xlate_push_stats} of {@code XC_NORMAL} entries, gratuitous-ARP flag included).
 *       Learnings on ports that were removed or changed since are skipped.</li>
 *   <li><b>Sweep</b>: forgets flows the PMD already removed, and retires flows idle longer than
 *       {@code maxIdle} (the PMD expires them too; this keeps the registry in step).</li>
 *   <li><b>Revalidate</b>: every flow translated at an older generation than the current one (a MAC table,
 *       the port set or the configuration changed since) is translated again from its masked key, without
 *       side effects. Same mask → new actions are set when they differ ({@link Megaflow#setActions}); another
 *       mask → the flow is marked dead (the PMD stops using it at once and a new upcall builds the right
 *       one). A flow used since the last run then has replayed the learnings its old and its new translation
 *       agree on: like OVS, which pushes a revalidated flow's stats through its new xlate cache, a flow that
 *       balance-slb's "drop if moved" now refuses (its source moved to another port) does not move the MAC back
 *       to the bond; and packets counted under the old configuration are not learned into a new VLAN.</li>
 *   <li><b>Age</b>: {@link MacLearningTable#run} on every bridge (entries, and the end of gratuitous-ARP
 *       locks).</li>
 * </ol>
 * Steps 1 and 4 may change MAC tables, so the pass repeats (at most 3 times) until nothing changed.
 * A full sweep over all flows per change, like OVS's {@code need_revalidate}.
 *
 * <h2>Thread-safety</h2> {@link #run} is called by one thread (the control thread, or a test); it synchronizes
 * on the {@link Bridges} so it never overlaps a reconfiguration.
 */
public final class Revalidator {
    /** OVS's default {@code other_config:max-idle}: 10 s. */
    public static final long DEFAULT_MAX_IDLE_NANOS = 10_000_000_000L;

    private final Bridges bridges;
    private final FlowRegistry registry;
    private volatile long maxIdleNanos = DEFAULT_MAX_IDLE_NANOS;
    private long revalidated;
    private long modified;
    private long killed;

    Revalidator(Bridges bridges, FlowRegistry registry) {
        this.bridges = bridges;
        this.registry = registry;
    }

    public void setMaxIdleNanos(long n) {
        this.maxIdleNanos = n;
    }

    /** Flows re-translated, given new actions, and marked dead, since creation. */
    public synchronized long[] counters() {
        return new long[] {revalidated, modified, killed};
    }

    /** One revalidation pass at {@code now} (the same clock as the PMDs'). */
    public void run(long now) {
        synchronized (bridges) {
            for (int pass = 0; pass < 3; pass++) {
                long gen = bridges.generation();
                Topology topo = bridges.topology();
                pushStats(topo, gen);
                sweepAndRevalidate(topo, gen, now);
                for (BridgeView b : topo.bridges().values()) {
                    b.macs().run(now);
                }
                if (bridges.generation() == gen) {
                    return;
                }
            }
        }
    }

    private void sweepAndRevalidate(Topology topo, long gen, long now) {
        long[] key = new long[FlowKey.KEY_WORDS];
        for (InstalledFlow f : registry.all()) {
            Megaflow m = f.flow();
            if (m.isDead()) {
                registry.remove(f);
                continue;
            }
            if (now - m.lastUsedNanos() > maxIdleNanos) {
                m.markDead();
                registry.remove(f);
                continue;
            }
            if (f.generation() >= gen) {
                continue;
            }
            System.arraycopy(m.maskedKey(), 0, key, 0, FlowKey.KEY_WORDS);
            Translation t = NormalXlate.translate(topo, key, 0, false, now);
            synchronized (this) {
                revalidated++;
                if (!t.mask().equals(m.mask()) || t.slowPath() != 0) {
                    // a new mask, or now for the slow path (a port became a bond: LACPDUs must reach LACP)
                    m.markDead();
                    registry.remove(f);
                    killed++;
                    continue;
                }
                if (!Arrays.equals(t.actions(), m.actions())) {
                    m.setActions(t.actions());
                    modified++;
                }
            }
            List<NormalXlate.Learning> before = f.learnings();
            f.revalidated(gen, t.learnings());
            if (f.usedSinceLastCheck()) {
                List<NormalXlate.Learning> both = new ArrayList<>(t.learnings());
                both.retainAll(before);
                replay(topo, both, m.lastUsedNanos());
            }
        }
    }

    /** Replays the learnings of used flows that are up to date; stale ones are replayed once revalidated. */
    private void pushStats(Topology topo, long gen) {
        for (InstalledFlow f : registry.all()) {
            if (!f.flow().isDead() && f.generation() >= gen && f.usedSinceLastCheck()) {
                replay(topo, f.learnings(), f.flow().lastUsedNanos());
            }
        }
    }

    private static void replay(Topology topo, List<NormalXlate.Learning> learnings, long used) {
        for (NormalXlate.Learning l : learnings) {
            BridgeView bv = topo.bridges().get(l.bridge().name());
            // Replay only onto ports that still exist as they were (a removed port must not be re-learned).
            if (bv != null && bv.bridge() == l.bridge() && bv.byOfport().get(l.port().ofport()) == l.port()) {
                l.replay(bv.macs(), used);
            }
        }
    }
}
