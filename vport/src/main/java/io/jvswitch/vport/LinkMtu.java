package io.jvswitch.vport;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.IfReq;
import io.jvswitch.ffi.linux.Netlink;
import io.jvswitch.ffi.linux.RtNetlink;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads and sets a network interface's MTU by name, in this process's network namespace (what OVS's
 * {@code netdev_linux_get_mtu}/{@code netdev_linux_set_mtu} do): {@code SIOCGIFMTU}/{@code SIOCSIFMTU} on a
 * throw-away {@code AF_INET}/{@code SOCK_DGRAM} socket. When the device refuses an MTU the exception says so
 * with the range the driver reports ({@code IFLA_MIN_MTU}/{@code IFLA_MAX_MTU} from {@code RTM_GETLINK}).
 *
 * <p>Control path only: allocates, makes system calls, throws {@link IOException}s that name the interface.
 */
public final class LinkMtu {
    private LinkMtu() {
    }

    /** The interface's MTU. */
    public static int get(String ifname) throws IOException {
        return ioctl(ifname, IfReq.SIOCGIFMTU, 0);
    }

    /**
     * Sets the interface's MTU (nothing happens when it already has it).
     *
     * @throws IOException "interface X: cannot set MTU N: ioctl(SIOCSIFMTU): EINVAL (...): the device refuses
     *     this MTU (driver range a..b; ...)" and the like; the MTU is then unchanged
     */
    public static void set(String ifname, int mtu) throws IOException {
        if (get(ifname) == mtu) {
            return;
        }
        ioctl(ifname, IfReq.SIOCSIFMTU, mtu);
    }

    private static int ioctl(String ifname, int request, int mtu) throws IOException {
        boolean set = request == IfReq.SIOCSIFMTU;
        String what = set ? "cannot set MTU " + mtu + ": ioctl(SIOCSIFMTU)" : "cannot read the MTU: ioctl(SIOCGIFMTU)";
        int sock = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (sock < 0) {
            throw new IOException("interface " + ifname + ": " + what + ": socket(AF_INET, SOCK_DGRAM): "
                    + Errno.describe(-sock));
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = a.allocate(IfReq.IFREQ);
            IfReq.setName(ifr, ifname);
            ifr.set(JAVA_INT, IfReq.OFF_IFR_MTU, mtu);
            int r = LibC.ioctl(sock, request, ifr);
            if (r < 0) {
                throw new IOException("interface " + ifname + ": " + what + ": " + Errno.describe(-r)
                        + hint(ifname, -r));
            }
            return ifr.get(JAVA_INT, IfReq.OFF_IFR_MTU);
        } finally {
            LibC.close(sock);
        }
    }

    private static String hint(String ifname, int errno) {
        return switch (errno) {
            case Errno.EINVAL, Errno.ERANGE -> {
                int[] range = range(ifname);
                yield ": the device refuses this MTU" + (range == null ? ""
                        : " (its driver reports " + range[0] + ".." + (range[1] == 0 ? "any" : range[1]) + ")")
                        + "; a stacked device (macvlan, VLAN) also cannot exceed its lower device's MTU";
            }
            case Errno.EPERM, Errno.EACCES -> ": needs CAP_NET_ADMIN (run as root)";
            case Errno.ENODEV -> ": no such interface in this network namespace (removed, or moved to another one?)";
            case Errno.EBUSY -> ": the device is busy (an XDP program attached may limit the MTU)";
            default -> "";
        };
    }

    /** {@code {min, max}} MTU the driver reports (max 0: no limit), or null when the kernel does not say. */
    static int[] range(String ifname) {
        try (RtNetlink nl = RtNetlink.open()) {
            nl.begin(Netlink.RTM_GETLINK, Netlink.NLM_F_REQUEST, 0).putAttrString(Netlink.IFLA_IFNAME, ifname);
            long mlen = nl.request(true);
            MemorySegment rx = nl.reply();
            int min = -1;
            int max = -1;
            long at = Netlink.SIZEOF_NLMSGHDR + Netlink.SIZEOF_IFINFOMSG;
            while (at + Netlink.SIZEOF_RTATTR <= mlen) {
                int alen = Short.toUnsignedInt(rx.get(JAVA_SHORT, at + Netlink.OFF_RTA_LEN));
                int type = Short.toUnsignedInt(rx.get(JAVA_SHORT, at + Netlink.OFF_RTA_TYPE)) & ~Netlink.NLA_F_NESTED;
                if (alen < Netlink.SIZEOF_RTATTR) {
                    break;
                }
                if (type == Netlink.IFLA_MIN_MTU) {
                    min = rx.get(JAVA_INT, at + Netlink.SIZEOF_RTATTR);
                } else if (type == Netlink.IFLA_MAX_MTU) {
                    max = rx.get(JAVA_INT, at + Netlink.SIZEOF_RTATTR);
                }
                at += Netlink.align(alen);
            }
            return min < 0 || max < 0 ? null : new int[] {min, max};
        } catch (NativeException | RuntimeException e) {
            return null;
        }
    }
}
