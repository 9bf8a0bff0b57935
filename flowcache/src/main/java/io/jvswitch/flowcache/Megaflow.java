package io.jvswitch.flowcache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One installed megaflow: a masked key, its mask, the datapath action list and statistics.
 *
 * <h2>Thread-safety</h2> Owned by one PMD, which alone calls {@link #recordHit}. Other threads read the
 * statistics with {@link #packets()} etc. (opaque reads: eventually fresh, never torn), replace the actions
 * with {@link #setActions} (release store; the PMD picks the new list up at its next batch), and mark the
 * flow dead with {@link #markDead()} (the PMD then stops using it and removes it from its caches).
 */
public final class Megaflow {
    private static final VarHandle PACKETS;
    private static final VarHandle BYTES;
    private static final VarHandle USED;
    private static final VarHandle FLAGS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PACKETS = l.findVarHandle(Megaflow.class, "packets", long.class);
            BYTES = l.findVarHandle(Megaflow.class, "bytes", long.class);
            USED = l.findVarHandle(Megaflow.class, "lastUsedNanos", long.class);
            FLAGS = l.findVarHandle(Megaflow.class, "tcpFlags", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final long[] maskedKey;
    private final FlowMask mask;
    private final int maskedHash;
    private volatile int[] actions;
    private volatile boolean dead;

    private long packets;
    private long bytes;
    private long lastUsedNanos;
    private int tcpFlags;
    private final long createdNanos;
    /** PMD scratch: this flow's group in the batch being executed (OVS's {@code flow->batch}); a hint only. */
    private int batchSlot;
    private int executionHints;

    /**
     * @param id          a unique id (the control side's handle, like OVS's ufid)
     * @param key         a key in {@link FlowKey} layout; it is masked and copied
     * @param mask        the wildcard mask
     * @param actions     the encoded action list (owned by the flow from now on)
     * @param nowNanos    creation time, the start of idle accounting
     */
    public Megaflow(long id, long[] key, int keyBase, FlowMask mask, int[] actions, long nowNanos) {
        this.id = id;
        this.mask = mask;
        this.maskedKey = new long[FlowKey.KEY_WORDS];
        mask.apply(key, keyBase, maskedKey, 0);
        this.maskedHash = FlowHash.hashOfMaskedKey(maskedKey, 0, mask);
        this.actions = actions;
        this.createdNanos = nowNanos;
        this.lastUsedNanos = nowNanos;
    }

    public long id() {
        return id;
    }

    /** The masked key; callers must not modify it. */
    public long[] maskedKey() {
        return maskedKey;
    }

    public FlowMask mask() {
        return mask;
    }

    /** {@link FlowHash#hashOfMaskedKey} of the masked key, the classifier's bucket hash. */
    public int maskedHash() {
        return maskedHash;
    }

    public int[] actions() {
        return actions;
    }

    /** Replaces the action list (revalidation); the PMD sees it at its next batch. */
    public void setActions(int[] newActions) {
        this.actions = newActions;
    }

    public boolean isDead() {
        return dead;
    }

    public void markDead() {
        this.dead = true;
    }

    /** True when {@code key} (unmasked) falls under this megaflow. */
    public boolean matches(long[] key, int base) {
        return mask.matches(key, base, maskedKey, 0);
    }

    /** Records a group of hits. Owner thread only. */
    public void recordHit(int nPackets, long nBytes, long nowNanos, int flags) {
        PACKETS.setOpaque(this, packets + nPackets);
        BYTES.setOpaque(this, bytes + nBytes);
        USED.setOpaque(this, nowNanos);
        if ((tcpFlags | flags) != tcpFlags) {
            FLAGS.setOpaque(this, tcpFlags | flags);
        }
    }

    public long packets() {
        return (long) PACKETS.getOpaque(this);
    }

    public long bytes() {
        return (long) BYTES.getOpaque(this);
    }

    public long lastUsedNanos() {
        return (long) USED.getOpaque(this);
    }

    public int tcpFlags() {
        return (int) FLAGS.getOpaque(this);
    }

    /**
     * The PMD's per-batch grouping hint: the group index last given to this flow. A hint only: the PMD
     * checks that its group {@code batchSlot()} really holds this flow before using it, so a stale value
     * (from an earlier batch, or another PMD sharing the flow) costs a new group, never a wrong one.
     */
    public int batchSlot() {
        return batchSlot;
    }

    public void setBatchSlot(int slot) {
        this.batchSlot = slot;
    }

    /**
     * What the executing datapath derived once from this flow's mask and cached here (for example, which
     * hash inputs the flow fixes); 0 until {@link #setExecutionHints} — the datapath's own encoding, never 0
     * once set. Derived from the immutable mask only, so a racing write stores the same value.
     */
    public int executionHints() {
        return executionHints;
    }

    public void setExecutionHints(int hints) {
        this.executionHints = hints;
    }

    public long createdNanos() {
        return createdNanos;
    }
}
