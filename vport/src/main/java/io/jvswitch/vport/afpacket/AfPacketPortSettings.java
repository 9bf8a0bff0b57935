package io.jvswitch.vport.afpacket;

/**
 * Settings of an {@link AfPacketPort}.
 *
 * @param rxBlockSizeBytes size of one TPACKET_V3 rx block: a power of two, at least 4096; the largest frame the
 *                         port can receive is a little less than this (default 256 KiB: jumbo frames fit)
 * @param rxBlockCount number of rx blocks in the ring (default 16: a 4 MiB ring)
 * @param rxRetireTimeoutMs how long the kernel fills a block before handing it over partly full (latency bound
 *                          at low rates; default 1 ms)
 * @param txFrameCount slots of the tx ring (a power of two); each slot holds one frame of up to the interface MTU
 * @param promiscuous receive frames for every MAC address ({@code PACKET_MR_PROMISC}); a switch port needs it
 * @param qdiscBypass transmit with {@code PACKET_QDISC_BYPASS} (faster; frames skip the qdisc and other packet
 *                    taps such as tcpdump on the interface do not see them). Default off.
 */
public record AfPacketPortSettings(int rxBlockSizeBytes, int rxBlockCount, int rxRetireTimeoutMs, int txFrameCount,
        boolean promiscuous, boolean qdiscBypass) {
    public static final int DEFAULT_RX_BLOCK_SIZE_BYTES = 1 << 18;
    public static final int DEFAULT_RX_BLOCK_COUNT = 16;
    public static final int DEFAULT_RX_RETIRE_TIMEOUT_MS = 1;
    public static final int DEFAULT_TX_FRAME_COUNT = 256;

    public AfPacketPortSettings {
        if (rxBlockSizeBytes < 4096 || Integer.bitCount(rxBlockSizeBytes) != 1 || rxBlockCount < 1
                || rxRetireTimeoutMs < 1 || txFrameCount < 1 || Integer.bitCount(txFrameCount) != 1) {
            throw new IllegalArgumentException("bad afpacket settings: rxBlockSizeBytes=" + rxBlockSizeBytes
                    + " (power of two >= 4096) rxBlockCount=" + rxBlockCount + " rxRetireTimeoutMs="
                    + rxRetireTimeoutMs + " txFrameCount=" + txFrameCount + " (power of two)");
        }
    }

    /** 16 x 256 KiB rx blocks retired after 1 ms, 256 tx slots, promiscuous, through the qdisc. */
    public static AfPacketPortSettings defaults() {
        return new AfPacketPortSettings(DEFAULT_RX_BLOCK_SIZE_BYTES, DEFAULT_RX_BLOCK_COUNT,
                DEFAULT_RX_RETIRE_TIMEOUT_MS, DEFAULT_TX_FRAME_COUNT, true, false);
    }

    public AfPacketPortSettings withRxRing(int blockSizeBytes, int blockCount) {
        return new AfPacketPortSettings(blockSizeBytes, blockCount, rxRetireTimeoutMs, txFrameCount, promiscuous,
                qdiscBypass);
    }

    public AfPacketPortSettings withTxFrameCount(int frames) {
        return new AfPacketPortSettings(rxBlockSizeBytes, rxBlockCount, rxRetireTimeoutMs, frames, promiscuous,
                qdiscBypass);
    }

    public AfPacketPortSettings withQdiscBypass(boolean bypass) {
        return new AfPacketPortSettings(rxBlockSizeBytes, rxBlockCount, rxRetireTimeoutMs, txFrameCount,
                promiscuous, bypass);
    }
}
