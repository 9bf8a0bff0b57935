package io.jvswitch.dataplane.pipeline;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.MaskedTxQueue;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.dataplane.qos.BatchPolicing;
import io.jvswitch.dataplane.qos.Locked;
import io.jvswitch.dataplane.qos.PortQos;
import io.jvswitch.qos.EgressPolicer;

/**
 * A PMD's view of the ports it may transmit to: per port number, the tx queue this PMD uses and a tx batch
 * that collects packets during an iteration. Batches are flushed when full and once at the end of every
 * iteration (OVS: {@code dp_netdev_pmd_flush_output_packets}). A bond member's share of a received batch
 * ({@link #sendAll}) goes out at once and in place when the port has nothing pending and can send a bitmask of
 * another batch ({@link MaskedTxQueue}; OVS likewise flushes its output batches after each rx batch).
 *
 * <h2>Thread-safety</h2> PMD-owned. Ports are added and removed through the PMD's command queue.
 */
final class OutputPorts {
    private final FramePool pool;
    private TxQueue[] txq = new TxQueue[16];
    /** {@link #txq} where it can send a bitmask of another batch in place, else null. */
    private MaskedTxQueue[] masked = new MaskedTxQueue[16];
    private PacketBatch[] pending = new PacketBatch[16];
    private int[] active = new int[16];
    private int activeCount;
    /** Packets the ports accepted since the last {@link #takeSent()}. */
    private int sent;
    private final PortQos qos;
    private final long[] drops;
    /** The PMD's clock at the start of this iteration (egress policers refill with it). */
    private long now;

    /**
     * @param qos   the datapath's port QoS (egress policies applied before a port takes a batch)
     * @param drops the PMD's drop counters (policed packets counted there)
     */
    OutputPorts(FramePool pool, PortQos qos, long[] drops) {
        this.pool = pool;
        this.qos = qos;
        this.drops = drops;
    }

    void setNow(long nanos) {
        this.now = nanos;
    }

    /** Hands {@code b} to the port, through its egress policy when it has one; returns the packets it took. */
    private int transmit(int portNo, PacketBatch b) {
        final Locked<EgressPolicer> policy = qos.egress(portNo);
        if (policy != null && BatchPolicing.egress(b, policy, now, drops) == 0) {
            return 0;
        }
        return txq[portNo].transmit(b);
    }

    void add(Port port, int pmdIndex) {
        add(port.portNo(), port.txQueue(pmdIndex % port.txQueueCount()));
    }

    /** Makes {@code queue} this PMD's tx queue for port {@code no} (a pending batch goes out on the old one). */
    void add(int no, TxQueue queue) {
        if (no < 0) {
            throw new IllegalArgumentException("negative port number " + no);
        }
        if (no >= txq.length) {
            int n = Math.max(no + 1, txq.length * 2);
            txq = java.util.Arrays.copyOf(txq, n);
            masked = java.util.Arrays.copyOf(masked, n);
            pending = java.util.Arrays.copyOf(pending, n);
            active = java.util.Arrays.copyOf(active, n);
        }
        flush(no);
        txq[no] = java.util.Objects.requireNonNull(queue, "queue");
        masked[no] = queue instanceof MaskedTxQueue m ? m : null;
        if (pending[no] == null) {
            pending[no] = new PacketBatch(pool);
        }
    }

    void remove(int portNo) {
        if (portNo >= 0 && portNo < txq.length && txq[portNo] != null) {
            PacketBatch b = pending[portNo];
            b.freeAll();
            txq[portNo] = null;
            masked[portNo] = null;
            for (int i = 0; i < activeCount; i++) {
                if (active[i] == portNo) {
                    active[i] = active[--activeCount];
                    break;
                }
            }
        }
    }

    boolean has(int portNo) {
        return portNo >= 0 && portNo < txq.length && txq[portNo] != null;
    }

    /**
     * Queues packet slot {@code i} of {@code src} for {@code portNo} (moving its frame), flushing the port's
     * batch when full. The caller has checked {@link #has}.
     */
    void enqueue(int portNo, PacketBatch src, int i) {
        PacketBatch b = pending[portNo];
        if (b.count == 0) {
            active[activeCount++] = portNo;
        }
        if (src.queuesSet && !b.queuesSet) {
            startQueues(b);
        }
        final int j = b.add(src.frame[i], src.dataOffset[i], src.length[i], src.inPort[i]);
        if (b.queuesSet) {
            b.queue[j] = src.queue[i];
        }
        if (b.isFull()) {
            sent += transmit(portNo, b);
            b.clearSlots();
            removeActive(portNo);
        }
    }

    /** {@link #enqueue} of every packet of {@code mask}, lowest slot first, with the port's state hoisted. */
    void enqueueAll(int portNo, PacketBatch src, int mask) {
        final PacketBatch b = pending[portNo];
        if (src.queuesSet && !b.queuesSet) {
            startQueues(b);
        }
        final boolean queues = b.queuesSet;
        int j = b.count;
        if (j == 0 && mask != 0) {
            active[activeCount++] = portNo;
            if ((mask & (mask + 1)) == 0) {                 // slots 0..k-1 into an empty batch: column copies
                final int k = Integer.bitCount(mask);
                System.arraycopy(src.frame, 0, b.frame, 0, k);
                System.arraycopy(src.dataOffset, 0, b.dataOffset, 0, k);
                System.arraycopy(src.length, 0, b.length, 0, k);
                System.arraycopy(src.inPort, 0, b.inPort, 0, k);
                if (queues) {
                    System.arraycopy(src.queue, 0, b.queue, 0, k);
                }
                b.count = k;
                if (k == PacketBatch.MAX_BURST) {
                    sent += transmit(portNo, b);
                    b.clearSlots();
                    removeActive(portNo);
                }
                return;
            }
        }
        for (int m = mask; m != 0; m &= m - 1) {
            final int i = Integer.numberOfTrailingZeros(m);
            b.frame[j] = src.frame[i];
            b.dataOffset[j] = src.dataOffset[i];
            b.length[j] = src.length[i];
            b.inPort[j] = src.inPort[i];
            if (queues) {
                b.queue[j] = src.queue[i];
            }
            if (++j == PacketBatch.MAX_BURST) {
                b.count = j;
                sent += transmit(portNo, b);
                b.clearSlots();
                b.queuesSet = queues;                   // more packets (with queue ids) may follow
                removeActive(portNo);
                j = 0;
                if ((m & (m - 1)) != 0) {
                    active[activeCount++] = portNo;      // more packets follow into the emptied batch
                }
            }
        }
        b.count = j;
    }

    /**
     * The packets of {@code mask} are the last {@code src} has for {@code portNo}: when the port has nothing
     * pending, no egress policy and a {@link MaskedTxQueue}, it sends them at once, in place; otherwise they are
     * queued as by {@link #enqueueAll} (behind what is pending, so the port's order holds).
     */
    void sendAll(int portNo, PacketBatch src, int mask) {
        final MaskedTxQueue q = masked[portNo];
        if (q != null && pending[portNo].count == 0 && qos.egress(portNo) == null) {
            sent += q.transmit(src, mask);
            return;
        }
        enqueueAll(portNo, src, mask);
    }

    /** Starts carrying queue ids in {@code b}: the packets already in it have none (0). */
    private static void startQueues(PacketBatch b) {
        java.util.Arrays.fill(b.queue, 0, b.count, 0);
        b.queuesSet = true;
    }

    /** Queues an already-filled frame (a copy) for {@code portNo}. */
    void enqueueFrame(int portNo, int frame, int offset, int length, int inPort) {
        PacketBatch b = pending[portNo];
        if (b.count == 0) {
            active[activeCount++] = portNo;
        }
        final int slot = b.add(frame, offset, length, inPort);
        if (b.queuesSet) {
            b.queue[slot] = 0;                      // a copy (an earlier output) carries no queue id
        }
        if (b.isFull()) {
            sent += transmit(portNo, b);
            b.clearSlots();
            removeActive(portNo);
        }
    }

    private void removeActive(int portNo) {
        for (int i = 0; i < activeCount; i++) {
            if (active[i] == portNo) {
                active[i] = active[--activeCount];
                return;
            }
        }
    }

    private void flush(int portNo) {
        if (portNo < txq.length && txq[portNo] != null && pending[portNo].count > 0) {
            sent += transmit(portNo, pending[portNo]);
            pending[portNo].clearSlots();
            removeActive(portNo);
        }
    }

    /** Flushes every non-empty tx batch. */
    void flushAll() {
        for (int k = 0; k < activeCount; k++) {
            int p = active[k];
            PacketBatch b = pending[p];
            sent += transmit(p, b);
            b.clearSlots();
        }
        activeCount = 0;
    }

    /** Returns and resets the count of packets ports accepted. */
    int takeSent() {
        int s = sent;
        sent = 0;
        return s;
    }
}
