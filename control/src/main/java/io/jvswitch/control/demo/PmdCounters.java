package io.jvswitch.control.demo;

import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdStats;

import java.util.LinkedHashMap;
import java.util.Map;

/** A snapshot of one PMD's counters (name → value, in {@link PmdStats} order, zero drops left out). */
public record PmdCounters(int pmdId, Map<String, Long> counters) {
    public static PmdCounters of(Pmd pmd) {
        Map<String, Long> m = new LinkedHashMap<>();
        PmdStats s = pmd.stats();
        for (int c = 0; c < PmdStats.SIZE; c++) {
            String name = PmdStats.name(c);
            long v = s.get(c);
            if (v != 0 || !name.startsWith("drop_")) {
                m.put(name, v);
            }
        }
        return new PmdCounters(pmd.id(), m);
    }

    public long get(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
