package io.jvswitch.ffi.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct ifreq} ({@code <net/if.h>}) and the interface ioctls used on it: flags, MTU, hardware
 * address, index, (with {@link Tun}) {@code TUNSETIFF}, and (with {@link Ethtool}) {@code SIOCETHTOOL}.
 *
 * <p>Design: {@code ifreq} is 40 bytes on LP64: a 16-byte name then a 24-byte union; only the union
 * members the ports use are named, the rest is padding. The ioctls are issued on any socket (an
 * {@code AF_INET}/{@code SOCK_DGRAM} one is customary) with {@code LibC.ioctl(fd, SIOC..., ifreq)}.
 */
public final class IfReq {
    public static final int IFNAMSIZ = 16;

    public static final int SIOCGIFFLAGS = 0x8913;
    public static final int SIOCSIFFLAGS = 0x8914;
    public static final int SIOCGIFMTU = 0x8921;
    public static final int SIOCSIFMTU = 0x8922;
    public static final int SIOCSIFHWADDR = 0x8924;
    public static final int SIOCGIFHWADDR = 0x8927;
    public static final int SIOCGIFINDEX = 0x8933;

    // ifr_flags (net_device_flags)
    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_PROMISC = 0x100;
    public static final int IFF_MULTICAST = 0x1000;

    // ifr_hwaddr.sa_family
    public static final int ARPHRD_ETHER = 1;
    public static final int ARPHRD_LOOPBACK = 772;

    private static final StructLayout SOCKADDR = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sa_family"),
        MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data")).withName("sockaddr");

    public static final StructLayout IFREQ = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(IFNAMSIZ, JAVA_BYTE).withName("ifr_name"),
        MemoryLayout.unionLayout(
            JAVA_SHORT.withName("ifru_flags"),
            JAVA_INT.withName("ifru_ivalue"),
            JAVA_INT.withName("ifru_mtu"),
            SOCKADDR.withName("ifru_hwaddr"),
            ADDRESS.withName("ifru_data"),
            MemoryLayout.paddingLayout(24)).withName("ifr_ifru")).withName("ifreq");
    public static final long SIZEOF_IFREQ = IFREQ.byteSize();
    public static final long OFF_IFR_NAME = Layouts.offset(IFREQ, "ifr_name");
    public static final long OFF_IFR_FLAGS = Layouts.offset(IFREQ, "ifr_ifru", "ifru_flags");
    public static final long OFF_IFR_IFINDEX = Layouts.offset(IFREQ, "ifr_ifru", "ifru_ivalue");
    public static final long OFF_IFR_MTU = Layouts.offset(IFREQ, "ifr_ifru", "ifru_mtu");
    public static final long OFF_IFR_HWADDR_FAMILY = Layouts.offset(IFREQ, "ifr_ifru", "ifru_hwaddr", "sa_family");
    public static final long OFF_IFR_HWADDR_DATA = Layouts.offset(IFREQ, "ifr_ifru", "ifru_hwaddr", "sa_data");
    /** {@code ifr_data}: the pointer to the command struct of {@code SIOCETHTOOL} (see {@link Ethtool}). */
    public static final long OFF_IFR_DATA = Layouts.offset(IFREQ, "ifr_ifru", "ifru_data");

    private IfReq() {
    }

    /** Zeroes {@code ifreq} and writes {@code name} (NUL-terminated; at most {@code IFNAMSIZ - 1} bytes). */
    public static void setName(MemorySegment ifreq, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        if (b.length == 0 || b.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name must be 1.." + (IFNAMSIZ - 1) + " bytes: " + name);
        }
        ifreq.asSlice(0, SIZEOF_IFREQ).fill((byte) 0);
        MemorySegment.copy(b, 0, ifreq, JAVA_BYTE, OFF_IFR_NAME, b.length);
    }

    /** The NUL-terminated name in {@code ifreq}. */
    public static String name(MemorySegment ifreq) {
        return ifreq.asSlice(OFF_IFR_NAME, IFNAMSIZ).getString(0, StandardCharsets.US_ASCII);
    }
}
