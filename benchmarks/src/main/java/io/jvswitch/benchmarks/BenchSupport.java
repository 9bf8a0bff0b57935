package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.bond.BondHash;
import io.jvswitch.dataplane.bond.BondTable;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.parse.PacketParser;
import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Shared setup helpers: turning a frame into its flow key as the PMD would see it; bond tables. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** The parsed key of {@code frame} arriving on {@code inPort}. */
    static long[] keyOf(byte[] frame, int inPort) {
        try (FramePool pool = new FramePool(1)) {
            PacketBatch b = new PacketBatch(pool);
            int f = pool.alloc();
            MemorySegment.copy(frame, 0, pool.segment(), ValueLayout.JAVA_BYTE, pool.frameOffset(f) + pool.headroom(),
                    frame.length);
            b.add(f, pool.headroom(), frame.length, inPort);
            PacketParser.parseBatch(b, new long[DropReason.VALUES.length]);
            long[] key = new long[FlowKey.KEY_WORDS];
            System.arraycopy(b.keys, 0, key, 0, FlowKey.KEY_WORDS);
            return key;
        }
    }

    /**
     * Bond tables holding bond 0: an L4 (balance-tcp) table whose buckets go round-robin to ports
     * {@code 2 .. 1 + members}, as after LACP comes up.
     */
    static BondTables roundRobinBond(int members) {
        BondTables tables = new BondTables();
        int[] buckets = new int[BondHash.BUCKETS];
        for (int b = 0; b < buckets.length; b++) {
            buckets[b] = 2 + b % members;
        }
        tables.publish(0, BondTable.of(BondTable.HashKind.L4, 0, buckets));
        return tables;
    }
}
