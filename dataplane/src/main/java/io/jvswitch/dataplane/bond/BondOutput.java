package io.jvswitch.dataplane.bond;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.action.ActionExecutor;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.flowcache.FlowKey;

import java.lang.foreign.MemorySegment;

/**
 * Executes the bond output action ({@code Actions.BOND_OUTPUT}, OVS {@code lb_output}) over one flow's group of
 * packets: per packet, hash its parsed key ({@link BondHash}), look its bucket up in the bond's current
 * {@link BondTable}, count it in this PMD's {@link BondCounters}, and send it to the bucket's member port.
 *
 * <h2>Design: hash in the action, not in the megaflow mask</h2>
 * OVS's balance-tcp either recirculates ({@code hash(l4(0)),recirc(id)}: a second classifier lookup per packet
 * against 256 {@code dp_hash} rules) or, with {@code lb-output-action}, hashes inside one action. We do the
 * latter, always: the hash reads the packet's own key, already in the batch, so the megaflow that outputs to
 * a bond needs to match only what the translation itself looked at (no nw_src/dst, proto or ports for
 * balance-tcp; balance-slb's source MAC is matched by NORMAL's learning anyway) — one megaflow and one EMC
 * entry serve every 5-tuple, and a new TCP connection on a known path is an EMC/megaflow hit, not an upcall.
 * The table is read when the action runs, so a republished table (failover, rebalance) applies from the next
 * batch to flows already installed; no revalidation is needed for it.
 *
 * <h2>Performance</h2> One acquire load of the table per group; per packet one hash (about 1 ns for L4), one
 * table load, two counter stores. Packets are gathered into one bitmask per member port, and each mask goes to
 * {@code outputAll} (the same bulk path as a plain output), so one flow's 32 packets still move as a block.
 * No allocation except the bond's 4 KiB counter block the first time this PMD sends to that bond.
 *
 * <h2>Thread-safety</h2> PMD-owned.
 */
public final class BondOutput {
    private static final int MAX_GATHER = 8;

    private final ActionExecutor.OutputSink sink;
    private final long[] drops;
    private final BondTables tables;
    private final BondCounters counters;
    private final int[] gatherPort = new int[MAX_GATHER];
    private final int[] gatherMask = new int[MAX_GATHER];

    public BondOutput(ActionExecutor.OutputSink sink, long[] drops, BondTables tables, BondCounters counters) {
        this.sink = sink;
        this.drops = drops;
        this.tables = tables;
        this.counters = counters;
    }

    /**
     * Sends the packets of {@code group} to bond {@code bondId}: moves their frames when {@code last}, else
     * sends copies.
     *
     * @return the packets still owned by the caller: 0 when {@code last}, else {@code group}
     */
    public int execute(PacketBatch b, int group, int bondId, int vlan, boolean last) {
        final BondTable t = tables.get(bondId);
        if (t == null) {
            if (last) {
                drop(b, group, DropReason.BOND_NO_MEMBER);
                return 0;
            }
            return group;
        }
        final long[] ctr = counters.block(bondId);
        final long[] keys = b.keys;
        final int[] length = b.length;
        final boolean l4 = t.isL4();
        final int basis = t.basis();
        final int[] gp = gatherPort;
        final int[] gm = gatherMask;
        int n = 0;
        for (int m = group; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            final int base = i * FlowKey.KEY_WORDS;
            final int h = l4 ? BondHash.l4(keys, base, basis, vlan) : BondHash.l2(keys, base, basis, vlan);
            final int bucket = h & BondHash.BUCKET_MASK;
            final int port = t.port(bucket);
            if (port < 0 || !sink.hasPort(port)) {
                if (last) {
                    b.pool().free(b.frame[i]);
                    drops[(port < 0 ? DropReason.BOND_NO_MEMBER : DropReason.NO_SUCH_PORT).ordinal()]++;
                }
                continue;
            }
            BondCounters.count(ctr, bucket, length[i]);
            if (!last) {
                copyOut(b, i, port);
                continue;
            }
            int k = 0;
            while (k < n && gp[k] != port) {
                k++;
            }
            if (k == n) {
                if (n == MAX_GATHER) {              // more members than gather slots: send directly
                    sink.output(port, b, i);
                    continue;
                }
                gp[n] = port;
                gm[n++] = 0;
            }
            gm[k] |= 1 << i;
        }
        for (int k = 0; k < n; k++) {
            sink.outputAll(gp[k], b, gm[k]);
        }
        return last ? 0 : group;
    }

    private void copyOut(PacketBatch b, int i, int port) {
        final FramePool pool = b.pool();
        final int f = pool.alloc();
        if (f < 0) {
            drops[DropReason.POOL_EXHAUSTED.ordinal()]++;
            return;
        }
        final MemorySegment seg = pool.segment();
        final int off = pool.headroom();
        MemorySegment.copy(seg, b.dataAddress(i), seg, pool.frameOffset(f) + off, b.length[i]);
        sink.outputFrame(port, f, off, b.length[i], b.inPort[i]);
    }

    private void drop(PacketBatch b, int group, DropReason reason) {
        final FramePool pool = b.pool();
        for (int m = group; m != 0; m &= m - 1) {
            pool.free(b.frame[Integer.numberOfTrailingZeros(m)]);
            drops[reason.ordinal()]++;
        }
    }
}
