package io.jvswitch.control.ovsdb;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How an {@link OvsdbClient} talks to the server. {@link #defaults()} is what {@code ovs-vswitchd} does: database
 * {@code Open_vSwitch}, lock {@code ovs_vswitchd}, every column of every table of the server's schema except the
 * ones vswitchd omits ({@link MonitorColumns}), reconnect back-off from 1 s doubling to 8 s, an echo probe after
 * 5 s without input (the connection is dropped when another 5 s pass without any).
 *
 * @param database      the database to monitor and write
 * @param lockName      the lock to take; every transaction asserts it
 * @param monitor       table to columns to monitor, or null for the default; tables and columns the server's
 *                      schema lacks are left out (so schemas 8.3 to 8.8 all work)
 * @param minBackoff    first reconnect delay
 * @param maxBackoff    longest reconnect delay
 * @param probeInterval idle time before an echo probe, and its timeout; {@link Duration#ZERO} disables probing
 */
public record OvsdbClientOptions(String database, String lockName, Map<String, Set<String>> monitor,
                                 Duration minBackoff, Duration maxBackoff, Duration probeInterval) {
    public OvsdbClientOptions {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(lockName, "lockName");
        if (monitor != null) {
            Map<String, Set<String>> copy = new LinkedHashMap<>();
            monitor.forEach((table, columns) -> copy.put(table, Set.copyOf(columns)));
            monitor = Collections.unmodifiableMap(copy);
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff: " + minBackoff + ", "
                    + maxBackoff);
        }
        if (probeInterval.isNegative()) throw new IllegalArgumentException("negative probe interval");
    }

    public static OvsdbClientOptions defaults() {
        return new OvsdbClientOptions("Open_vSwitch", "ovs_vswitchd", null, Duration.ofSeconds(1),
                Duration.ofSeconds(8), Duration.ofSeconds(5));
    }

    public OvsdbClientOptions withLockName(String name) {
        return new OvsdbClientOptions(database, name, monitor, minBackoff, maxBackoff, probeInterval);
    }

    public OvsdbClientOptions withMonitor(Map<String, Set<String>> tables) {
        return new OvsdbClientOptions(database, lockName, tables, minBackoff, maxBackoff, probeInterval);
    }

    public OvsdbClientOptions withBackoff(Duration min, Duration max) {
        return new OvsdbClientOptions(database, lockName, monitor, min, max, probeInterval);
    }

    public OvsdbClientOptions withProbeInterval(Duration interval) {
        return new OvsdbClientOptions(database, lockName, monitor, minBackoff, maxBackoff, interval);
    }
}
