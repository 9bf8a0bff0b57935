package io.jvswitch.vport.afxdp;

/**
 * Settings of an {@link AfXdpPort}.
 *
 * @param xdpMode      how to attach (OVS {@code options:xdp-mode}); default best-effort (native, else generic)
 * @param nRxq         use at most this many queues (one socket each); 0 = every rx queue of the interface
 *                     (OVS {@code options:n_rxq})
 * @param ringSize     entries of each of the four rings (a power of two, 64..16384); the UMEM holds as many rx
 *                     chunks and as many tx chunks (default 2048, as OVS: 16 MiB of UMEM per queue)
 * @param chunkSize    UMEM chunk size: 2048 or 4096 (default 4096: a 1500-byte-MTU frame fits one chunk)
 * @param multiBuffer  ask for multi-buffer sockets ({@code XDP_USE_SG}, Linux 6.6+) so frames larger than a
 *                     chunk (jumbo frames) cross; when the kernel or driver refuses, the port opens without and
 *                     says why ({@link AfXdpPort#multiBufferUnavailable()}); default on
 * @param sharedTx     tx queues may be used by several PMD threads at once (more PMDs than queues): take a spin
 *                     lock per batch; default on (one uncontended CAS per batch)
 */
public record AfXdpPortSettings(XdpMode xdpMode, int nRxq, int ringSize, int chunkSize, boolean multiBuffer,
        boolean sharedTx) {
    public static final int DEFAULT_RING_SIZE = 2048;
    public static final int DEFAULT_CHUNK_SIZE = 4096;

    public AfXdpPortSettings {
        if (xdpMode == null) {
            throw new IllegalArgumentException("xdpMode is null");
        }
        if (nRxq < 0) {
            throw new IllegalArgumentException("n_rxq must be >= 0: " + nRxq);
        }
        if (Integer.bitCount(ringSize) != 1 || ringSize < 64 || ringSize > 16384) {
            throw new IllegalArgumentException("ringSize must be a power of two in 64..16384: " + ringSize);
        }
        if (chunkSize != 2048 && chunkSize != 4096) {
            throw new IllegalArgumentException("chunkSize must be 2048 or 4096: " + chunkSize);
        }
    }

    public static AfXdpPortSettings defaults() {
        return new AfXdpPortSettings(XdpMode.BEST_EFFORT, 0, DEFAULT_RING_SIZE, DEFAULT_CHUNK_SIZE, true, true);
    }

    public AfXdpPortSettings withXdpMode(XdpMode m) {
        return new AfXdpPortSettings(m, nRxq, ringSize, chunkSize, multiBuffer, sharedTx);
    }

    public AfXdpPortSettings withNRxq(int n) {
        return new AfXdpPortSettings(xdpMode, n, ringSize, chunkSize, multiBuffer, sharedTx);
    }

    public AfXdpPortSettings withRingSize(int n) {
        return new AfXdpPortSettings(xdpMode, nRxq, n, chunkSize, multiBuffer, sharedTx);
    }

    public AfXdpPortSettings withChunkSize(int n) {
        return new AfXdpPortSettings(xdpMode, nRxq, ringSize, n, multiBuffer, sharedTx);
    }

    public AfXdpPortSettings withMultiBuffer(boolean on) {
        return new AfXdpPortSettings(xdpMode, nRxq, ringSize, chunkSize, on, sharedTx);
    }

    public AfXdpPortSettings withSharedTx(boolean on) {
        return new AfXdpPortSettings(xdpMode, nRxq, ringSize, chunkSize, multiBuffer, on);
    }
}
