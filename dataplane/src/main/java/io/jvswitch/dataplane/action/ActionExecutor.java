package io.jvswitch.dataplane.action;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.bond.BondCounters;
import io.jvswitch.dataplane.bond.BondHash;
import io.jvswitch.dataplane.bond.BondOutput;
import io.jvswitch.dataplane.bond.BondTables;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.qos.Locked;
import io.jvswitch.dataplane.qos.MeterTable;
import io.jvswitch.dataplane.slowpath.SlowPathQueue;
import io.jvswitch.flowcache.Megaflow;
import io.jvswitch.qos.Meter;

import java.lang.foreign.MemorySegment;

/**
 * Executes one flow's action list over the group of packets of a batch that hit that flow
 * (OVS: {@code packet_batch_per_flow_execute}). Each instruction is one loop over the group's bitmask, so a
 * header rewrite for 20 packets of one flow is a tight loop, and outputs move frames into per-port tx batches.
 *
 * <h2>Frame ownership</h2> Every packet of the group leaves {@link #execute} either moved to an output (the last
 * output of the list takes the original frame, earlier outputs take copies) or freed and counted as a drop.
 * A bond output that takes the frame gathers it and hands it to the member port at {@link #endBatch}, which the
 * caller runs once after the batch's last group.
 *
 * <h2>Thread-safety</h2> PMD-owned. <h2>Performance</h2> No allocation; unknown opcodes drop, never throw.
 */
public final class ActionExecutor {
    /** Where outputs go: implemented by the PMD's output port table. */
    public interface OutputSink {
        boolean hasPort(int portNo);

        /** Moves packet {@code i} of {@code batch} (its frame) to the port's tx batch. */
        void output(int portNo, PacketBatch batch, int i);

        /** Moves every packet of {@code group} (a bitmask over {@code batch}), lowest slot first. */
        default void outputAll(int portNo, PacketBatch batch, int group) {
            for (int m = group; m != 0; m &= m - 1) {
                output(portNo, batch, Integer.numberOfTrailingZeros(m));
            }
        }

        /**
         * {@link #outputAll}, for the last packets of {@code batch} that go to the port (a bond's gathered member
         * mask): the port may send them at once, in place, instead of queueing copies of their slots.
         */
        default void outputLast(int portNo, PacketBatch batch, int group) {
            outputAll(portNo, batch, group);
        }

        /** Queues a frame that is already filled (a copy) to the port. */
        void outputFrame(int portNo, int frame, int offset, int length, int inPort);
    }

    private final OutputSink sink;
    private final long[] drops;
    private final BondOutput bonds;
    private final SlowPathQueue slowPath;
    private final int pmdId;
    private long slowPathPackets;
    private final MeterTable meters;
    /** Lengths of a metered group's packets, in slot order. */
    private final int[] meterLength = new int[PacketBatch.MAX_BURST];
    /** The clock at the start of the PMD iteration (meters refill with it). */
    private long now;

    /**
     * An executor without bonds (bond outputs drop) or slow path (slow-path actions drop).
     *
     * @param sink  the output table
     * @param drops per-{@link DropReason} drop counters, indexed by ordinal, owned by the caller
     */
    public ActionExecutor(OutputSink sink, long[] drops) {
        this(sink, drops, new BondTables(), new BondCounters(), null, -1, new MeterTable());
    }

    /**
     * @param bondTables   the datapath's bond tables (shared, read per flow group)
     * @param bondCounters this PMD's per-bucket counters (owned by the caller's thread)
     * @param slowPath     the datapath's slow-path queue, or null (slow-path actions then drop, counted)
     * @param pmdId        written with each slow-path frame
     * @param meters       the datapath's meters (shared; a missing meter passes packets unmetered)
     */
    public ActionExecutor(OutputSink sink, long[] drops, BondTables bondTables, BondCounters bondCounters,
                          SlowPathQueue slowPath, int pmdId, MeterTable meters) {
        this.meters = meters;
        this.sink = sink;
        this.drops = drops;
        this.bonds = new BondOutput(sink, drops, bondTables, bondCounters);
        this.slowPath = slowPath;
        this.pmdId = pmdId;
    }

    /** Sets the clock reading the meters use until the next call (once per PMD iteration). */
    public void setNow(long nanos) {
        this.now = nanos;
    }

    /** Returns and resets the number of packets queued to the slow path since the last call. Owner thread. */
    public long takeSlowPathPackets() {
        long n = slowPathPackets;
        slowPathPackets = 0;
        return n;
    }

    /** Runs {@code actions} over the packets of {@code batch} selected by {@code group}. */
    public void execute(int[] actions, PacketBatch batch, int group) {
        execute(actions, batch, group, null);
    }

    /**
     * Runs megaflow {@code f}'s actions over its packets in {@code batch} ({@code group}). A bond output learns
     * from the flow's mask whether its packets all hash alike ({@link #bondHashInputsFixed}).
     */
    public void execute(Megaflow f, PacketBatch batch, int group) {
        execute(f.actions(), batch, group, f);
    }

    /**
     * The {@link BondHash#fixedBy} bits of {@code f}'s mask, computed the first time a bond output runs for the
     * flow and cached on it (the mask never changes); 0 (unknown: hash each packet) without a flow.
     */
    private static int bondHashInputsFixed(Megaflow f) {
        if (f == null) {
            return 0;
        }
        int fixed = f.executionHints();
        if (fixed == 0) {
            fixed = BondHash.fixedBy(f.mask(), f.maskedKey());
            f.setExecutionHints(fixed);
        }
        return fixed;
    }

    private void execute(int[] actions, PacketBatch batch, int group, Megaflow flow) {
        int pc = 0;
        final int n = actions.length;
        while (pc < n && group != 0) {
            final int h = actions[pc];
            final int len = Actions.length(h);
            if (len <= 0 || pc + len > n) {
                group = drop(batch, group, DropReason.ACTION_FAILED);
                break;
            }
            final boolean last = pc + len == n;
            switch (Actions.opcode(h)) {
                case Actions.OUTPUT -> group = output(batch, group, actions[pc + 1], last);
                case Actions.DROP -> group = drop(batch, group, DropReason.ACTION_DROP);
                case Actions.PUSH_VLAN -> group = pushVlan(batch, group, actions[pc + 1]);
                case Actions.POP_VLAN -> {
                    for (int m = group; m != 0; m &= m - 1) {
                        HeaderOps.popVlan(batch, Integer.numberOfTrailingZeros(m));
                    }
                }
                case Actions.SET_ETH_SRC -> {
                    for (int m = group; m != 0; m &= m - 1) {
                        HeaderOps.setMac(batch, Integer.numberOfTrailingZeros(m), 6, actions[pc + 1], actions[pc + 2]);
                    }
                }
                case Actions.SET_ETH_DST -> {
                    for (int m = group; m != 0; m &= m - 1) {
                        HeaderOps.setMac(batch, Integer.numberOfTrailingZeros(m), 0, actions[pc + 1], actions[pc + 2]);
                    }
                }
                case Actions.SET_VLAN_VID -> {
                    for (int m = group; m != 0; m &= m - 1) {
                        HeaderOps.setOuterTci(batch, Integer.numberOfTrailingZeros(m), 0x0fff, actions[pc + 1]);
                    }
                }
                case Actions.SET_VLAN_PCP -> {
                    for (int m = group; m != 0; m &= m - 1) {
                        HeaderOps.setOuterTci(batch, Integer.numberOfTrailingZeros(m), 0xe000, actions[pc + 1] << 13);
                    }
                }
                case Actions.BOND_OUTPUT -> group = len < 3 ? drop(batch, group, DropReason.ACTION_FAILED)
                        : bonds.execute(batch, group, actions[pc + 1], actions[pc + 2], last,
                                bondHashInputsFixed(flow));
                case Actions.METER -> group = len < 2 ? drop(batch, group, DropReason.ACTION_FAILED)
                        : meter(batch, group, actions[pc + 1]);
                case Actions.SET_QUEUE -> {
                    batch.queuesSet = true;
                    for (int m = group; m != 0; m &= m - 1) {
                        batch.queue[Integer.numberOfTrailingZeros(m)] = actions[pc + 1];
                    }
                }
                case Actions.SLOW_PATH -> group = len < 2 ? drop(batch, group, DropReason.ACTION_FAILED)
                        : toSlowPath(batch, group, actions[pc + 1], last);
                default -> group = drop(batch, group, DropReason.ACTION_FAILED);
            }
            pc += len;
        }
        if (group != 0) {
            drop(batch, group, DropReason.ACTION_DROP);
        }
    }

    /**
     * Finishes the batch after the last group's {@link #execute}: bond outputs gathered over the batch's groups
     * go to their member ports. Must run before the batch's slots are cleared.
     */
    public void endBatch(PacketBatch batch) {
        bonds.flush(batch);
    }

    /** Runs meter {@code id} over the group; returns the packets it let through (the others freed, counted). */
    private int meter(PacketBatch batch, int group, int id) {
        final Locked<Meter> locked = meters.get(id);
        if (locked == null) {
            return group;
        }
        final int[] len = meterLength;
        int n = 0;
        for (int m = group; m != 0; m &= m - 1) {
            len[n++] = batch.length[Integer.numberOfTrailingZeros(m)];
        }
        final Meter meter = locked.lock();
        final int pass;
        try {
            pass = meter.meter(len, n, now);
        } finally {
            locked.unlock();
        }
        int keep = 0;
        int k = 0;
        for (int m = group; m != 0; m &= m - 1, k++) {
            final int i = Integer.numberOfTrailingZeros(m);
            if ((pass & (1 << k)) != 0) {
                keep |= 1 << i;
            } else {
                batch.pool().free(batch.frame[i]);
                drops[DropReason.METER_DROP.ordinal()]++;
            }
        }
        return keep;
    }

    private int output(PacketBatch batch, int group, int port, boolean last) {
        if (!sink.hasPort(port)) {
            return last ? drop(batch, group, DropReason.NO_SUCH_PORT) : group;
        }
        if (last) {
            sink.outputAll(port, batch, group);
            return 0;
        }
        final FramePool pool = batch.pool();
        final MemorySegment seg = pool.segment();
        for (int m = group; m != 0; m &= m - 1) {
            int i = Integer.numberOfTrailingZeros(m);
            int f = pool.alloc();
            if (f < 0) {
                drops[DropReason.POOL_EXHAUSTED.ordinal()]++;
                continue;
            }
            int off = pool.headroom();
            MemorySegment.copy(seg, batch.dataAddress(i), seg, pool.frameOffset(f) + off, batch.length[i]);
            sink.outputFrame(port, f, off, batch.length[i], batch.inPort[i]);
        }
        return group;
    }

    /** Copies each packet to the slow-path queue; the last action frees the frames (they were delivered). */
    private int toSlowPath(PacketBatch batch, int group, int reason, boolean last) {
        final SlowPathQueue q = slowPath;
        final FramePool pool = batch.pool();
        for (int m = group; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            if (q != null && q.offer(pmdId, batch.inPort[i], reason, pool.segment(), batch.dataAddress(i),
                    batch.length[i])) {
                slowPathPackets++;
            } else {
                drops[DropReason.SLOW_PATH_FULL.ordinal()]++;
            }
            if (last) {
                pool.free(batch.frame[i]);
            }
        }
        return last ? 0 : group;
    }

    private int pushVlan(PacketBatch batch, int group, int tpidTci) {
        for (int m = group; m != 0; m &= m - 1) {
            int i = Integer.numberOfTrailingZeros(m);
            if (!HeaderOps.pushVlan(batch, i, tpidTci)) {
                batch.pool().free(batch.frame[i]);
                drops[DropReason.ACTION_FAILED.ordinal()]++;
                group &= ~(1 << i);
            }
        }
        return group;
    }

    private int drop(PacketBatch batch, int group, DropReason reason) {
        batch.freeSlots(group);
        drops[reason.ordinal()] += Integer.bitCount(group);
        return 0;
    }
}
