package io.jvswitch.benchmarks;

import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.RxQueue;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.dataplane.testing.Frames;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A port whose every received packet is a flow never seen before (source IP/port counter), without allocating:
 * the generator of flow-setup and new-flow-storm benchmarks. Transmit frees.
 */
final class NewFlowPort implements Port {
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private final int portNo;
    private final byte[] template = Frames.udp(0x0c000000, 0x0b000001, 1, 4789);
    private final PortStats stats = new PortStats();
    private long counter;

    private final boolean newSourceMacs;

    /** Every packet a new L3/L4 flow (source IP and port change; MACs fixed). */
    NewFlowPort(int portNo) {
        this(portNo, false);
    }

    /**
     * @param newSourceMacs every packet comes from a new source MAC (a new L2 flow for NORMAL; its destination is
     *                      the template's {@code 02:00:00:00:00:02}), instead of a new source IP and port
     */
    NewFlowPort(int portNo, boolean newSourceMacs) {
        this.portNo = portNo;
        this.newSourceMacs = newSourceMacs;
    }

    private int receive(PacketBatch b) {
        FramePool pool = b.pool();
        MemorySegment seg = pool.segment();
        int n = 0;
        while (!b.isFull()) {
            int f = pool.alloc();
            if (f < 0) {
                break;
            }
            int off = pool.headroom();
            long addr = pool.frameOffset(f) + off;
            MemorySegment.copy(template, 0, seg, ValueLayout.JAVA_BYTE, addr, template.length);
            long c = counter++;
            if (newSourceMacs) {
                seg.set(BE32, addr + 8, 0x10000000 | (int) (c & 0x0fffffff));   // 02:00:1x:xx:xx:xx, unicast
            } else {
                seg.set(BE32, addr + 26, 0x0c000000 | (int) (c >>> 16));
                seg.set(BE32, addr + 34, (int) (c & 0xffff) << 16 | 4789);
            }
            b.add(f, off, template.length, portNo);
            n++;
        }
        stats.addRx(n, (long) n * template.length);
        return n;
    }

    private int transmit(PacketBatch b) {
        int n = b.count;
        b.freeAll();
        return n;
    }

    @Override
    public int portNo() {
        return portNo;
    }

    @Override
    public String name() {
        return "newflows" + portNo;
    }

    @Override
    public String type() {
        return "dummy";
    }

    @Override
    public int rxQueueCount() {
        return 1;
    }

    @Override
    public RxQueue rxQueue(int queue) {
        return this::receive;
    }

    @Override
    public int txQueueCount() {
        return 1;
    }

    @Override
    public TxQueue txQueue(int queue) {
        return this::transmit;
    }

    @Override
    public PortStats stats() {
        return stats;
    }

    @Override
    public void close() {
    }
}
