package io.jvswitch.vport;

import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.dataplane.port.TxQueue;

import java.util.Objects;

/**
 * What every port with one rx and one tx queue shares (pcap, TAP/internal, AF_PACKET): its number, name, type,
 * counters, and the two queues. Subclasses build their queues and hand them over once with {@link #setQueues}.
 *
 * <h2>Thread-safety</h2> The queues are set in the subclass constructor, before the port is published to a PMD.
 */
public abstract class SingleQueuePort implements Port {
    protected final int portNo;
    protected final String name;
    protected final PortStats stats;
    protected final DropCounters drops;
    private final String type;
    private RxQueue rxQueue;
    private TxQueue txQueue;

    protected SingleQueuePort(int portNo, String name, String type, PortStats stats, DropCounters drops) {
        this.portNo = portNo;
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.drops = Objects.requireNonNull(drops, "drops");
    }

    /** Sets the port's queues; called once, from the subclass constructor. */
    protected final void setQueues(RxQueue rx, TxQueue tx) {
        this.rxQueue = Objects.requireNonNull(rx, "rx");
        this.txQueue = Objects.requireNonNull(tx, "tx");
    }

    @Override
    public final int portNo() {
        return portNo;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final int rxQueueCount() {
        return 1;
    }

    @Override
    public final RxQueue rxQueue(int queue) {
        Objects.checkIndex(queue, 1);
        return rxQueue;
    }

    @Override
    public final int txQueueCount() {
        return 1;
    }

    @Override
    public final TxQueue txQueue(int queue) {
        Objects.checkIndex(queue, 1);
        return txQueue;
    }

    @Override
    public final PortStats stats() {
        return stats;
    }

    /** Drops the port counted itself, by reason (oversize, runt, queue full...). */
    public final DropCounters drops() {
        return drops;
    }
}
