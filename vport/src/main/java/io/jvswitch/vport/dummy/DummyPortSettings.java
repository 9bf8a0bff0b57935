package io.jvswitch.vport.dummy;

/**
 * Settings of a {@link DummyPort}.
 *
 * @param rxQueues number of rx queues (each polled by one PMD)
 * @param txQueues number of tx queues
 * @param injectCapacity frames each rx queue's inject queue holds (rounded up to a power of two)
 * @param txMode what transmit does with frames
 */
public record DummyPortSettings(int rxQueues, int txQueues, int injectCapacity, DummyTxMode txMode) {
    public static final int DEFAULT_INJECT_CAPACITY = 4096;

    public DummyPortSettings {
        if (rxQueues < 1 || txQueues < 1 || injectCapacity < 1 || txMode == null) {
            throw new IllegalArgumentException("bad dummy port settings: rxQueues=" + rxQueues + " txQueues="
                    + txQueues + " injectCapacity=" + injectCapacity + " txMode=" + txMode);
        }
    }

    /** One rx and one tx queue, 4096 injectable frames, transmitted frames captured. */
    public static DummyPortSettings defaults() {
        return new DummyPortSettings(1, 1, DEFAULT_INJECT_CAPACITY, DummyTxMode.CAPTURE);
    }

    public DummyPortSettings withQueues(int rx, int tx) {
        return new DummyPortSettings(rx, tx, injectCapacity, txMode);
    }

    public DummyPortSettings withTxMode(DummyTxMode mode) {
        return new DummyPortSettings(rxQueues, txQueues, injectCapacity, mode);
    }

    public DummyPortSettings withInjectCapacity(int frames) {
        return new DummyPortSettings(rxQueues, txQueues, frames, txMode);
    }
}
