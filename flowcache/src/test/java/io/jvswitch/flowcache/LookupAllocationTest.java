package io.jvswitch.flowcache;

import static io.jvswitch.flowcache.TestFlows.KW;
import static io.jvswitch.flowcache.TestFlows.flow;
import static io.jvswitch.flowcache.TestFlows.ip;
import static io.jvswitch.flowcache.TestFlows.ipMask;
import static io.jvswitch.flowcache.TestFlows.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The fast-path rule: EMC and dpcls batch lookups allocate nothing in steady state. */
class LookupAllocationTest {
    private static final int SUBTABLES = 8;

    @Test
    void emcAndClassifierBatchLookupsAllocateZeroBytes() {

        FlowTable table = new FlowTable();
        ExactMatchCache emc = new ExactMatchCache(8192, 1, 5);
        long[] keys = TestFlows.keys(32);
        int[] hashes = new int[32];
        for (int i = 0; i < 32; i++) {
            int s = i % SUBTABLES;
            tcp(keys, i, 1, ip(192, 168, s, i), ip(10, 0, s, i), 1000 + i, 80);
            hashes[i] = FlowHash.hash(keys, i * KW);
            Megaflow f = flow(i, keys, i, ipMask(8 + s, 32, s == 0));
            table.install(1, f);
            if (i < 16) {
                emc.insert(keys, i * KW, hashes[i], f);
            }
        }
        Megaflow[] out = new Megaflow[32];
        Classifier cls = table.classifier(1);

        long sink = 0;
        for (int n = 0; n < 50_000; n++) {
            sink += round(emc, table, cls, keys, hashes, out);
        }
        long[] total = {sink};
        io.jvswitch.flowcache.testing.ZeroAllocation.assertSteadyStateAllocatesNothing("200k lookup rounds", () -> {
            for (int n = 0; n < 200_000; n++) {
                total[0] += round(emc, table, cls, keys, hashes, out);
            }
        });
        assertEquals(0L, total[0]);
    }

    private static int round(ExactMatchCache emc, FlowTable table, Classifier cls, long[] keys, int[] hashes,
                             Megaflow[] out) {
        int miss = emc.lookupBatch(keys, hashes, 32, -1, out);
        int left = table.lookupBatch(1, keys, 32, miss, out);
        left |= cls.lookupBatch(keys, 32, -1, out);
        if (out[31].isDead()) {
            left |= 1;
        }
        table.rank();
        emc.sweep(4);
        return left;
    }
}
