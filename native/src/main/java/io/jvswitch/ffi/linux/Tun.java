package io.jvswitch.ffi.linux;

/**
 * TUN/TAP uapi ({@code <linux/if_tun.h>}): open {@link #DEV_NET_TUN} {@code O_RDWR|O_NONBLOCK}, then
 * {@code ioctl(fd, TUNSETIFF, ifreq)} with {@code ifr_flags = IFF_TAP | IFF_NO_PI} (see {@link IfReq}).
 * Each {@code read}/{@code write} on the fd then moves one Ethernet frame.
 *
 * <p>The ioctl numbers are {@code _IOW('T', n, int)} / {@code _IOR(...)} as encoded on x86_64 and
 * aarch64; the layout test checks them against the header.
 */
public final class Tun {
    public static final String DEV_NET_TUN = "/dev/net/tun";

    public static final int TUNSETIFF = 0x400454ca;
    public static final int TUNSETPERSIST = 0x400454cb;
    public static final int TUNSETOFFLOAD = 0x400454d0;
    public static final int TUNGETIFF = 0x800454d2;
    public static final int TUNSETVNETHDRSZ = 0x400454d8;
    public static final int TUNSETQUEUE = 0x400454d9;

    // ifr_flags for TUNSETIFF
    public static final int IFF_TUN = 0x0001;
    public static final int IFF_TAP = 0x0002;
    public static final int IFF_NO_PI = 0x1000;
    public static final int IFF_VNET_HDR = 0x4000;
    public static final int IFF_MULTI_QUEUE = 0x0100;
    public static final int IFF_ATTACH_QUEUE = 0x0200;
    public static final int IFF_DETACH_QUEUE = 0x0400;

    // TUNSETOFFLOAD
    public static final int TUN_F_CSUM = 0x01;
    public static final int TUN_F_TSO4 = 0x02;
    public static final int TUN_F_TSO6 = 0x04;

    private Tun() {
    }
}
