package io.jvswitch.dataplane.qos;

import io.jvswitch.qos.Meter;

import java.util.Arrays;

/**
 * The datapath's meters by id (OpenFlow meter ids below {@value #MAX_METERS}), run by the {@code METER} action.
 * Copy-on-write like {@link PortQos}: a lookup is a volatile load and an index; a flow that names a meter that
 * does not exist (yet, or any more) passes its packets unmetered, as OVS's datapath does.
 *
 * <h2>Thread-safety</h2> Reads: any thread. Writes: serialised by {@code synchronized}.
 */
public final class MeterTable {
    public static final int MAX_METERS = 65536;

    @SuppressWarnings("unchecked")
    private volatile Locked<Meter>[] meters = new Locked[0];

    /** Sets meter {@code id} (a new meter: fresh buckets and counters); null removes it. */
    public synchronized void set(int id, Meter m) {
        if (id < 0 || id >= MAX_METERS) {
            throw new IllegalArgumentException("meter id " + id + " outside 0.." + (MAX_METERS - 1));
        }
        if (m == null && id >= meters.length) {
            return;
        }
        Locked<Meter>[] n = Arrays.copyOf(meters, Math.max(meters.length, id + 1));
        n[id] = m == null ? null : new Locked<>(m);
        meters = n;
    }

    /** Meter {@code id}, or null. */
    public Locked<Meter> get(int id) {
        final Locked<Meter>[] a = meters;
        return id >= 0 && id < a.length ? a[id] : null;
    }
}
