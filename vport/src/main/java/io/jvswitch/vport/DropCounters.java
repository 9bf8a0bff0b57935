package io.jvswitch.vport;

import io.jvswitch.dataplane.DropReason;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A port's drops by {@link DropReason}, on top of the totals in {@code PortStats}. Any queue of the port may
 * count (atomic adds, no allocation); any thread may read.
 */
public final class DropCounters {
    private final AtomicLongArray counts = new AtomicLongArray(DropReason.VALUES.length);

    public void add(DropReason reason, long packets) {
        counts.getAndAdd(reason.ordinal(), packets);
    }

    public long get(DropReason reason) {
        return counts.get(reason.ordinal());
    }
}
