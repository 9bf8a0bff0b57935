package io.jvswitch.control.bridge;

import io.jvswitch.flowcache.Megaflow;

import java.util.List;

/**
 * What the control side remembers about a megaflow it handed to a PMD: the flow itself (its masked key is
 * enough to translate it again), the PMD, the configuration/MAC generation it was translated at, the learnings
 * its decision made (replayed while the flow is used, like OVS's {@code XC_NORMAL} xlate-cache entry), and the
 * packet count seen at the last revalidation.
 *
 * <h2>Thread-safety</h2> Created on a PMD thread, then read and updated by the revalidator (control thread)
 * only; the volatile fields publish the PMD's writes.
 */
public final class InstalledFlow {
    private final Megaflow flow;
    private final int pmdId;
    private volatile long generation;
    private volatile List<NormalXlate.Learning> learnings;
    private long lastPackets;

    InstalledFlow(Megaflow flow, int pmdId, long generation, List<NormalXlate.Learning> learnings) {
        this.flow = flow;
        this.pmdId = pmdId;
        this.generation = generation;
        this.learnings = learnings;
    }

    public Megaflow flow() {
        return flow;
    }

    public int pmdId() {
        return pmdId;
    }

    public long generation() {
        return generation;
    }

    public List<NormalXlate.Learning> learnings() {
        return learnings;
    }

    void revalidated(long gen, List<NormalXlate.Learning> l) {
        this.generation = gen;
        this.learnings = l;
    }

    /** True when the flow was hit since the last call. Control thread. */
    boolean usedSinceLastCheck() {
        long p = flow.packets();
        if (p != lastPackets) {
            lastPackets = p;
            return true;
        }
        return false;
    }
}
