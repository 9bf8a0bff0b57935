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
 * <h2>Performance</h2> One acquire load of the table per group. When the flow's mask fixes every hash input
 * ({@link BondHash#fixedBy}) the group is hashed and counted once. Otherwise, per packet: the parser's packet
 * hash (balance-tcp: no hashing here under basis 0, one multiply under another), one table load, one counter
 * update, and its member index into a bit plane (see {@code l4Planes}). Packets are gathered into one bitmask
 * per member — across all the batch's groups, not per group — and {@link #flush} hands each mask to its member
 * once per batch ({@code OutputSink.outputLast}): a member with nothing pending and a {@code MaskedTxQueue}
 * sends its bitmask of the batch in place, so balance-tcp copies no slots at all; otherwise the mask joins the
 * member's tx batch like a plain output. 32 one-packet flows cost a few bulk moves, not 32 port calls.
 * No allocation except the bond's 2 KiB counter block the first time this PMD sends to that bond (and a
 * gather array the first time a bond of more than 8 members is seen).
 *
 * <h2>Thread-safety</h2> PMD-owned.
 */
public final class BondOutput {
    /** Distinct bond tables gathered in one batch before an early flush. */
    private static final int MAX_TABLES = 8;
    /** Members a gather set holds before it must grow (plus one mask for dropping buckets). */
    private static final int PREALLOCATED_MEMBERS = 8;

    private final ActionExecutor.OutputSink sink;
    private final long[] drops;
    private final BondTables tables;
    private final BondCounters counters;
    /** The tables gathered into since the last {@link #flush}, and per table a mask per member index. */
    private final BondTable[] gatherTable = new BondTable[MAX_TABLES];
    private final int[][] gatherMask = new int[MAX_TABLES][];
    private int gathered;

    public BondOutput(ActionExecutor.OutputSink sink, long[] drops, BondTables tables, BondCounters counters) {
        this.sink = sink;
        this.drops = drops;
        this.tables = tables;
        this.counters = counters;
        for (int r = 0; r < MAX_TABLES; r++) {
            gatherMask[r] = new int[PREALLOCATED_MEMBERS + 1];
        }
    }

    /**
     * Sends the packets of {@code group} to bond {@code bondId}: moves their frames when {@code last}, else
     * sends copies. Moved packets are gathered per member and handed to the ports by {@link #flush}, which the
     * caller runs once after the last group of the batch.
     *
     * @param fixed the {@link BondHash#fixedBy} bits of the group's flow (0: unknown); when the flow fixes every
     *              input of the bond's hash, the group is hashed once
     * @return the packets still owned by the caller: 0 when {@code last}, else {@code group}
     */
    public int execute(PacketBatch b, int group, int bondId, int vlan, boolean last, int fixed) {
        final BondTable t = tables.get(bondId);
        if (t == null) {
            if (last) {
                drop(b, group, DropReason.BOND_NO_MEMBER);
                return 0;
            }
            return group;
        }
        final long[] ctr = counters.block(bondId);
        if (!last) {
            copyAll(b, group, t, ctr, vlan);
            return group;
        }
        final int[] masks = masksFor(b, t);
        final int[] length = b.length;
        final int[] hash = b.hash;
        final boolean l4 = t.isL4();
        final int basis = t.basis();
        if (BondHash.sameForFlow(fixed, l4, vlan)) {
            final int first = Integer.numberOfTrailingZeros(group);
            final int bucket = t.bucketOf(b.keys, first * FlowKey.KEY_WORDS, hash[first], vlan);
            BondCounters.count(ctr, bucket, b.bytesOf(group));
            masks[t.memberIndex(bucket)] |= group;
            return 0;
        }
        if (l4 && t.maxMemberIndex() <= 3) {
            final long planes = l4Planes(hash, length, group, basis, t, ctr);
            final int p0 = (int) planes;
            final int p1 = (int) (planes >>> 32);
            masks[0] |= group & ~p0 & ~p1;
            masks[1] |= group & p0 & ~p1;
            masks[2] |= group & ~p0 & p1;
            masks[3] |= group & p0 & p1;
            return 0;
        }
        gatherEach(b, group, t, ctr, vlan, masks);
        return 0;
    }

    /*
     * The per-packet loops below live in methods of their own, each reached only by the groups that hash per
     * packet: HotSpot judges whether to inline a call from the profile of the method that makes it, relative to
     * that method's invocations. Inside execute, which a PMD serving many one-packet exact flows enters 32 times
     * per batch without reaching a loop, the loops' small callees (hash, counter, member index) were judged
     * "low call site frequency" and left as three calls per packet (every-case harness, session 10: l2 bonds
     * 0.81-0.89 of plain, 0.90-1.03 since); here each call runs at least once per invocation, so they are inlined
     * whatever mix of flows the PMD serves.
     */

    /**
     * balance-tcp over up to 4 members: per packet the bucket from the parser's packet hash, its byte counter,
     * and its member index (0..3; the member count for a dropping bucket) as two bit planes in registers — no
     * read-modify-write of a mask array per packet, no branch on the packet. Slots 0..n-1 (a batch all of one
     * megaflow: NORMAL's case) run as a counted loop, unrolled by the JIT without range checks.
     * BondStageBenchmark: 4.2 -> 2.8 ns/packet against the mask-array loop.
     *
     * @return the low plane (member index bit 0 per slot) in the low 32 bits, the high plane (bit 1) above
     */
    private static long l4Planes(int[] hash, int[] length, int group, int basis, BondTable t, long[] ctr) {
        int p0 = 0;
        int p1 = 0;
        if ((group & (group + 1)) == 0) {
            final int n = Integer.bitCount(group);
            for (int i = 0; i < n; i++) {
                final int bucket = BondHash.l4(hash[i], basis) & BondHash.BUCKET_MASK;
                BondCounters.count(ctr, bucket, length[i]);
                final int k = t.memberIndex(bucket);
                p0 |= (k & 1) << i;
                p1 |= (k >>> 1) << i;
            }
        } else {
            for (int m = group; m != 0; m &= m - 1) {
                final int i = Integer.numberOfTrailingZeros(m);
                final int bucket = BondHash.l4(hash[i], basis) & BondHash.BUCKET_MASK;
                BondCounters.count(ctr, bucket, length[i]);
                final int k = t.memberIndex(bucket);
                p0 |= (k & 1) << i;
                p1 |= (k >>> 1) << i;
            }
        }
        return (p0 & 0xffffffffL) | ((long) p1 << 32);
    }

    /**
     * Other bonds (balance-slb per packet, balance-tcp over more members): per packet the bucket, its byte
     * counter and its member's mask (a dropping bucket has a mask of its own, freed at flush).
     */
    private static void gatherEach(PacketBatch b, int group, BondTable t, long[] ctr, int vlan, int[] masks) {
        final long[] keys = b.keys;
        final int[] hash = b.hash;
        final int[] length = b.length;
        final boolean l4 = t.isL4();
        final int basis = t.basis();
        for (int m = group; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            final int bucket = (l4 ? BondHash.l4(hash[i], basis)
                    : BondHash.l2(keys, i * FlowKey.KEY_WORDS, basis, vlan)) & BondHash.BUCKET_MASK;
            BondCounters.count(ctr, bucket, length[i]);
            masks[t.memberIndex(bucket)] |= 1 << i;
        }
    }

    /** The gather masks for table {@code t} in this batch (a table seen first gets a cleared set). */
    private int[] masksFor(PacketBatch b, BondTable t) {
        int r = 0;
        while (r < gathered && gatherTable[r] != t) {
            r++;
        }
        if (r == gathered) {
            if (r == MAX_TABLES) {                  // more bonds (or republished tables) in one batch: send early
                flush(b);
                r = 0;
            }
            gatherTable[r] = t;
            if (gatherMask[r].length < t.memberCount() + 1) {
                gatherMask[r] = new int[t.memberCount() + 1];       // once per table size, not in steady state
            }
            gathered = r + 1;
        }
        return gatherMask[r];
    }

    /**
     * Hands the packets gathered by {@link #execute} since the last flush to their member ports (lowest slot
     * first per port); packets of dropping buckets, or of a member port the PMD no longer has, are freed and
     * counted. Runs once per batch, after every group's actions, so that a batch of many small flows (one
     * packet each) still reaches each member as one block.
     */
    public void flush(PacketBatch b) {
        final int n = gathered;
        for (int r = 0; r < n; r++) {
            sendGathered(b, gatherTable[r], gatherMask[r]);
            gatherTable[r] = null;
        }
        gathered = 0;
    }

    /**
     * Hands one table's gathered masks to its members and clears them. A method of its own for the reason the
     * per-packet loops are (see above): {@link #flush} runs after every batch, bonded or not, so in its profile
     * the member sends could look too rare to inline.
     */
    private void sendGathered(PacketBatch b, BondTable t, int[] masks) {
        final int members = t.memberCount();
        for (int k = 0; k <= members; k++) {
            final int mask = masks[k];
            if (mask == 0) {
                continue;
            }
            masks[k] = 0;
            if (k == members) {
                drop(b, mask, DropReason.BOND_NO_MEMBER);
            } else if (sink.hasPort(t.member(k))) {
                sink.outputLast(t.member(k), b, mask);
            } else {
                drop(b, mask, DropReason.NO_SUCH_PORT);
            }
        }
    }

    /** Sends a copy of each packet of {@code group} to its member (an earlier output of several). */
    private void copyAll(PacketBatch b, int group, BondTable t, long[] ctr, int vlan) {
        for (int m = group; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            final int bucket = t.bucketOf(b.keys, i * FlowKey.KEY_WORDS, b.hash[i], vlan);
            final int port = t.port(bucket);
            if (port >= 0 && sink.hasPort(port)) {
                BondCounters.count(ctr, bucket, b.length[i]);
                copyOut(b, i, port);
            }
        }
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
        b.freeSlots(group);
        drops[reason.ordinal()] += Integer.bitCount(group);
    }
}
