package io.jvswitch.vport.afxdp;

import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.Bpf;
import io.jvswitch.ffi.linux.Netlink;
import io.jvswitch.ffi.linux.RtNetlink;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The XDP side of an AF_XDP port: an {@code XSKMAP} with one slot per rx queue and a hand-assembled program that
 * redirects every frame to the socket of the queue it arrived on, attached to the interface.
 *
 * <h2>The program</h2> What libxdp's default program does on kernels since 5.3, in six instructions:
 * <pre>
 *   r2 = *(u32 *)(r1 + 16)      ; ctx-&gt;rx_queue_index (struct xdp_md)
 *   r1 = map[xskmap]            ; ld_imm64 with BPF_PSEUDO_MAP_FD (two slots)
 *   r3 = XDP_PASS               ; action when the slot is empty (no socket on that queue)
 *   call bpf_redirect_map
 *   exit
 * </pre>
 * Loaded with {@code BPF_F_XDP_HAS_FRAGS} (it never reads the packet, so multi-buffer frames are fine), which
 * also lets drivers such as veth keep XDP on with MTUs above a page; reloaded without it on kernels that do not
 * know the flag (before 5.18).
 *
 * <h2>Attach</h2> With {@code BPF_LINK_CREATE} ({@code BPF_XDP}, driver or skb mode): the link lives exactly as
 * long as its file descriptor, so when the process dies, even by SIGKILL, the kernel detaches the program and no
 * stale program is left on the interface. Only where the kernel cannot make XDP links (before 5.9) the program is
 * attached with netlink {@code IFLA_XDP} and {@link #close()} detaches it (a killed process then leaves it
 * behind). An interface that already has an XDP program is refused: it belongs to someone else.
 *
 * <h2>Thread-safety</h2> Set-up and close only, from one thread.
 */
final class XskProgram implements AutoCloseable {
    private static final String LICENSE = "Dual MIT/GPL";
    private static final int XDP_MD_RX_QUEUE_INDEX = 16;
    private static final int INSNS = 6;
    private static final int LOG_SIZE = 16 * 1024;

    private final String ifname;
    private final int ifindex;
    private int mapFd;
    private int progFd;
    private int linkFd = -1;
    private int netlinkFlags;
    private String mode;
    private final boolean frags;

    private XskProgram(String ifname, int ifindex, int mapFd, int progFd, boolean frags) {
        this.ifname = ifname;
        this.ifindex = ifindex;
        this.mapFd = mapFd;
        this.progFd = progFd;
        this.frags = frags;
    }

    /** Creates the map ({@code queues} slots) and loads the program; nothing is attached yet. */
    static XskProgram load(String ifname, int ifindex, int queues) throws IOException {
        String what = "afxdp port " + ifname + ": ";
        int mapFd;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(Bpf.MAP_CREATE_ATTR);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_MAP_TYPE, Bpf.BPF_MAP_TYPE_XSKMAP);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_KEY_SIZE, 4);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_VALUE_SIZE, 4);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_MAX_ENTRIES, queues);
            putName(attr, Bpf.OFF_MAP_NAME, "jvs_xsks");
            long r = LibC.bpf(Bpf.BPF_MAP_CREATE, attr, (int) attr.byteSize());
            if (r < 0) {
                throw new IOException(what + "bpf(BPF_MAP_CREATE, XSKMAP of " + queues + "): "
                        + Errno.describe((int) -r) + bpfHint((int) -r));
            }
            mapFd = (int) r;
        }
        try {
            boolean frags = true;
            long r = loadProgram(mapFd, true, null);
            if (r == -Errno.EINVAL) {
                frags = false;
                r = loadProgram(mapFd, false, null);
            }
            if (r < 0) {
                String log;
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment buf = a.allocate(LOG_SIZE);
                    loadProgram(mapFd, frags, buf);
                    log = buf.getString(0, StandardCharsets.UTF_8).strip();
                }
                throw new IOException(what + "bpf(BPF_PROG_LOAD) of the XSK redirect program: "
                        + Errno.describe((int) -r) + bpfHint((int) -r) + (log.isEmpty() ? "" : "; verifier: " + log));
            }
            return new XskProgram(ifname, ifindex, mapFd, (int) r, frags);
        } catch (IOException | RuntimeException e) {
            LibC.close(mapFd);
            throw e;
        }
    }

    private static long loadProgram(int mapFd, boolean frags, MemorySegment log) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment insns = a.allocate(INSNS * Bpf.SIZEOF_BPF_INSN, 8);
            Bpf.insn(insns, 0, Bpf.BPF_LDX | Bpf.BPF_W | Bpf.BPF_MEM, 2, 1, XDP_MD_RX_QUEUE_INDEX, 0);
            Bpf.insn(insns, 1, Bpf.BPF_LD | Bpf.BPF_DW | Bpf.BPF_IMM, 1, Bpf.BPF_PSEUDO_MAP_FD, 0, mapFd);
            Bpf.insn(insns, 2, 0, 0, 0, 0, 0);
            Bpf.insn(insns, 3, Bpf.BPF_ALU64 | Bpf.BPF_MOV | Bpf.BPF_K, 3, 0, 0, Bpf.XDP_PASS);
            Bpf.insn(insns, 4, Bpf.BPF_JMP | Bpf.BPF_CALL, 0, 0, 0, Bpf.BPF_FUNC_redirect_map);
            Bpf.insn(insns, 5, Bpf.BPF_JMP | Bpf.BPF_EXIT, 0, 0, 0, 0);
            MemorySegment license = a.allocateFrom(LICENSE);
            MemorySegment attr = a.allocate(Bpf.PROG_LOAD_ATTR);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_PROG_TYPE, Bpf.BPF_PROG_TYPE_XDP);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_INSN_CNT, INSNS);
            attr.set(ValueLayout.JAVA_LONG, Bpf.OFF_INSNS, insns.address());
            attr.set(ValueLayout.JAVA_LONG, Bpf.OFF_LICENSE, license.address());
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_PROG_FLAGS, frags ? Bpf.BPF_F_XDP_HAS_FRAGS : 0);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_EXPECTED_ATTACH_TYPE, Bpf.BPF_XDP);
            putName(attr, Bpf.OFF_PROG_NAME, "jvs_xsk_redir");
            if (log != null) {
                attr.set(ValueLayout.JAVA_INT, Bpf.OFF_LOG_LEVEL, 1);
                attr.set(ValueLayout.JAVA_INT, Bpf.OFF_LOG_SIZE, (int) log.byteSize());
                attr.set(ValueLayout.JAVA_LONG, Bpf.OFF_LOG_BUF, log.address());
            }
            return LibC.bpf(Bpf.BPF_PROG_LOAD, attr, (int) attr.byteSize());
        }
    }

    private static void putName(MemorySegment attr, long off, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(b, 0, attr, ValueLayout.JAVA_BYTE, off, Math.min(b.length, Bpf.BPF_OBJ_NAME_LEN - 1));
    }

    private static String bpfHint(int errno) {
        return errno == Errno.EPERM ? " (loading BPF programs needs CAP_BPF and CAP_NET_ADMIN: run as root)" : "";
    }

    /** Refuses an interface that already has an XDP program (another switch, or a leftover). */
    static void checkNoProgram(String ifname, int ifindex) throws IOException {
        int[] xdp;
        try (RtNetlink nl = RtNetlink.open()) {
            xdp = nl.xdpAttachment(ifindex);
        } catch (NativeException e) {
            throw new IOException("afxdp port " + ifname + ": reading the interface's XDP state: " + e.getMessage(),
                    e);
        }
        if (xdp[0] != Netlink.XDP_ATTACHED_NONE) {
            throw new IOException("afxdp port " + ifname + ": interface " + ifname
                    + " already has an XDP program attached (another switch?): "
                    + attachedMode(xdp[0]) + " program id " + xdp[1] + "; see 'ip -d link show dev " + ifname
                    + "'");
        }
    }

    private static String attachedMode(int attached) {
        return switch (attached) {
            case Netlink.XDP_ATTACHED_DRV -> "native";
            case Netlink.XDP_ATTACHED_SKB -> "generic";
            case Netlink.XDP_ATTACHED_HW -> "offloaded";
            default -> "several";
        };
    }

    /**
     * Attaches the program in native (driver) or generic (skb) mode.
     *
     * @return null when attached; otherwise why not (the errno, or that XDP links are unsupported)
     */
    String attach(boolean nativeMode) {
        int flags = nativeMode ? Netlink.XDP_FLAGS_DRV_MODE : Netlink.XDP_FLAGS_SKB_MODE;
        long r;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(Bpf.LINK_CREATE_ATTR);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_LINK_PROG_FD, progFd);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_LINK_TARGET_IFINDEX, ifindex);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_LINK_ATTACH_TYPE, Bpf.BPF_XDP);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_LINK_FLAGS, flags);
            r = LibC.bpf(Bpf.BPF_LINK_CREATE, attr, (int) attr.byteSize());
        }
        String modeName = nativeMode ? "native" : "generic";
        if (r >= 0) {
            linkFd = (int) r;
            mode = modeName;
            return null;
        }
        int errno = (int) -r;
        if (errno == Errno.EINVAL && !linkSupported()) {
            // kernels before 5.9: no XDP links; attach with netlink and detach in close()
            int nl = flags | Netlink.XDP_FLAGS_UPDATE_IF_NOEXIST;
            try (RtNetlink rt = RtNetlink.open()) {
                rt.setLinkXdpFd(ifindex, progFd, nl);
                netlinkFlags = nl;
                mode = modeName;
                return null;
            } catch (NativeException e) {
                return modeName + " XDP (netlink, no BPF link support): " + e.getMessage();
            }
        }
        return modeName + " XDP: bpf(BPF_LINK_CREATE) " + Errno.describe(errno)
                + (errno == Errno.EBUSY || errno == Errno.EEXIST
                ? " (the interface already has an XDP program attached (another switch?))" : "")
                + (errno == Errno.ERANGE ? " (the MTU is too large for XDP on this driver)" : "")
                + (errno == Errno.EOPNOTSUPP && nativeMode ? " (the driver has no native XDP)" : "");
    }

    /** Whether this kernel makes XDP BPF links (Linux 5.9+), from {@code os.version} ("6.18.44-..."). */
    static boolean linkSupported() {
        return kernelAtLeast(System.getProperty("os.version", ""), 5, 9);
    }

    static boolean kernelAtLeast(String release, int major, int minor) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!m.find()) {
            return true; // unknown: assume a current kernel
        }
        int ma = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        return ma > major || ma == major && mi >= minor;
    }

    /** Puts socket {@code xskFd} in the map slot of rx queue {@code queue}. */
    void register(int queue, int xskFd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment key = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment value = a.allocate(ValueLayout.JAVA_INT);
            key.set(ValueLayout.JAVA_INT, 0, queue);
            value.set(ValueLayout.JAVA_INT, 0, xskFd);
            MemorySegment attr = a.allocate(Bpf.MAP_ELEM_ATTR);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_ELEM_MAP_FD, mapFd);
            attr.set(ValueLayout.JAVA_LONG, Bpf.OFF_ELEM_KEY, key.address());
            attr.set(ValueLayout.JAVA_LONG, Bpf.OFF_ELEM_VALUE, value.address());
            attr.set(ValueLayout.JAVA_LONG, Bpf.OFF_ELEM_FLAGS, Bpf.BPF_ANY);
            long r = LibC.bpf(Bpf.BPF_MAP_UPDATE_ELEM, attr, (int) attr.byteSize());
            if (r < 0) {
                throw new IOException("afxdp port " + ifname + ": bpf(BPF_MAP_UPDATE_ELEM, queue " + queue + "): "
                        + Errno.describe((int) -r));
            }
        }
    }

    /** "native" or "generic" once attached, else null. */
    String mode() {
        return mode;
    }

    /** Whether the program was loaded with {@code BPF_F_XDP_HAS_FRAGS}. */
    boolean frags() {
        return frags;
    }

    /** Detaches (closes the link, or detaches with netlink) and frees the program and the map. Idempotent. */
    @Override
    public void close() {
        if (linkFd >= 0) {
            LibC.close(linkFd);
            linkFd = -1;
        }
        if (netlinkFlags != 0) {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.setLinkXdpFd(ifindex, -1, netlinkFlags & ~Netlink.XDP_FLAGS_UPDATE_IF_NOEXIST);
            } catch (NativeException e) {
                System.getLogger(XskProgram.class.getName()).log(System.Logger.Level.WARNING,
                        "afxdp port " + ifname + ": detaching the XDP program: " + e.getMessage());
            }
            netlinkFlags = 0;
        }
        if (progFd >= 0) {
            LibC.close(progFd);
            progFd = -1;
        }
        if (mapFd >= 0) {
            LibC.close(mapFd);
            mapFd = -1;
        }
        mode = null;
    }
}
