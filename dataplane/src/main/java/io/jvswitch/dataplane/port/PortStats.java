package io.jvswitch.dataplane.port;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Per-port counters, read from anywhere with opaque loads. Several PMDs may write them at once (a port's rx
 * queues polled by different PMDs, its tx queues used by different PMDs), so every update is an atomic add; ports
 * update them once per batch, not per packet.
 */
public final class PortStats {
    private static final VarHandle RX_P;
    private static final VarHandle RX_B;
    private static final VarHandle TX_P;
    private static final VarHandle TX_B;
    private static final VarHandle RX_D;
    private static final VarHandle TX_D;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RX_P = l.findVarHandle(PortStats.class, "rxPackets", long.class);
            RX_B = l.findVarHandle(PortStats.class, "rxBytes", long.class);
            TX_P = l.findVarHandle(PortStats.class, "txPackets", long.class);
            TX_B = l.findVarHandle(PortStats.class, "txBytes", long.class);
            RX_D = l.findVarHandle(PortStats.class, "rxDropped", long.class);
            TX_D = l.findVarHandle(PortStats.class, "txDropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long rxPackets;
    private long rxBytes;
    private long txPackets;
    private long txBytes;
    private long rxDropped;
    private long txDropped;

    public void addRx(long packets, long bytes) {
        RX_P.getAndAdd(this, packets);
        RX_B.getAndAdd(this, bytes);
    }

    public void addTx(long packets, long bytes) {
        TX_P.getAndAdd(this, packets);
        TX_B.getAndAdd(this, bytes);
    }

    public void addRxDropped(long packets) {
        RX_D.getAndAdd(this, packets);
    }

    public void addTxDropped(long packets) {
        TX_D.getAndAdd(this, packets);
    }

    public long rxPackets() {
        return (long) RX_P.getOpaque(this);
    }

    public long rxBytes() {
        return (long) RX_B.getOpaque(this);
    }

    public long txPackets() {
        return (long) TX_P.getOpaque(this);
    }

    public long txBytes() {
        return (long) TX_B.getOpaque(this);
    }

    public long rxDropped() {
        return (long) RX_D.getOpaque(this);
    }

    public long txDropped() {
        return (long) TX_D.getOpaque(this);
    }
}
