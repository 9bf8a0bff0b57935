package io.jvswitch.flowcache;

import java.util.function.Consumer;

/**
 * The megaflow table of one PMD: a {@link Classifier} (dpcls) per in_port plus an index by megaflow id.
 *
 * <h2>What</h2> OVS's {@code pmd->flow_table} and {@code pmd->classifiers}: {@link #install} adds a megaflow
 * under an in_port, {@link #lookupBatch} classifies a batch received on that port, {@link #expireIdle} and
 * {@link #removeDead} retire flows, {@link #rank} re-sorts every classifier's subtables. A hard limit on the
 * number of flows (default {@value #DEFAULT_FLOW_LIMIT}, OVS's flow-limit area) makes {@link #install}
 * refuse new flows when full.
 *
 * <h2>Design</h2> in_port → classifier and id → megaflow are primitive-keyed open-addressed maps
 * ({@link LongObjectMap}): no boxing. Removing a megaflow from the table always marks it dead
 * ({@link Megaflow#markDead()}), so that EMC entries still pointing at it become misses and get swept.
 * Installing a megaflow whose mask and masked key equal those of a flow already on that port is refused
 * while that flow is alive, and replaces it when it is dead. Empty classifiers are kept (they cost a few
 * bytes and skip straight to "miss") until {@link #removePort} or {@link #clear}.
 *
 * <h2>Thread-safety</h2> Single owner, the PMD thread; no locks. Other threads may only mark megaflows
 * dead or replace their actions; the PMD then stops matching them at once and removes them at its next
 * {@link #removeDead()}.
 *
 * <h2>Performance</h2> {@link #lookupBatch} allocates nothing (one map probe, then the classifier).
 * Installs allocate (subtables, growth); removals and expiry scans allocate nothing except when they
 * shrink a subtable.
 */
public final class FlowTable {
    public static final int DEFAULT_FLOW_LIMIT = 200_000;

    private final LongObjectMap<Classifier> ports = new LongObjectMap<>();
    private final LongObjectMap<Megaflow> byId = new LongObjectMap<>();
    private int flowLimit;

    public FlowTable() {
        this(DEFAULT_FLOW_LIMIT);
    }

    public FlowTable(int flowLimit) {
        setFlowLimit(flowLimit);
    }

    /** Sets the hard limit on the number of flows; existing flows above it are kept. */
    public void setFlowLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("flow limit must be >= 0: " + limit);
        }
        this.flowLimit = limit;
    }

    public int flowLimit() {
        return flowLimit;
    }

    /** Installed megaflows, all ports (dead ones count until removed). */
    public int flowCount() {
        return byId.size();
    }

    /** The classifier of {@code inPort}, or {@code null} when none was created. */
    public Classifier classifier(int inPort) {
        return ports.get(inPort);
    }

    // ---- fast path ----

    /**
     * Classifies the packets whose bit is set in {@code missMask} (first {@code count} packets; key i at
     * {@code keys[i * KEY_WORDS]}), all received on {@code inPort}. Hits go to {@code out[i]}.
     *
     * @return the bits of the packets that found no megaflow (upcall candidates)
     */
    public int lookupBatch(int inPort, long[] keys, int count, int missMask, Megaflow[] out) {
        final Classifier c = ports.get(inPort);
        if (c == null) {
            return count >= Integer.SIZE ? missMask : missMask & ((1 << count) - 1);
        }
        return c.lookupBatch(keys, count, missMask, out);
    }

    /** Looks up one key received on {@code inPort} (slow path: the re-check before an upcall installs). */
    public Megaflow lookup(int inPort, long[] key, int base) {
        final Classifier c = ports.get(inPort);
        return c == null ? null : c.lookup(key, base);
    }

    // ---- updates (slow path) ----

    /**
     * Installs {@code f} under {@code inPort}.
     *
     * @return false when the table is full, {@code f} is dead, its id is already installed, or a live
     *         megaflow with the same mask and masked key exists on that port
     */
    public boolean install(int inPort, Megaflow f) {
        if (f.isDead() || byId.get(f.id()) != null || byId.size() >= flowLimit) {
            return false;
        }
        Classifier c = ports.get(inPort);
        if (c == null) {
            c = new Classifier(inPort);
            ports.put(inPort, c);
        }
        final Megaflow existing = c.insert(f);
        if (existing != null) {
            if (!existing.isDead()) {
                return false;
            }
            c.remove(existing);
            unindex(existing);
            c.insert(f);
        }
        byId.put(f.id(), f);
        return true;
    }

    /** Removes {@code f} (and marks it dead); false when it is not installed here. */
    public boolean remove(Megaflow f) {
        if (byId.get(f.id()) != f) {
            return false;
        }
        f.markDead();
        byId.remove(f.id());
        final long inPortMask = f.mask().word(FlowKey.W_IN_PORT) >>> 32;
        if (inPortMask == 0xFFFFFFFFL) {
            final Classifier c = ports.get(FlowKey.inPort(f.maskedKey(), 0));
            if (c != null && c.remove(f)) {
                return true;
            }
        }
        for (int i = 0; i < ports.capacity(); i++) {
            final Classifier c = ports.valueAt(i);
            if (c != null && c.remove(f)) {
                return true;
            }
        }
        throw new IllegalStateException("megaflow " + f.id() + " indexed but in no classifier");
    }

    /** Removes the megaflow with this id (and marks it dead); false when there is none. */
    public boolean removeById(long id) {
        final Megaflow f = byId.get(id);
        return f != null && remove(f);
    }

    /** The installed megaflow with this id, or {@code null}. */
    public Megaflow get(long id) {
        return byId.get(id);
    }

    /**
     * Removes every flow whose last use is more than {@code maxIdleNanos} before {@code nowNanos}, marking
     * it dead (so its EMC entries become misses), and every flow already dead.
     *
     * @return how many flows were removed
     */
    public int expireIdle(long nowNanos, long maxIdleNanos) {
        if (maxIdleNanos < 0) {
            throw new IllegalArgumentException("maxIdleNanos must be >= 0: " + maxIdleNanos);
        }
        return sweep(nowNanos, maxIdleNanos);
    }

    /** Removes every flow marked dead by another thread. @return how many */
    public int removeDead() {
        return sweep(0, -1);
    }

    private int sweep(long nowNanos, long maxIdleNanos) {
        int removed = 0;
        for (int i = 0; i < ports.capacity(); i++) {
            final Classifier c = ports.valueAt(i);
            if (c != null && c.flowCount() != 0) {
                removed += c.removeDeadOrIdle(nowNanos, maxIdleNanos, byId);
            }
        }
        return removed;
    }

    /** Re-sorts every classifier's subtables by recent hits (call about once a second). */
    public void rank() {
        for (int i = 0; i < ports.capacity(); i++) {
            final Classifier c = ports.valueAt(i);
            if (c != null) {
                c.rank();
            }
        }
    }

    /** Removes every flow of {@code inPort} (marking them dead) and its classifier. @return how many */
    public int removePort(int inPort) {
        final Classifier c = ports.remove(inPort);
        if (c == null) {
            return 0;
        }
        final int n = c.flowCount();
        killAll(c);
        return n;
    }

    /** Removes every flow (marking them dead) and every classifier. */
    public void clear() {
        for (int i = 0; i < ports.capacity(); i++) {
            final Classifier c = ports.valueAt(i);
            if (c != null) {
                killAll(c);
            }
        }
        ports.clear();
        byId.clear();
    }

    /** Visits every installed megaflow (slow path: dumps, revalidation). Do not modify the table meanwhile. */
    public void forEach(Consumer<Megaflow> action) {
        for (int i = 0; i < ports.capacity(); i++) {
            final Classifier c = ports.valueAt(i);
            if (c != null) {
                forEachIn(c, action);
            }
        }
    }

    private static void forEachIn(Classifier c, Consumer<Megaflow> action) {
        for (int s = 0; s < c.subtableCount(); s++) {
            final Subtable st = c.subtable(s);
            for (int j = 0; j < st.capacity(); j++) {
                final Megaflow f = st.flowAt(j);
                if (f != null) {
                    action.accept(f);
                }
            }
        }
    }

    private void killAll(Classifier c) {
        for (int s = 0; s < c.subtableCount(); s++) {
            final Subtable st = c.subtable(s);
            for (int j = 0; j < st.capacity(); j++) {
                final Megaflow f = st.flowAt(j);
                if (f != null) {
                    f.markDead();
                    unindex(f);
                }
            }
        }
    }

    private void unindex(Megaflow f) {
        if (byId.get(f.id()) == f) {
            byId.remove(f.id());
        }
    }
}
