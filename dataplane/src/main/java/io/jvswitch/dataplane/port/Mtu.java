package io.jvswitch.dataplane.port;

import io.jvswitch.dataplane.packet.FramePool;

/**
 * MTU arithmetic every port type shares, so that all of them drop the same frames on egress.
 *
 * <h2>The rule</h2> A port with MTU {@code m} transmits Ethernet frames (no FCS) of up to
 * {@link #maxFrameLength(int) m + 18} bytes: the 14-byte Ethernet header and one 4-byte VLAN tag ride on top of
 * the MTU, as in Open vSwitch's userspace datapath ({@code MTU_TO_FRAME_LEN} in {@code lib/netdev-dpdk.c}
 * counts 14 + 4 on top of the MTU; the kernel's {@code is_skb_forwardable} allows the same). A longer frame is
 * dropped by the port's tx queue, before it reaches the device, and counted twice: in the port's
 * {@code tx_dropped} ({@link PortStats#txDropped()}; OVS counts it as {@code tx_mtu_exceeded_drops}, part of
 * {@code tx_dropped}) and as {@code DropReason.OVERSIZE_FRAME} in the port's own drop counters. The AF_PACKET
 * port is stricter where the kernel is: an untagged frame there may only be {@code m + 14}.
 *
 * <p>The whole datapath shares one {@link FramePool}, so the largest MTU it can carry is set by the pool's
 * frame size: {@link #maxMtu(FramePool)}.
 */
public final class Mtu {
    /** Ethernet's MTU; what ports without a device MTU report. */
    public static final int DEFAULT = 1500;
    /** The smallest MTU accepted (IPv4's minimum, Linux {@code ETH_MIN_MTU}). */
    public static final int MIN = 68;
    /** The largest MTU accepted ({@code ETH_MAX_MTU}). */
    public static final int MAX = 65535;
    public static final int ETH_HLEN = 14;
    public static final int VLAN_HLEN = 4;
    /** What may ride on top of the MTU in a transmitted frame: Ethernet header and one VLAN tag. */
    public static final int L2_OVERHEAD = ETH_HLEN + VLAN_HLEN;

    private Mtu() {
    }

    /** The longest frame a port with MTU {@code mtu} transmits: {@code mtu + 18}. */
    public static int maxFrameLength(int mtu) {
        return mtu + L2_OVERHEAD;
    }

    /**
     * The largest MTU whose frames the pool holds: a frame of {@code MTU + 18} bytes after the headroom, with
     * one byte to spare (a TAP read that fills its buffer cannot tell a frame that fits from a truncated one).
     */
    public static int maxMtu(FramePool pool) {
        return maxMtu(pool.frameSize(), pool.headroom());
    }

    /** {@link #maxMtu(FramePool)} for a pool of frames of {@code frameSize} bytes with {@code headroom}. */
    public static int maxMtu(int frameSize, int headroom) {
        return frameSize - headroom - L2_OVERHEAD - 1;
    }
}
