package io.jvswitch.control.runtime;

/**
 * One PMD's counters at a moment ({@code ovs-appctl dpif-netdev/pmd-stats-show}), with where it runs.
 *
 * @param id            PMD id (its thread is {@code jvswitch-pmd<id>})
 * @param core          the configured core
 * @param pinning       "pinned to core N", "unpinned: reason" or "not started"
 * @param rxQueues      rx queues in its poll list
 * @param rxPackets     packets received
 * @param emcHits       exact-match cache hits
 * @param megaflowHits  megaflow (dpcls) hits
 * @param misses        packets that missed both caches
 * @param upcalls       upcalls that installed a flow
 * @param lostUpcalls   misses dropped over the upcall budget
 * @param txPackets     packets the ports accepted
 * @param drops         packets dropped, all reasons
 * @param iterations    loop iterations
 * @param busyIterations iterations that received packets
 * @param busyNanos     time spent in iterations that received packets
 * @param idleNanos     time spent in empty iterations and idle waits
 */
public record PmdSnapshot(int id, int core, String pinning, int rxQueues, long rxPackets, long emcHits,
                          long megaflowHits, long misses, long upcalls, long lostUpcalls, long txPackets, long drops,
                          long iterations, long busyIterations, long busyNanos, long idleNanos) {
    /** Share of time in busy iterations (0..1), or 0 before any iteration. */
    public double busyShare() {
        long all = busyNanos + idleNanos;
        return all == 0 ? 0 : (double) busyNanos / all;
    }
}
