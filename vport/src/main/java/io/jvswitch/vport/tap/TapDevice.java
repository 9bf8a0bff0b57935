package io.jvswitch.vport.tap;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.linux.IfReq;
import io.jvswitch.ffi.linux.Tun;
import io.jvswitch.vport.LinkMtu;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The slow-path side of a TAP: opening {@code /dev/net/tun}, {@code TUNSETIFF}, and the interface ioctls
 * (MAC, MTU, flags). Every failure becomes an {@link IOException} that names the interface, the step, the
 * errno and what to do about it.
 *
 * <p>Interface ioctls go through a throw-away {@code AF_INET}/{@code SOCK_DGRAM} socket, so they act on the
 * interface by name in the caller's network namespace: once the interface was moved to another namespace
 * they fail with ENODEV (the data fd keeps working).
 */
final class TapDevice {
    private TapDevice() {
    }

    /** Checks a requested interface name the way the kernel's {@code dev_valid_name} does, with a clear message. */
    static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("TAP interface name must not be empty");
        }
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length >= IfReq.IFNAMSIZ) {
            throw new IllegalArgumentException("TAP interface name '" + name + "' is " + b.length
                    + " bytes; Linux allows at most " + (IfReq.IFNAMSIZ - 1));
        }
        if (".".equals(name) || "..".equals(name)) {
            throw new IllegalArgumentException("TAP interface name '" + name + "' is not allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '/' || c == ':') {
                throw new IllegalArgumentException("TAP interface name '" + name
                        + "' contains a character Linux refuses (whitespace, control, '/', ':' or non-ASCII)");
            }
        }
        int pct = name.indexOf('%');
        if (pct >= 0 && (!name.startsWith("%d", pct) || name.indexOf('%', pct + 1) >= 0)) {
            throw new IllegalArgumentException("TAP interface name '" + name
                    + "': '%' is only allowed once, as the '%d' of a name template like 'tap%d'");
        }
    }

    /**
     * Opens {@code /dev/net/tun} non-blocking and binds it to TAP {@code name} (created, or attached when a
     * persistent TAP of that name exists). Returns the fd; {@code nameOut[0]} receives the kernel's name.
     */
    static int openTap(String name, String[] nameOut) throws IOException {
        validateName(name);
        int fd = LibC.open(Tun.DEV_NET_TUN, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException(describeOpenError(-fd));
        }
        boolean ok = false;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = a.allocate(IfReq.IFREQ);
            IfReq.setName(ifr, name);
            // IFF_VNET_HDR stays off: frames are plain Ethernet, no virtio_net_hdr in front.
            ifr.set(JAVA_SHORT, IfReq.OFF_IFR_FLAGS, (short) (Tun.IFF_TAP | Tun.IFF_NO_PI));
            int r = LibC.ioctl(fd, Tun.TUNSETIFF, ifr);
            if (r < 0) {
                throw new IOException(describeSetIffError(name, -r));
            }
            nameOut[0] = IfReq.name(ifr);
            ok = true;
            return fd;
        } finally {
            if (!ok) {
                LibC.close(fd);
            }
        }
    }

    static String describeOpenError(int errno) {
        String hint = switch (errno) {
            case Errno.ENOENT, Errno.ENODEV, Errno.ENXIO -> "the kernel has no TUN/TAP driver here (modprobe tun)";
            case Errno.EPERM, Errno.EACCES -> "no permission to open it: run as root (CAP_NET_ADMIN)";
            default -> "cannot open the TUN/TAP control device";
        };
        return Tun.DEV_NET_TUN + ": " + Errno.describe(errno) + ": " + hint;
    }

    static String describeSetIffError(String name, int errno) {
        String hint = switch (errno) {
            case Errno.EPERM, Errno.EACCES -> "creating or attaching a TAP needs CAP_NET_ADMIN: run as root "
                    + "(or, for an existing persistent TAP, as its owner)";
            case Errno.EBUSY -> "the TAP is already attached to another file descriptor (another process or "
                    + "port uses it)";
            case Errno.EINVAL -> "an interface of that name exists but is not a single-queue TAP "
                    + "(a veth, bridge, TUN or multi-queue TAP?), or the name is invalid";
            case Errno.ENFILE, Errno.EMFILE -> "too many open files";
            default -> "TUNSETIFF failed";
        };
        return "TAP '" + name + "': ioctl(TUNSETIFF, IFF_TAP|IFF_NO_PI): " + Errno.describe(errno) + ": " + hint;
    }

    /** The interface's MTU (SIOCGIFMTU, see {@link LinkMtu}). */
    static int mtu(String ifName) throws IOException {
        return LinkMtu.get(ifName);
    }

    /** Sets the interface's MTU (SIOCSIFMTU; the error names the driver's range when it refuses). */
    static void setMtu(String ifName, int mtu) throws IOException {
        LinkMtu.set(ifName, mtu);
    }

    /** The interface's MAC (SIOCGIFHWADDR), in the low 48 bits. */
    static long mac(String ifName) throws IOException {
        return ifreqCall(ifName, IfReq.SIOCGIFHWADDR, "SIOCGIFHWADDR", NOTHING, ifr -> {
            long v = 0;
            for (int i = 0; i < 6; i++) {
                v = (v << 8) | (ifr.get(JAVA_BYTE, IfReq.OFF_IFR_HWADDR_DATA + i) & 0xff);
            }
            return v;
        });
    }

    static void setMac(String ifName, long mac) throws IOException {
        ifreqCall(ifName, IfReq.SIOCSIFHWADDR, "SIOCSIFHWADDR " + TapPortSettings.formatMac(mac), ifr -> {
            ifr.set(JAVA_SHORT, IfReq.OFF_IFR_HWADDR_FAMILY, (short) IfReq.ARPHRD_ETHER);
            for (int i = 0; i < 6; i++) {
                ifr.set(JAVA_BYTE, IfReq.OFF_IFR_HWADDR_DATA + i, (byte) (mac >>> (8 * (5 - i))));
            }
        }, NO_RESULT);
    }

    /** Sets or clears IFF_UP (SIOCGIFFLAGS then SIOCSIFFLAGS). */
    static void setUp(String ifName, boolean up) throws IOException {
        int flags = (int) ifreqCall(ifName, IfReq.SIOCGIFFLAGS, "SIOCGIFFLAGS", NOTHING,
                ifr -> ifr.get(JAVA_SHORT, IfReq.OFF_IFR_FLAGS) & 0xffff);
        int want = up ? flags | IfReq.IFF_UP : flags & ~IfReq.IFF_UP;
        if (want != flags) {
            ifreqCall(ifName, IfReq.SIOCSIFFLAGS, up ? "SIOCSIFFLAGS +IFF_UP" : "SIOCSIFFLAGS -IFF_UP",
                    ifr -> ifr.set(JAVA_SHORT, IfReq.OFF_IFR_FLAGS, (short) want), NO_RESULT);
        }
    }

    private static final Consumer<MemorySegment> NOTHING = ifr -> { };
    private static final ToLongFunction<MemorySegment> NO_RESULT = ifr -> 0L;

    /** Runs one ifreq ioctl on a temporary socket: {@code filler} prepares the ifreq, {@code reader} reads it. */
    private static long ifreqCall(String ifName, int request, String what, Consumer<MemorySegment> filler,
            ToLongFunction<MemorySegment> reader) throws IOException {
        int sock = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (sock < 0) {
            throw new IOException("TAP '" + ifName + "': socket(AF_INET, SOCK_DGRAM) for " + what + ": "
                    + Errno.describe(-sock));
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = a.allocate(IfReq.IFREQ);
            IfReq.setName(ifr, ifName);
            filler.accept(ifr);
            int r = LibC.ioctl(sock, request, ifr);
            if (r < 0) {
                int errno = -r;
                String hint = switch (errno) {
                    case Errno.EPERM, Errno.EACCES -> ": needs CAP_NET_ADMIN (run as root)";
                    case Errno.ENODEV -> ": no such interface in this network namespace (moved to another one?)";
                    case Errno.EINVAL -> ": value refused by the driver";
                    default -> "";
                };
                throw new IOException("TAP '" + ifName + "': ioctl(" + what + "): " + Errno.describe(errno) + hint);
            }
            return reader.applyAsLong(ifr);
        } finally {
            LibC.close(sock);
        }
    }
}
