package io.jvswitch.dataplane.port;

import io.jvswitch.dataplane.packet.PacketBatch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A tx queue shared by several PMDs: each {@link #transmit} runs the wrapped queue's under a spin lock, so a port
 * with fewer tx queues than PMDs is safe whatever its own implementation assumes (OVS: {@code XPS} with
 * {@code tx_lock} when {@code n_txq < n_pmds}).
 *
 * <h2>Design</h2> One instance per (port, tx queue), shared by every PMD that uses that queue; the runtime wraps
 * a queue only when more than one PMD maps to it. The lock is one compare-and-set per batch (up to 32 packets)
 * when uncontended; a waiter spins with {@link Thread#onSpinWait()} (the holder is another busy PMD inside one
 * transmit call, microseconds at most). Frames go back to the pool of the batch, i.e. of the transmitting PMD.
 *
 * <p>{@link #wrap} keeps a {@link MaskedTxQueue} masked, so a bond member whose queue is shared still sends its
 * bitmask of a batch in place ({@code OutputPorts.sendAll}) instead of copying it into a batch of its own.
 *
 * <h2>Thread-safety</h2> Any number of PMD threads. {@link #contended()} from any thread.
 *
 * <h2>Performance</h2> No allocation; the release store orders the wrapped queue's writes before the next owner.
 */
public sealed class LockedTxQueue implements TxQueue permits LockedTxQueue.Masked {
    private static final VarHandle LOCK;
    private static final VarHandle CONTENDED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LOCK = l.findVarHandle(LockedTxQueue.class, "lock", int.class);
            CONTENDED = l.findVarHandle(LockedTxQueue.class, "contended", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TxQueue inner;
    @SuppressWarnings("unused")
    private volatile int lock;
    private long contended;

    /** Wraps {@code inner} as it is (whole batches only); callers outside this package use {@link #wrap}. */
    LockedTxQueue(TxQueue inner) {
        this.inner = java.util.Objects.requireNonNull(inner, "inner");
    }

    /**
     * Wraps {@code inner}, keeping what it can do: a {@link MaskedTxQueue} stays one (its in-place sends of a
     * bitmask of a batch, which bond members use, run under the same lock), any other queue is wrapped as is.
     */
    public static LockedTxQueue wrap(TxQueue inner) {
        return inner instanceof MaskedTxQueue m ? new Masked(m) : new LockedTxQueue(inner);
    }

    /** The wrapped queue. */
    public TxQueue inner() {
        return inner;
    }

    @Override
    public int transmit(PacketBatch batch) {
        acquire();
        try {
            return inner.transmit(batch);
        } finally {
            release();
        }
    }

    /** Takes the lock, spinning while another PMD holds it (and counting that it had to). */
    final void acquire() {
        if (LOCK.weakCompareAndSetAcquire(this, 0, 1)) {
            return;
        }
        do {
            Thread.onSpinWait();
        } while (!LOCK.weakCompareAndSetAcquire(this, 0, 1));
        CONTENDED.setOpaque(this, contended + 1);       // under the lock: one writer at a time
    }

    final void release() {
        LOCK.setRelease(this, 0);
    }

    /** How many transmits had to wait for another PMD. */
    public long contended() {
        return (long) CONTENDED.getOpaque(this);
    }

    /** The wrapper of a {@link MaskedTxQueue}: both kinds of transmit under the one lock. */
    static final class Masked extends LockedTxQueue implements MaskedTxQueue {
        private final MaskedTxQueue masked;

        Masked(MaskedTxQueue inner) {
            super(inner);
            this.masked = inner;
        }

        @Override
        public int transmit(PacketBatch batch, int mask) {
            acquire();
            try {
                return masked.transmit(batch, mask);
            } finally {
                release();
            }
        }
    }
}
