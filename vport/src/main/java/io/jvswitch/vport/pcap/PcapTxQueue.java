package io.jvswitch.vport.pcap;

import io.jvswitch.dataplane.packet.PacketBatch;
import io.jvswitch.dataplane.port.PortStats;
import io.jvswitch.dataplane.port.TxQueue;
import io.jvswitch.pcap.PcapWriter;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.function.LongSupplier;

/**
 * Records every transmitted frame to a libpcap file, then frees it.
 *
 * <p><b>Design</b>: {@link PcapWriter} copies each frame through one reused buffer into a buffered stream;
 * the stream is flushed when {@code flushIntervalNanos} passed since the last flush (checked once per
 * batch), on {@link #flush()} and on {@link #close()}. An I/O error is kept ({@link #error()}), recording
 * stops and every later frame is counted as a tx drop: the PMD never sees an exception.
 *
 * <p><b>Thread-safety</b>: transmit, flush and close are synchronized, so PMDs may share the one queue.
 *
 * <p><b>Performance</b>: no allocation per frame (the writer's buffer grows once, to the largest frame); the
 * buffered stream makes a write system call per 64 KiB. Timestamps come from the port's clock.
 */
final class PcapTxQueue implements TxQueue {
    private final PcapWriter writer;
    private final PortStats stats;
    private final LongSupplier epochNanos;
    private final LongSupplier monotonicNanos;
    private final long flushIntervalNanos;
    private long lastFlush;
    private IOException error;
    private boolean closed;

    PcapTxQueue(PcapWriter writer, PortStats stats, LongSupplier epochNanos, LongSupplier monotonicNanos,
            long flushIntervalNanos) {
        this.writer = writer;
        this.stats = stats;
        this.epochNanos = epochNanos;
        this.monotonicNanos = monotonicNanos;
        this.flushIntervalNanos = flushIntervalNanos;
        this.lastFlush = monotonicNanos.getAsLong();
    }

    @Override
    public synchronized int transmit(PacketBatch batch) {
        int n = batch.count;
        if (n == 0) {
            return 0;
        }
        int sent = 0;
        long bytes = 0;
        if (error == null && !closed) {
            MemorySegment seg = batch.pool().segment();
            long ts = epochNanos.getAsLong();
            try {
                for (; sent < n; sent++) {
                    writer.write(ts, seg, batch.dataAddress(sent), batch.length[sent]);
                    bytes += batch.length[sent];
                }
                long now = monotonicNanos.getAsLong();
                if (now - lastFlush >= flushIntervalNanos) {
                    writer.flush();
                    lastFlush = now;
                }
            } catch (IOException e) {
                error = e;
            }
        }
        batch.freeAll();
        synchronized (stats) {
            stats.addTx(sent, bytes);
            if (sent != n) {
                stats.addTxDropped(n - sent);
            }
        }
        return sent;
    }

    synchronized void flush() {
        if (error == null && !closed) {
            try {
                writer.flush();
            } catch (IOException e) {
                error = e;
            }
        }
    }

    synchronized IOException error() {
        return error;
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } catch (IOException e) {
            if (error == null) {
                error = e;
            }
        }
    }
}
