package io.jvswitch.dataplane.qos;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Function;

/**
 * A single-threaded QoS object (policer, meter) shared by the PMDs, behind a spin lock held for one batch —
 * as OVS guards its DPDK policers ({@code rte_spinlock}) and meters. Uncontended, the lock is one CAS and one
 * release store per batch; contended, the waiter spins for about one batch's policing (tens of ns).
 *
 * <p>Immutable binding: a new policy is a new {@code Locked} published in {@link PortQos} / {@link MeterTable};
 * a PMD that still holds the old one finishes its batch with it.
 */
public final class Locked<T> {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Locked.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final T value;
    @SuppressWarnings("unused")            // through STATE
    private volatile int state;

    public Locked(T value) {
        this.value = java.util.Objects.requireNonNull(value, "value");
    }

    /** Takes the lock (spinning) and returns the guarded object; pair with {@link #unlock()}. */
    public T lock() {
        while (!STATE.compareAndSet(this, 0, 1)) {
            Thread.onSpinWait();
        }
        return value;
    }

    public void unlock() {
        STATE.setRelease(this, 0);
    }

    /** Runs {@code f} on the object under the lock (control plane: counters for {@code qos/show}). */
    public <R> R read(Function<T, R> f) {
        T v = lock();
        try {
            return f.apply(v);
        } finally {
            unlock();
        }
    }

    /** The guarded object, for identity checks only (never use it without the lock). */
    public T unguarded() {
        return value;
    }
}
