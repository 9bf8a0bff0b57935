package io.jvswitch.dataplane.port;

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

    @Override
    void close();
}
