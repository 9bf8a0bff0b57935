package io.jvswitch.control.appctl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * {@code ovs-appctl coverage/show} over our own event counters, in OVS 3.1's text ({@code lib/coverage.c
 * coverage_read}): {@code Event coverage, avg rate over last: 5 seconds, last minute, last hour,  hash=%08x:},
 * then for every counter that is not zero {@code "%-24s %5.1f/sec %9.3f/sec %13.4f/sec   total: %llu"}, then
 * {@code N events never hit}. Rates come from totals sampled every 5 s ({@link #sample()}, called by the owner's
 * timer, like OVS's {@code coverage_run}): the last interval, the last 12 and the last 720 intervals, over 5, 60
 * and 3600 seconds. The hash identifies the set of counters that were hit (OVS uses it to skip logging a set
 * already logged); ours is a CRC-32 of their names.
 */
public final class Coverage {
    static final int INTERVAL_SECONDS = 5;
    private static final int HOUR_SAMPLES = 3600 / INTERVAL_SECONDS;
    private final Supplier<Map<String, Long>> counters;
    private final Deque<Map<String, Long>> samples = new ArrayDeque<>();

    public Coverage(Supplier<Map<String, Long>> counters) {
        this.counters = counters;
    }

    /** Records the totals now (every {@value #INTERVAL_SECONDS} s). */
    public synchronized void sample() {
        samples.addFirst(Map.copyOf(counters.get()));
        while (samples.size() > HOUR_SAMPLES + 1) {
            samples.removeLast();
        }
    }

    public synchronized String show() {
        Map<String, Long> now = counters.get();
        CRC32 crc = new CRC32();
        StringBuilder rows = new StringBuilder();
        int never = 0;
        for (Map.Entry<String, Long> e : now.entrySet()) {
            long total = e.getValue();
            if (total == 0) {
                never++;
                continue;
            }
            crc.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            rows.append(String.format(Locale.ROOT, "%-24s %5.1f/sec %9.3f/sec %13.4f/sec   total: %d%n", e.getKey(),
                    delta(e.getKey(), 1) / (double) INTERVAL_SECONDS, delta(e.getKey(), 12) / 60.0,
                    delta(e.getKey(), HOUR_SAMPLES) / 3600.0, total));
        }
        return String.format(Locale.ROOT, "Event coverage, avg rate over last: %d seconds, last minute, last hour,  "
                + "hash=%08x:%n", INTERVAL_SECONDS, crc.getValue()) + rows + never + " events never hit\n";
    }

    /** Growth of a counter over the last {@code intervals} sampled intervals (fewer when younger). */
    private long delta(String name, int intervals) {
        if (samples.size() < 2) {
            return 0;
        }
        long latest = samples.getFirst().getOrDefault(name, 0L);
        int i = 0;
        long older = latest;
        for (Map<String, Long> s : samples) {
            older = s.getOrDefault(name, 0L);
            if (i++ == intervals) {
                break;
            }
        }
        return latest - older;
    }
}
