package io.jvswitch.control.runtime;

import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.Netlink;
import io.jvswitch.ffi.linux.RtNetlink;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Looks at a host interface before a port takes it: does it exist, is it already a member of something
 * (Linux bridge, bond, Open vSwitch's kernel datapath: {@code /sys/class/net/NAME/master}), does an XDP program
 * run on it ({@code RTM_GETLINK}'s {@code IFLA_XDP}: another jvswitch, OVS with {@code type=afxdp}, any XDP
 * user). Slow path only.
 */
final class LinkProbe {
    private LinkProbe() {
    }

    static boolean exists(String ifname) {
        return Files.isDirectory(Path.of("/sys/class/net", ifname));
    }

    /** The name of the interface's master device, or null. */
    static String master(String ifname) {
        try {
            return Files.readSymbolicLink(Path.of("/sys/class/net", ifname, "master")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The attached XDP program as "id N, MODE mode", or null when none is attached (or netlink cannot say). */
    static String xdpProgram(String ifname) {
        try (RtNetlink nl = RtNetlink.open()) {
            nl.begin(Netlink.RTM_GETLINK, Netlink.NLM_F_REQUEST, 0).putAttrString(Netlink.IFLA_IFNAME, ifname);
            long mlen = nl.request(true);
            MemorySegment rx = nl.reply();
            long at = Netlink.SIZEOF_NLMSGHDR + Netlink.SIZEOF_IFINFOMSG;
            while (at + Netlink.SIZEOF_RTATTR <= mlen) {
                int alen = Short.toUnsignedInt(rx.get(ValueLayout.JAVA_SHORT, at + Netlink.OFF_RTA_LEN));
                int type = Short.toUnsignedInt(rx.get(ValueLayout.JAVA_SHORT, at + Netlink.OFF_RTA_TYPE))
                        & ~Netlink.NLA_F_NESTED;
                if (alen < Netlink.SIZEOF_RTATTR) {
                    return null;
                }
                if (type == Netlink.IFLA_XDP) {
                    return xdp(rx, at + Netlink.SIZEOF_RTATTR, at + alen);
                }
                at += Netlink.align(alen);
            }
            return null;
        } catch (NativeException | RuntimeException e) {
            return null;
        }
    }

    private static String xdp(MemorySegment rx, long from, long end) {
        int attached = Netlink.XDP_ATTACHED_NONE;
        long progId = 0;
        for (long at = from; at + Netlink.SIZEOF_RTATTR <= end; ) {
            int alen = Short.toUnsignedInt(rx.get(ValueLayout.JAVA_SHORT, at + Netlink.OFF_RTA_LEN));
            int type = Short.toUnsignedInt(rx.get(ValueLayout.JAVA_SHORT, at + Netlink.OFF_RTA_TYPE));
            if (alen < Netlink.SIZEOF_RTATTR) {
                break;
            }
            long payload = at + Netlink.SIZEOF_RTATTR;
            if (type == Netlink.IFLA_XDP_ATTACHED) {
                attached = Byte.toUnsignedInt(rx.get(ValueLayout.JAVA_BYTE, payload));
            } else if (type == Netlink.IFLA_XDP_PROG_ID) {
                progId = Integer.toUnsignedLong(rx.get(ValueLayout.JAVA_INT, payload));
            }
            at += Netlink.align(alen);
        }
        String mode = switch (attached) {
            case Netlink.XDP_ATTACHED_NONE -> null;
            case Netlink.XDP_ATTACHED_DRV -> "native";
            case Netlink.XDP_ATTACHED_SKB -> "generic";
            case Netlink.XDP_ATTACHED_HW -> "offloaded";
            default -> "several";
        };
        if (mode == null) {
            return null;
        }
        return (progId != 0 ? "id " + progId + ", " : "") + mode + " mode";
    }
}
