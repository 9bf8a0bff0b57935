package io.jvswitch.dataplane.port;

import java.io.IOException;

/**
 * A datapath port: a number, a name, rx queues polled by PMDs and tx queues written by PMDs.
 *
 * <h2>Design</h2> The SPI is per batch: PMDs call {@link RxQueue#receive} and {@link TxQueue#transmit} once per
 * iteration with up to 32 packets, so implementations stay monomorphic in the hot loop.
 *
 * <h2>Thread-safety</h2> Each rx queue is polled by one PMD; tx queue {@code q} is used by one PMD
 * (PMD {@code i} uses {@code txQueue(i % txQueueCount())}; a port with fewer tx queues than PMDs must make its
 * tx queues safe for that). {@link #stats()} may be read from any thread.
 */
public interface Port extends AutoCloseable {
    /** The datapath port number (odp port), unique within the datapath. */
    int portNo();

    String name();

    /** The port type as OVS names it: "dummy", "pcap", "afxdp", "tap", "system", "internal", "patch". */
    String type();

    int rxQueueCount();

    RxQueue rxQueue(int queue);

    int txQueueCount();

    TxQueue txQueue(int queue);

    PortStats stats();

    /**
     * The MTU this port carries and enforces on egress (frames longer than {@link Mtu#maxFrameLength} are
     * dropped and counted, see {@link Mtu}); for a port on a network device, the device's MTU. Ports without a
     * device (in-memory ports) report {@link Mtu#DEFAULT} and enforce nothing. Any thread.
     */
    default int mtu() {
        return Mtu.DEFAULT;
    }

    /**
     * Sets the MTU (OVS's {@code netdev_set_mtu} for {@code mtu_request}): on the device, then in the port's
     * egress check, in place, while PMDs use the port. Control thread.
     *
     * @throws IOException naming the port and the reason when the device or the port cannot carry {@code mtu}
     *     (the MTU is then unchanged)
     * @throws UnsupportedOperationException when this port type has no settable MTU (the default)
     */
    default void setMtu(int mtu) throws IOException {
        throw new UnsupportedOperationException("port " + name() + " (type " + type() + ") has no settable MTU");
    }

    @Override
    void close();
}
