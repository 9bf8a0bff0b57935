package io.jvswitch.dataplane.pipeline;

/**
 * Settings of one PMD. Defaults follow OVS where OVS has the knob.
 *
 * @param emcEntries            exact-match cache size (power of two; OVS: 8192)
 * @param emcInsertInvProb      insert into the EMC with probability 1/N (OVS {@code emc-insert-inv-prob},
 *                              default 100; 1 = always, 0 = EMC off)
 * @param maxUpcallsPerBatch    at most this many upcalls per received batch; further misses are lost upcalls
 * @param upcallTimeShare       while other rx queues of this PMD carry established traffic, upcalls may use at
 *                              most this share of the PMD's time per window; further misses are lost upcalls
 * @param upcallWindowNanos     the accounting window of {@code upcallTimeShare}
 * @param stormBackoffMax       once the window's upcall budget is spent, an rx queue whose last batch was mostly
 *                              misses is not polled, for at most this many iterations in a row (0 = never skip)
 * @param maxIdleNanos          megaflows unused this long are removed (OVS {@code max-idle}, 10 s)
 * @param housekeepingNanos     how often the PMD ranks subtables and expires idle flows
 * @param flowLimit             maximum megaflows per PMD (OVS's flow limit is 200 000 by default)
 */
public record PmdConfig(int emcEntries, int emcInsertInvProb, int maxUpcallsPerBatch, double upcallTimeShare,
                        long upcallWindowNanos, int stormBackoffMax, long maxIdleNanos, long housekeepingNanos,
                        int flowLimit) {
    public PmdConfig {
        if (Integer.bitCount(emcEntries) != 1) {
            throw new IllegalArgumentException("emcEntries must be a power of two: " + emcEntries);
        }
        if (emcInsertInvProb < 0 || maxUpcallsPerBatch < 0 || stormBackoffMax < 0 || flowLimit <= 0) {
            throw new IllegalArgumentException("negative PMD setting");
        }
        if (!(upcallTimeShare > 0 && upcallTimeShare <= 1.0)) {
            throw new IllegalArgumentException("upcallTimeShare must be in (0, 1]: " + upcallTimeShare);
        }
    }

    public static PmdConfig defaults() {
        return new PmdConfig(8192, 100, 32, 0.02, 1_000_000L, 64, 10_000_000_000L, 100_000_000L, 200_000);
    }

    public PmdConfig withEmcInsertInvProb(int n) {
        return new PmdConfig(emcEntries, n, maxUpcallsPerBatch, upcallTimeShare, upcallWindowNanos, stormBackoffMax,
                maxIdleNanos, housekeepingNanos, flowLimit);
    }

    public PmdConfig withMaxUpcallsPerBatch(int n) {
        return new PmdConfig(emcEntries, emcInsertInvProb, n, upcallTimeShare, upcallWindowNanos, stormBackoffMax,
                maxIdleNanos, housekeepingNanos, flowLimit);
    }

    public PmdConfig withUpcallTimeShare(double share) {
        return new PmdConfig(emcEntries, emcInsertInvProb, maxUpcallsPerBatch, share, upcallWindowNanos,
                stormBackoffMax, maxIdleNanos, housekeepingNanos, flowLimit);
    }

    public PmdConfig withStormBackoffMax(int n) {
        return new PmdConfig(emcEntries, emcInsertInvProb, maxUpcallsPerBatch, upcallTimeShare, upcallWindowNanos, n,
                maxIdleNanos, housekeepingNanos, flowLimit);
    }

    public PmdConfig withMaxIdleNanos(long n) {
        return new PmdConfig(emcEntries, emcInsertInvProb, maxUpcallsPerBatch, upcallTimeShare, upcallWindowNanos,
                stormBackoffMax, n, housekeepingNanos, flowLimit);
    }

    public PmdConfig withFlowLimit(int n) {
        return new PmdConfig(emcEntries, emcInsertInvProb, maxUpcallsPerBatch, upcallTimeShare, upcallWindowNanos,
                stormBackoffMax, maxIdleNanos, housekeepingNanos, n);
    }
}
