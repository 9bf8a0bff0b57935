package io.jvswitch.ffi;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.ffi.linux.Bpf;
import io.jvswitch.ffi.linux.IfReq;
import io.jvswitch.ffi.linux.Netlink;
import io.jvswitch.ffi.linux.RtNetlink;
import io.jvswitch.ffi.linux.Tun;
import io.jvswitch.ffi.linux.Xdp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Kernel interfaces the ports use: bpf(), AF_XDP socket options, ioctls on ifreq, TUN, rtnetlink. Tests that
 * need root fail when not root, unless JVSWITCH_ALLOW_SKIP_PRIVILEGED=1 (then they skip).
 */
class LinuxPrivilegedTest {
    @Test
    void bpfMapCreateXskmap() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(Bpf.MAP_CREATE_ATTR);
            attr.set(JAVA_INT, Bpf.OFF_MAP_TYPE, Bpf.BPF_MAP_TYPE_XSKMAP);
            attr.set(JAVA_INT, Bpf.OFF_KEY_SIZE, 4);
            attr.set(JAVA_INT, Bpf.OFF_VALUE_SIZE, 4);
            attr.set(JAVA_INT, Bpf.OFF_MAX_ENTRIES, 4);
            MemorySegment.copy("jvs_test_xsk".getBytes(), 0, attr, JAVA_BYTE, Bpf.OFF_MAP_NAME, 12);
            long fd = LibC.bpf(Bpf.BPF_MAP_CREATE, attr, (int) Bpf.MAP_CREATE_ATTR.byteSize());
            if (fd < 0) {
                if (!Privileged.isRoot()) {
                    assertEquals(-Errno.EPERM, fd, Errno.describe((int) -fd));
                    Privileged.unavailable("BPF_MAP_CREATE(XSKMAP) gave " + Errno.describe((int) -fd)
                        + " as non-root, as expected; the success path needs root");
                }
                throw new AssertionError("BPF_MAP_CREATE(XSKMAP) as root: " + Errno.describe((int) -fd));
            }
            // An XSKMAP rejects a value that is not an AF_XDP socket fd: exercise BPF_MAP_UPDATE_ELEM's layout.
            MemorySegment key = a.allocate(JAVA_INT);
            MemorySegment val = a.allocate(JAVA_INT);
            val.set(JAVA_INT, 0, 0); // stdin is not an XDP socket
            MemorySegment upd = a.allocate(Bpf.MAP_ELEM_ATTR);
            upd.set(JAVA_INT, Bpf.OFF_ELEM_MAP_FD, (int) fd);
            upd.set(JAVA_LONG, Bpf.OFF_ELEM_KEY, key.address());
            upd.set(JAVA_LONG, Bpf.OFF_ELEM_VALUE, val.address());
            long r = LibC.bpf(Bpf.BPF_MAP_UPDATE_ELEM, upd, (int) Bpf.MAP_ELEM_ATTR.byteSize());
            assertTrue(r == -Errno.ENOTSOCK || r == -Errno.EOPNOTSUPP || r == -Errno.EBADF,
                "update XSKMAP with a non-socket: " + r + " " + (r < 0 ? Errno.describe((int) -r) : ""));
            assertEquals(0, LibC.close((int) fd));
        }
    }

    @Test
    void afXdpSocketOptionsAsRoot() {
        Privileged.requireRoot("an AF_XDP socket");
        int fd = LibC.socket(LibC.AF_XDP, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        assertTrue(fd >= 0, "socket(AF_XDP) as root: " + (fd < 0 ? Errno.describe(-fd) : ""));
        try (Arena a = Arena.ofConfined()) {
            // Register a small UMEM, create a fill ring, read back the mmap offsets.
            long umemLen = 16 * 4096;
            MemorySegment umem = LibC.mmapSegment(umemLen, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0, a);
            MemorySegment reg = a.allocate(Xdp.XDP_UMEM_REG_LAYOUT);
            reg.set(JAVA_LONG, Xdp.OFF_UMEM_REG_ADDR, umem.address());
            reg.set(JAVA_LONG, Xdp.OFF_UMEM_REG_LEN, umemLen);
            reg.set(JAVA_INT, Xdp.OFF_UMEM_REG_CHUNK_SIZE, 4096);
            assertEquals(0, LibC.setsockopt(fd, Xdp.SOL_XDP, Xdp.XDP_UMEM_REG, reg, (int) Xdp.SIZEOF_XDP_UMEM_REG));
            assertEquals(0, LibC.setsockoptInt(fd, Xdp.SOL_XDP, Xdp.XDP_UMEM_FILL_RING, 64));
            assertEquals(0, LibC.setsockoptInt(fd, Xdp.SOL_XDP, Xdp.XDP_UMEM_COMPLETION_RING, 64));
            assertEquals(0, LibC.setsockoptInt(fd, Xdp.SOL_XDP, Xdp.XDP_RX_RING, 64));
            MemorySegment off = a.allocate(Xdp.XDP_MMAP_OFFSETS_LAYOUT);
            MemorySegment optlen = a.allocate(JAVA_INT);
            optlen.set(JAVA_INT, 0, (int) Xdp.SIZEOF_XDP_MMAP_OFFSETS);
            assertEquals(0, LibC.getsockopt(fd, Xdp.SOL_XDP, Xdp.XDP_MMAP_OFFSETS, off, optlen));
            assertEquals(Xdp.SIZEOF_XDP_MMAP_OFFSETS, optlen.get(JAVA_INT, 0), "kernel fills the v2 offsets");
            long frDesc = off.get(JAVA_LONG, Xdp.OFF_MMAP_FR + Xdp.OFF_RING_DESC);
            long frProducer = off.get(JAVA_LONG,
                Xdp.OFF_MMAP_FR + Xdp.OFF_RING_PRODUCER);
            assertTrue(frDesc > frProducer, "fill ring descs after its producer: " + frDesc);
            // Map the fill ring at its page offset.
            MemorySegment fill = LibC.mmapSegment(frDesc + 64 * 8, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_SHARED | LibC.MAP_POPULATE, fd, Xdp.XDP_UMEM_PGOFF_FILL_RING, a);
            assertEquals(0, fill.get(JAVA_INT, frProducer));
            MemorySegment stats = a.allocate(Xdp.XDP_STATISTICS_LAYOUT);
            optlen.set(JAVA_INT, 0, (int) Xdp.SIZEOF_XDP_STATISTICS);
            assertEquals(0, LibC.getsockopt(fd, Xdp.SOL_XDP, Xdp.XDP_STATISTICS, stats, optlen));
        } catch (NativeException e) {
            throw new AssertionError(e);
        } finally {
            assertEquals(0, LibC.close(fd));
        }
    }

    @Test
    void ifreqIoctlsOnLoopback() {
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        assertTrue(fd >= 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = a.allocate(IfReq.IFREQ);
            IfReq.setName(ifr, "lo");
            assertEquals(0, LibC.ioctl(fd, IfReq.SIOCGIFFLAGS, ifr));
            int flags = ifr.get(JAVA_SHORT, IfReq.OFF_IFR_FLAGS);
            assertTrue((flags & IfReq.IFF_LOOPBACK) != 0, "lo flags " + Integer.toHexString(flags));
            IfReq.setName(ifr, "lo");
            assertEquals(0, LibC.ioctl(fd, IfReq.SIOCGIFMTU, ifr));
            assertTrue(ifr.get(JAVA_INT, IfReq.OFF_IFR_MTU) >= 1500, "lo mtu");
            IfReq.setName(ifr, "lo");
            assertEquals(0, LibC.ioctl(fd, IfReq.SIOCGIFHWADDR, ifr));
            assertEquals(IfReq.ARPHRD_LOOPBACK, ifr.get(JAVA_SHORT, IfReq.OFF_IFR_HWADDR_FAMILY));
            IfReq.setName(ifr, "lo");
            assertEquals(0, LibC.ioctl(fd, IfReq.SIOCGIFINDEX, ifr));
            assertEquals(1, ifr.get(JAVA_INT, IfReq.OFF_IFR_IFINDEX));
            IfReq.setName(ifr, "nosuchif0");
            assertEquals(-Errno.ENODEV, LibC.ioctl(fd, IfReq.SIOCGIFMTU, ifr));
            assertEquals("nosuchif0", IfReq.name(ifr));
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void tapDeviceViaTunsetiff() {
        Privileged.requireRoot("creating a TAP device");
        int fd = LibC.open(Tun.DEV_NET_TUN, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            Privileged.unavailable(Tun.DEV_NET_TUN + ": " + Errno.describe(-fd));
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = a.allocate(IfReq.IFREQ);
            String name = "jvsffi" + (LibC.getpid() % 100000);
            IfReq.setName(ifr, name);
            ifr.set(JAVA_SHORT, IfReq.OFF_IFR_FLAGS, (short) (Tun.IFF_TAP | Tun.IFF_NO_PI));
            assertEquals(0, LibC.ioctl(fd, Tun.TUNSETIFF, ifr));
            assertEquals(name, IfReq.name(ifr));
            assertTrue(LibC.ifNameToIndex(name) > 1, "the TAP exists while its fd is open");
            MemorySegment buf = a.allocate(2048);
            assertEquals(-Errno.EAGAIN, LibC.read(fd, buf, 2048), "down, non-blocking TAP has nothing to read");
        } finally {
            assertEquals(0, LibC.close(fd));
        }
    }

    @Test
    void rtnetlinkGetLinkLo() throws NativeException {
        try (RtNetlink nl = RtNetlink.open()) {
            RtNetlink.LinkInfo lo = nl.getLink("lo");
            assertEquals(1, lo.index());
            assertEquals("lo", lo.name());
            assertTrue(lo.mtu() >= 1500, "lo mtu " + lo.mtu());
            assertEquals(IfReq.ARPHRD_LOOPBACK, lo.type());
            assertTrue((lo.flags() & IfReq.IFF_LOOPBACK) != 0);
            NativeException missing = assertThrows(NativeException.class, () -> nl.getLink("nosuchif0"));
            assertEquals(Errno.ENODEV, missing.errno(), missing.getMessage());
            // The XDP attach request on a missing ifindex exercises the nested IFLA_XDP path and the ack parser.
            NativeException xdp = assertThrows(NativeException.class,
                () -> nl.setLinkXdpFd(0x7ffffff0, -1, Netlink.XDP_FLAGS_SKB_MODE));
            assertEquals(Errno.ENODEV, xdp.errno(), xdp.getMessage());
        }
    }
}
