package io.jvswitch.ffi.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * netlink / rtnetlink uapi ({@code <linux/netlink.h>}, {@code <linux/rtnetlink.h>},
 * {@code <linux/if_link.h>}): message and attribute headers, link attributes, and the {@code IFLA_XDP}
 * attributes and flags used to attach an XDP program to an interface.
 *
 * <p>Design as in {@link Xdp}; a minimal request/response helper lives in {@link RtNetlink}.
 */
public final class Netlink {
    public static final int NETLINK_ROUTE = 0;

    // nlmsg_flags
    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;

    // nlmsg_type
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;

    public static final int NLMSG_ALIGNTO = 4;
    public static final int RTA_ALIGNTO = 4;
    public static final int NLA_F_NESTED = 1 << 15;

    // IFLA_* (enum in <linux/if_link.h>)
    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_EXT_MASK = 29;
    public static final int IFLA_NUM_TX_QUEUES = 31;
    public static final int IFLA_NUM_RX_QUEUES = 32;
    public static final int IFLA_XDP = 43;
    public static final int IFLA_MIN_MTU = 50;
    public static final int IFLA_MAX_MTU = 51;

    // nested in IFLA_XDP
    public static final int IFLA_XDP_FD = 1;
    public static final int IFLA_XDP_ATTACHED = 2;
    public static final int IFLA_XDP_FLAGS = 3;
    public static final int IFLA_XDP_PROG_ID = 4;
    public static final int IFLA_XDP_DRV_PROG_ID = 5;
    public static final int IFLA_XDP_SKB_PROG_ID = 6;
    public static final int IFLA_XDP_HW_PROG_ID = 7;
    public static final int IFLA_XDP_EXPECTED_FD = 8;

    // IFLA_XDP_FLAGS
    public static final int XDP_FLAGS_UPDATE_IF_NOEXIST = 1;
    public static final int XDP_FLAGS_SKB_MODE = 1 << 1;
    public static final int XDP_FLAGS_DRV_MODE = 1 << 2;
    public static final int XDP_FLAGS_HW_MODE = 1 << 3;
    public static final int XDP_FLAGS_REPLACE = 1 << 4;

    // IFLA_XDP_ATTACHED values
    public static final int XDP_ATTACHED_NONE = 0;
    public static final int XDP_ATTACHED_DRV = 1;
    public static final int XDP_ATTACHED_SKB = 2;
    public static final int XDP_ATTACHED_HW = 3;
    public static final int XDP_ATTACHED_MULTI = 4;

    public static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
        JAVA_SHORT.withName("nl_family"),
        JAVA_SHORT.withName("nl_pad"),
        JAVA_INT.withName("nl_pid"),
        JAVA_INT.withName("nl_groups")).withName("sockaddr_nl");
    public static final long SIZEOF_SOCKADDR_NL = SOCKADDR_NL.byteSize();
    public static final long OFF_NL_FAMILY = Layouts.offset(SOCKADDR_NL, "nl_family");
    public static final long OFF_NL_PID = Layouts.offset(SOCKADDR_NL, "nl_pid");
    public static final long OFF_NL_GROUPS = Layouts.offset(SOCKADDR_NL, "nl_groups");

    public static final StructLayout NLMSGHDR = MemoryLayout.structLayout(
        JAVA_INT.withName("nlmsg_len"),
        JAVA_SHORT.withName("nlmsg_type"),
        JAVA_SHORT.withName("nlmsg_flags"),
        JAVA_INT.withName("nlmsg_seq"),
        JAVA_INT.withName("nlmsg_pid")).withName("nlmsghdr");
    public static final long SIZEOF_NLMSGHDR = NLMSGHDR.byteSize();
    public static final long OFF_NLMSG_LEN = Layouts.offset(NLMSGHDR, "nlmsg_len");
    public static final long OFF_NLMSG_TYPE = Layouts.offset(NLMSGHDR, "nlmsg_type");
    public static final long OFF_NLMSG_FLAGS = Layouts.offset(NLMSGHDR, "nlmsg_flags");
    public static final long OFF_NLMSG_SEQ = Layouts.offset(NLMSGHDR, "nlmsg_seq");
    public static final long OFF_NLMSG_PID = Layouts.offset(NLMSGHDR, "nlmsg_pid");

    public static final StructLayout NLMSGERR = MemoryLayout.structLayout(
        JAVA_INT.withName("error"),
        NLMSGHDR.withName("msg")).withName("nlmsgerr");
    public static final long SIZEOF_NLMSGERR = NLMSGERR.byteSize();
    public static final long OFF_NLMSGERR_ERROR = Layouts.offset(NLMSGERR, "error");

    public static final StructLayout IFINFOMSG = MemoryLayout.structLayout(
        JAVA_BYTE.withName("ifi_family"),
        JAVA_BYTE.withName("__ifi_pad"),
        JAVA_SHORT.withName("ifi_type"),
        JAVA_INT.withName("ifi_index"),
        JAVA_INT.withName("ifi_flags"),
        JAVA_INT.withName("ifi_change")).withName("ifinfomsg");
    public static final long SIZEOF_IFINFOMSG = IFINFOMSG.byteSize();
    public static final long OFF_IFI_FAMILY = Layouts.offset(IFINFOMSG, "ifi_family");
    public static final long OFF_IFI_TYPE = Layouts.offset(IFINFOMSG, "ifi_type");
    public static final long OFF_IFI_INDEX = Layouts.offset(IFINFOMSG, "ifi_index");
    public static final long OFF_IFI_FLAGS = Layouts.offset(IFINFOMSG, "ifi_flags");
    public static final long OFF_IFI_CHANGE = Layouts.offset(IFINFOMSG, "ifi_change");

    /** {@code struct rtattr} (same shape as {@code struct nlattr}). */
    public static final StructLayout RTATTR = MemoryLayout.structLayout(
        JAVA_SHORT.withName("rta_len"),
        JAVA_SHORT.withName("rta_type")).withName("rtattr");
    public static final long SIZEOF_RTATTR = RTATTR.byteSize();
    public static final long OFF_RTA_LEN = Layouts.offset(RTATTR, "rta_len");
    public static final long OFF_RTA_TYPE = Layouts.offset(RTATTR, "rta_type");

    private Netlink() {
    }

    /** {@code NLMSG_ALIGN}/{@code RTA_ALIGN}: rounds up to 4. */
    public static long align(long len) {
        return (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1L);
    }
}
