package io.jvswitch.vport.afpacket;

import io.jvswitch.dataplane.port.Mtu;

/**
 * Settings of an {@link AfPacketPort}.
 *
 * @param rxBlockSizeBytes size of one TPACKET_V3 rx block: a power of two, at least 4096; the largest frame the
 *                         port can receive is a little less than this (default 256 KiB: jumbo frames fit)
 * @param rxBlockCount number of rx blocks in the ring (default 16: a 4 MiB ring)
 * @param rxRetireTimeoutMs how long the kernel fills a block before handing it over partly full (latency bound
 *                          at low rates; default 1 ms)
 * @param txFrameCount slots of the tx ring (a power of two)
 * @param txMaxMtu the largest MTU the tx ring's slots are sized for (at least the interface MTU at open is
 *                 used): {@link AfPacketPort#setMtu} can raise the MTU up to this without reopening the port.
 *                 Default 9000 (jumbo frames): 16 KiB slots, a 4 MiB tx ring with the default 256 slots
 * @param promiscuous receive frames for every MAC address ({@code PACKET_MR_PROMISC}); a switch port needs it
 * @param qdiscBypass transmit with {@code PACKET_QDISC_BYPASS} (faster; frames skip the qdisc and other packet
 *                    taps such as tcpdump on the interface do not see them). Default off.
 */
public record AfPacketPortSettings(int rxBlockSizeBytes, int rxBlockCount, int rxRetireTimeoutMs, int txFrameCount,
        int txMaxMtu, boolean promiscuous, boolean qdiscBypass) {
    public static final int DEFAULT_RX_BLOCK_SIZE_BYTES = 1 << 18;
    public static final int DEFAULT_RX_BLOCK_COUNT = 16;
    public static final int DEFAULT_RX_RETIRE_TIMEOUT_MS = 1;
    public static final int DEFAULT_TX_FRAME_COUNT = 256;
    public static final int DEFAULT_TX_MAX_MTU = 9000;

    public AfPacketPortSettings {
        if (rxBlockSizeBytes < 4096 || Integer.bitCount(rxBlockSizeBytes) != 1 || rxBlockCount < 1
                || rxRetireTimeoutMs < 1 || txFrameCount < 1 || Integer.bitCount(txFrameCount) != 1
                || txMaxMtu < Mtu.MIN || txMaxMtu > Mtu.MAX) {
            throw new IllegalArgumentException("bad afpacket settings: rxBlockSizeBytes=" + rxBlockSizeBytes
                    + " (power of two >= 4096) rxBlockCount=" + rxBlockCount + " rxRetireTimeoutMs="
                    + rxRetireTimeoutMs + " txFrameCount=" + txFrameCount + " (power of two) txMaxMtu=" + txMaxMtu
                    + " (" + Mtu.MIN + ".." + Mtu.MAX + ")");
        }
    }

    /** 16 x 256 KiB rx blocks retired after 1 ms, 256 tx slots for MTU 9000, promiscuous, through the qdisc. */
    public static AfPacketPortSettings defaults() {
        return new AfPacketPortSettings(DEFAULT_RX_BLOCK_SIZE_BYTES, DEFAULT_RX_BLOCK_COUNT,
                DEFAULT_RX_RETIRE_TIMEOUT_MS, DEFAULT_TX_FRAME_COUNT, DEFAULT_TX_MAX_MTU, true, false);
    }

    public AfPacketPortSettings withRxRing(int blockSizeBytes, int blockCount) {
        return new AfPacketPortSettings(blockSizeBytes, blockCount, rxRetireTimeoutMs, txFrameCount, txMaxMtu,
                promiscuous, qdiscBypass);
    }

    public AfPacketPortSettings withTxFrameCount(int frames) {
        return new AfPacketPortSettings(rxBlockSizeBytes, rxBlockCount, rxRetireTimeoutMs, frames, txMaxMtu,
                promiscuous, qdiscBypass);
    }

    public AfPacketPortSettings withQdiscBypass(boolean bypass) {
        return new AfPacketPortSettings(rxBlockSizeBytes, rxBlockCount, rxRetireTimeoutMs, txFrameCount,
                txMaxMtu, promiscuous, bypass);
    }

    /** Sizes the tx ring's slots for MTUs up to {@code mtu} (see the class comment). */
    public AfPacketPortSettings withTxMaxMtu(int mtu) {
        return new AfPacketPortSettings(rxBlockSizeBytes, rxBlockCount, rxRetireTimeoutMs, txFrameCount, mtu,
                promiscuous, qdiscBypass);
    }
}
