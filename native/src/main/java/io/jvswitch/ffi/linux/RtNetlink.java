package io.jvswitch.ffi.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * A minimal rtnetlink client for link queries and XDP attach/detach: one {@code NETLINK_ROUTE} socket,
 * one request at a time, a 32 KiB receive buffer.
 *
 * <p>Design: control-plane only (not thread-safe, allocates per call, throws {@link NativeException}).
 * Requests are built in place with {@link #begin}, {@link #putAttr} and {@link #beginNested}/
 * {@link #endNested}, then sent with {@link #request(boolean)}: replies are matched by sequence number,
 * an {@code NLMSG_ERROR} with a non-zero code becomes a {@code NativeException} with that errno.
 */
public final class RtNetlink implements AutoCloseable {
    /** A link as reported by {@code RTM_NEWLINK}. */
    public record LinkInfo(int index, String name, int mtu, int flags, int type) {
    }

    private static final int BUF = 32 * 1024;

    private final Arena arena = Arena.ofConfined();
    private final int fd;
    private final MemorySegment tx = arena.allocate(BUF, 8);
    private final MemorySegment rx = arena.allocate(BUF, 8);
    private long len;
    private int seq;

    private RtNetlink(int fd) {
        this.fd = fd;
    }

    /** Opens and binds a {@code NETLINK_ROUTE} socket. */
    public static RtNetlink open() throws NativeException {
        int fd = Errno.check(LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, Netlink.NETLINK_ROUTE),
            "socket(AF_NETLINK, NETLINK_ROUTE)");
        RtNetlink nl = new RtNetlink(fd);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(Netlink.SOCKADDR_NL);
            sa.set(JAVA_SHORT, Netlink.OFF_NL_FAMILY, (short) LibC.AF_NETLINK);
            Errno.check(LibC.bind(fd, sa, (int) Netlink.SIZEOF_SOCKADDR_NL), "bind(AF_NETLINK)");
        } catch (NativeException e) {
            nl.close();
            throw e;
        }
        return nl;
    }

    /** Starts a request: {@code nlmsghdr} then an {@code ifinfomsg} for {@code ifindex} (0: by name). */
    public RtNetlink begin(int type, int flags, int ifindex) {
        tx.asSlice(0, Netlink.SIZEOF_NLMSGHDR + Netlink.SIZEOF_IFINFOMSG).fill((byte) 0);
        tx.set(JAVA_SHORT, Netlink.OFF_NLMSG_TYPE, (short) type);
        tx.set(JAVA_SHORT, Netlink.OFF_NLMSG_FLAGS, (short) flags);
        tx.set(JAVA_INT, Netlink.OFF_NLMSG_SEQ, ++seq);
        long ifi = Netlink.SIZEOF_NLMSGHDR;
        tx.set(JAVA_BYTE, ifi + Netlink.OFF_IFI_FAMILY, (byte) LibC.AF_UNSPEC);
        tx.set(JAVA_INT, ifi + Netlink.OFF_IFI_INDEX, ifindex);
        len = ifi + Netlink.SIZEOF_IFINFOMSG;
        return this;
    }

    /** Appends an attribute with a raw payload. */
    public RtNetlink putAttr(int type, byte[] payload) {
        long at = len;
        tx.set(JAVA_SHORT, at + Netlink.OFF_RTA_LEN, (short) (Netlink.SIZEOF_RTATTR + payload.length));
        tx.set(JAVA_SHORT, at + Netlink.OFF_RTA_TYPE, (short) type);
        MemorySegment.copy(payload, 0, tx, JAVA_BYTE, at + Netlink.SIZEOF_RTATTR, payload.length);
        long end = Netlink.align(at + Netlink.SIZEOF_RTATTR + payload.length);
        tx.asSlice(at + Netlink.SIZEOF_RTATTR + payload.length, end - at - Netlink.SIZEOF_RTATTR - payload.length)
            .fill((byte) 0);
        len = end;
        return this;
    }

    /** Appends a 32-bit attribute (host order). */
    public RtNetlink putAttrInt(int type, int value) {
        long at = len;
        tx.set(JAVA_SHORT, at + Netlink.OFF_RTA_LEN, (short) (Netlink.SIZEOF_RTATTR + 4));
        tx.set(JAVA_SHORT, at + Netlink.OFF_RTA_TYPE, (short) type);
        tx.set(JAVA_INT, at + Netlink.SIZEOF_RTATTR, value);
        len = at + Netlink.SIZEOF_RTATTR + 4;
        return this;
    }

    /** Appends a NUL-terminated string attribute. */
    public RtNetlink putAttrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[s.length + 1];
        System.arraycopy(s, 0, z, 0, s.length);
        return putAttr(type, z);
    }

    /** Opens a nested attribute; returns its position for {@link #endNested(long)}. */
    public long beginNested(int type) {
        long at = len;
        tx.set(JAVA_SHORT, at + Netlink.OFF_RTA_TYPE, (short) (type | Netlink.NLA_F_NESTED));
        len = at + Netlink.SIZEOF_RTATTR;
        return at;
    }

    /** Closes the nested attribute opened at {@code at}. */
    public RtNetlink endNested(long at) {
        tx.set(JAVA_SHORT, at + Netlink.OFF_RTA_LEN, (short) (len - at));
        return this;
    }

    /**
     * Sends the built request and reads replies until the matching answer: an ack (returns 0 bytes of
     * payload), an error (throws), or the first reply message (returns its length; the message is at
     * offset 0 of {@link #reply()}).
     */
    public long request(boolean expectReply) throws NativeException {
        tx.set(JAVA_INT, Netlink.OFF_NLMSG_LEN, (int) len);
        int type = Short.toUnsignedInt(tx.get(JAVA_SHORT, Netlink.OFF_NLMSG_TYPE));
        Errno.check(LibC.sendto(fd, tx, len, 0, MemorySegment.NULL, 0), "netlink send type " + type);
        while (true) {
            long n = Errno.check(LibC.recvfrom(fd, rx, BUF, 0, MemorySegment.NULL, MemorySegment.NULL),
                "netlink recv");
            long off = 0;
            while (off + Netlink.SIZEOF_NLMSGHDR <= n) {
                int mlen = rx.get(JAVA_INT, off + Netlink.OFF_NLMSG_LEN);
                int mtype = Short.toUnsignedInt(rx.get(JAVA_SHORT, off + Netlink.OFF_NLMSG_TYPE));
                int mseq = rx.get(JAVA_INT, off + Netlink.OFF_NLMSG_SEQ);
                if (mlen < Netlink.SIZEOF_NLMSGHDR || off + mlen > n) {
                    throw new IllegalStateException("malformed netlink message, len " + mlen);
                }
                if (mseq == seq) {
                    if (mtype == Netlink.NLMSG_ERROR) {
                        int err = rx.get(JAVA_INT, off + Netlink.SIZEOF_NLMSGHDR + Netlink.OFF_NLMSGERR_ERROR);
                        if (err != 0) {
                            throw new NativeException("netlink request type " + type, -err);
                        }
                        if (!expectReply) {
                            return 0;
                        }
                    } else if (expectReply) {
                        if (off != 0) {
                            MemorySegment.copy(rx, off, rx, 0, mlen);
                        }
                        return mlen;
                    }
                }
                off += Netlink.align(mlen);
            }
        }
    }

    /** The receive buffer; after {@link #request(boolean)} returned a length, the reply is at offset 0. */
    public MemorySegment reply() {
        return rx;
    }

    /** {@code RTM_GETLINK} by name. */
    public LinkInfo getLink(String name) throws NativeException {
        begin(Netlink.RTM_GETLINK, Netlink.NLM_F_REQUEST, 0).putAttrString(Netlink.IFLA_IFNAME, name);
        long mlen = request(true);
        long ifi = Netlink.SIZEOF_NLMSGHDR;
        int index = rx.get(JAVA_INT, ifi + Netlink.OFF_IFI_INDEX);
        int flags = rx.get(JAVA_INT, ifi + Netlink.OFF_IFI_FLAGS);
        int type = Short.toUnsignedInt(rx.get(JAVA_SHORT, ifi + Netlink.OFF_IFI_TYPE));
        String ifname = null;
        int mtu = -1;
        long at = ifi + Netlink.SIZEOF_IFINFOMSG;
        while (at + Netlink.SIZEOF_RTATTR <= mlen) {
            int alen = Short.toUnsignedInt(rx.get(JAVA_SHORT, at + Netlink.OFF_RTA_LEN));
            int atype = Short.toUnsignedInt(rx.get(JAVA_SHORT, at + Netlink.OFF_RTA_TYPE)) & ~Netlink.NLA_F_NESTED;
            if (alen < Netlink.SIZEOF_RTATTR) {
                break;
            }
            long payload = at + Netlink.SIZEOF_RTATTR;
            if (atype == Netlink.IFLA_IFNAME) {
                ifname = rx.asSlice(payload, alen - Netlink.SIZEOF_RTATTR).getString(0, StandardCharsets.UTF_8);
            } else if (atype == Netlink.IFLA_MTU) {
                mtu = rx.get(JAVA_INT, payload);
            }
            at += Netlink.align(alen);
        }
        return new LinkInfo(index, ifname, mtu, flags, type);
    }

    /**
     * The XDP program attached to link {@code ifindex}, from {@code RTM_GETLINK}'s nested {@code IFLA_XDP}:
     * {@code {IFLA_XDP_ATTACHED (u8), IFLA_XDP_PROG_ID (u32)}}. Returns {@code {attached mode, program id}}:
     * {@code XDP_ATTACHED_NONE} and 0 when there is none; a mode such as {@code XDP_ATTACHED_DRV} and the
     * program's id otherwise ({@code XDP_ATTACHED_MULTI} reports no single id).
     */
    public int[] xdpAttachment(int ifindex) throws NativeException {
        begin(Netlink.RTM_GETLINK, Netlink.NLM_F_REQUEST, ifindex);
        long mlen = request(true);
        int attached = Netlink.XDP_ATTACHED_NONE;
        int progId = 0;
        long at = Netlink.SIZEOF_NLMSGHDR + Netlink.SIZEOF_IFINFOMSG;
        while (at + Netlink.SIZEOF_RTATTR <= mlen) {
            int alen = Short.toUnsignedInt(rx.get(JAVA_SHORT, at + Netlink.OFF_RTA_LEN));
            int atype = Short.toUnsignedInt(rx.get(JAVA_SHORT, at + Netlink.OFF_RTA_TYPE)) & ~Netlink.NLA_F_NESTED;
            if (alen < Netlink.SIZEOF_RTATTR) {
                break;
            }
            if (atype == Netlink.IFLA_XDP) {
                long in = at + Netlink.SIZEOF_RTATTR;
                long end = at + alen;
                while (in + Netlink.SIZEOF_RTATTR <= end) {
                    int ilen = Short.toUnsignedInt(rx.get(JAVA_SHORT, in + Netlink.OFF_RTA_LEN));
                    int itype = Short.toUnsignedInt(rx.get(JAVA_SHORT, in + Netlink.OFF_RTA_TYPE));
                    if (ilen < Netlink.SIZEOF_RTATTR) {
                        break;
                    }
                    if (itype == Netlink.IFLA_XDP_ATTACHED) {
                        attached = Byte.toUnsignedInt(rx.get(JAVA_BYTE, in + Netlink.SIZEOF_RTATTR));
                    } else if (itype == Netlink.IFLA_XDP_PROG_ID) {
                        progId = rx.get(JAVA_INT, in + Netlink.SIZEOF_RTATTR);
                    }
                    in += Netlink.align(ilen);
                }
            }
            at += Netlink.align(alen);
        }
        return new int[] {attached, progId};
    }

    /**
     * Attaches ({@code progFd >= 0}) or detaches ({@code -1}) the XDP program of {@code ifindex} with
     * {@code IFLA_XDP { IFLA_XDP_FD, IFLA_XDP_FLAGS }} in an {@code RTM_SETLINK}; {@code xdpFlags} picks the
     * mode ({@code XDP_FLAGS_SKB_MODE}, {@code XDP_FLAGS_DRV_MODE}) and {@code XDP_FLAGS_UPDATE_IF_NOEXIST}.
     */
    public void setLinkXdpFd(int ifindex, int progFd, int xdpFlags) throws NativeException {
        begin(Netlink.RTM_SETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, ifindex);
        long nest = beginNested(Netlink.IFLA_XDP);
        putAttrInt(Netlink.IFLA_XDP_FD, progFd);
        if (xdpFlags != 0) {
            putAttrInt(Netlink.IFLA_XDP_FLAGS, xdpFlags);
        }
        endNested(nest);
        request(false);
    }

    @Override
    public void close() {
        LibC.close(fd);
        arena.close();
    }
}
