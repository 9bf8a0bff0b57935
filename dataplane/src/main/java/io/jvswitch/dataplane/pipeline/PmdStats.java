package io.jvswitch.dataplane.pipeline;

import io.jvswitch.dataplane.DropReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Per-PMD counters, in the vocabulary of {@code ovs-appctl dpif-netdev/pmd-stats-show}: packets received,
 * hits per cache level, misses (upcalls), lost upcalls, drops by {@link DropReason}.
 *
 * <h2>Thread-safety</h2> Written only by the owning PMD (once per batch, opaque stores of plain sums);
 * readable from any thread with opaque loads (never torn, eventually fresh).
 */
public final class PmdStats {
    public static final int RX_PACKETS = 0;
    public static final int EMC_HITS = 1;
    public static final int MEGAFLOW_HITS = 2;
    /** Packets that missed every cache (each one an upcall, or a lost upcall). */
    public static final int MISSES = 3;
    /** Upcalls that installed a flow. */
    public static final int UPCALLS = 4;
    public static final int LOST_UPCALLS = 5;
    /** Misses resolved by a flow another miss of the same batch had just installed. */
    public static final int UPCALL_REUSED = 6;
    public static final int TX_PACKETS = 7;
    public static final int ITERATIONS = 8;
    public static final int BUSY_ITERATIONS = 9;
    public static final int FLOWS_EXPIRED = 10;
    public static final int UPCALL_NANOS = 11;
    public static final int RXQ_BACKOFF_SKIPS = 12;
    /** Nanoseconds of iterations that received packets (the time up to the next iteration's start). */
    public static final int BUSY_NANOS = 13;
    /** Nanoseconds of iterations that found nothing, idle-strategy waits included. */
    public static final int IDLE_NANOS = 14;
    /** Packets copied to the slow-path queue (slow-path upcall verdicts and slow-path actions). */
    public static final int SLOW_PATH_PACKETS = 15;
    /** Frames the control plane had this PMD transmit ({@code Pmd.packetOut}). */
    public static final int PACKET_OUTS = 16;
    private static final int DROP_BASE = 17;
    public static final int SIZE = DROP_BASE + DropReason.VALUES.length;

    private static final String[] NAMES = {
        "rx_packets", "emc_hits", "megaflow_hits", "misses", "upcalls", "lost_upcalls", "upcall_reused",
        "tx_packets", "iterations", "busy_iterations", "flows_expired", "upcall_nanos", "rxq_backoff_skips",
        "busy_nanos", "idle_nanos", "slow_path_packets", "packet_outs",
    };

    private static final VarHandle AT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] c = new long[SIZE];

    /** Adds to a counter. Owner thread only. */
    public void add(int counter, long n) {
        AT.setOpaque(c, counter, c[counter] + n);
    }

    public void addDrop(DropReason r, long n) {
        add(DROP_BASE + r.ordinal(), n);
    }

    /** Adds an array of per-reason drop counts (indexed by ordinal) and zeroes it. Owner thread only. */
    public void addDrops(long[] byReason) {
        for (int r = 0; r < byReason.length; r++) {
            if (byReason[r] != 0) {
                add(DROP_BASE + r, byReason[r]);
                byReason[r] = 0;
            }
        }
    }

    public long get(int counter) {
        return (long) AT.getOpaque(c, counter);
    }

    public long drops(DropReason r) {
        return get(DROP_BASE + r.ordinal());
    }

    public long totalDrops() {
        long s = 0;
        for (DropReason r : DropReason.VALUES) {
            s += drops(r);
        }
        return s;
    }

    public static String name(int counter) {
        return counter < DROP_BASE ? NAMES[counter]
                : "drop_" + DropReason.VALUES[counter - DROP_BASE].name().toLowerCase(java.util.Locale.ROOT);
    }
}
