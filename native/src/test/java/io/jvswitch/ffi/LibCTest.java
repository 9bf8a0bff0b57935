package io.jvswitch.ffi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Behaviour of the libc downcalls and the -errno convention (these need no privileges). */
class LibCTest {
    @Test
    void getpidIsThisProcess() {
        assertEquals(ProcessHandle.current().pid(), LibC.getpid());
    }

    @Test
    void ifNameToIndexOfLoopbackAndMissingName() {
        assertEquals(1, LibC.ifNameToIndex("lo"));
        int r = LibC.ifNameToIndex("nosuchif0");
        assertEquals(-Errno.ENODEV, r, "if_nametoindex returned 0 with errno " + Errno.name(-r));
    }

    @Test
    void socketWithUnknownFamilyGivesEafnosupport() {
        int r = LibC.socket(12345, LibC.SOCK_RAW, 0);
        assertEquals(-Errno.EAFNOSUPPORT, r);
        assertEquals("EAFNOSUPPORT", Errno.name(-r));
        assertEquals("Address family not supported by protocol", Errno.strerror(-r));
        NativeException e = assertThrows(NativeException.class, () -> Errno.check(r, "socket(12345)"));
        assertEquals(Errno.EAFNOSUPPORT, e.errno());
        assertEquals("socket(12345): EAFNOSUPPORT (Address family not supported by protocol)", e.getMessage());
    }

    @Test
    void afXdpSocketGivesAnFdAsRootOrEpermOtherwise() {
        int fd = LibC.socket(LibC.AF_XDP, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        if (fd >= 0) {
            System.out.println("socket(AF_XDP) as " + (Privileged.isRoot() ? "root" : "non-root") + ": fd " + fd);
            assertEquals(0, LibC.close(fd));
        } else {
            System.out.println("socket(AF_XDP) not root: " + Errno.describe(-fd));
            assertEquals(-Errno.EPERM, fd, Errno.describe(-fd));
        }
        assertEquals(-Errno.EBADF, LibC.close(fd >= 0 ? fd : 1 << 20), "closing a closed fd gives EBADF");
    }

    @Test
    void mmapAnonymousRoundTrip() throws NativeException {
        long len = 1 << 20;
        long addr = LibC.mmap(0, len, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        assertTrue(addr > 0, "mmap: " + (addr < 0 ? Errno.describe((int) -addr) : addr));
        MemorySegment m = MemorySegment.ofAddress(addr).reinterpret(len);
        m.set(JAVA_LONG, len - 8, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, m.get(JAVA_LONG, len - 8));
        assertEquals(0L, m.get(JAVA_LONG, 0));
        assertEquals(0, LibC.munmap(addr, len));
        assertEquals(-Errno.EINVAL, LibC.munmap(addr + 1, len), "unaligned munmap");
        // the arena-owned helper unmaps on close
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = LibC.mmapSegment(len, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0, a);
            s.set(JAVA_INT, 4096, 7);
            assertEquals(7, s.get(JAVA_INT, 4096));
        }
        NativeException e = assertThrows(NativeException.class, () -> LibC.mmapSegment(len, LibC.PROT_READ,
            LibC.MAP_SHARED, 1 << 20, 0, Arena.global()));
        assertEquals(Errno.EBADF, e.errno());
    }

    @Test
    void pollOnEventfd() {
        int efd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        assertTrue(efd >= 0, "eventfd: " + efd);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pfd = a.allocate(LibC.SIZEOF_POLLFD, 8);
            MemorySegment buf = a.allocate(8, 8);
            pfd.set(JAVA_INT, LibC.OFF_POLLFD_FD, efd);
            pfd.set(JAVA_SHORT, LibC.OFF_POLLFD_EVENTS, (short) LibC.POLLIN);
            assertEquals(0, LibC.poll(pfd, 1, 0), "nothing readable yet");
            assertEquals(-Errno.EAGAIN, LibC.read(efd, buf, 8), "non-blocking read of an empty eventfd");
            buf.set(JAVA_LONG, 0, 3);
            assertEquals(8, LibC.write(efd, buf, 8));
            assertEquals(1, LibC.poll(pfd, 1, 1000));
            assertEquals(LibC.POLLIN, pfd.get(JAVA_SHORT, LibC.OFF_POLLFD_REVENTS) & LibC.POLLIN);
            buf.set(JAVA_LONG, 0, 0);
            assertEquals(8, LibC.read(efd, buf, 8));
            assertEquals(3, buf.get(JAVA_LONG, 0));
        } finally {
            assertEquals(0, LibC.close(efd));
        }
    }

    @Test
    void prctlSetNameIsVisibleInProcComm() throws Exception {
        String[] seen = new String[3];
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                assertEquals(0, LibC.setCurrentThreadName("jvs-pmd-test-long-name"));
                int tid = LibC.gettid();
                seen[0] = Files.readString(Path.of("/proc/self/task/" + tid + "/comm")).strip();
                seen[1] = LibC.currentThreadName();
                seen[2] = String.valueOf(tid != LibC.getpid());
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        assertEquals("jvs-pmd-test-lo", seen[0], "truncated to 15 bytes");
        assertEquals("jvs-pmd-test-lo", seen[1]);
        assertEquals("true", seen[2], "a non-main thread has its own tid");
    }

    @Test
    void pinCurrentThreadToCpu0AndBack() throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                BitSet original = CpuAffinity.currentThreadAffinity();
                assertTrue(original.get(0), "CPU 0 allowed: " + original);
                CpuAffinity.pinCurrentThread(0);
                BitSet pinned = CpuAffinity.currentThreadAffinity();
                assertEquals(BitSet.valueOf(new long[] {1}), pinned);
                CpuAffinity.setCurrentThreadAffinity(original);
                assertEquals(original, CpuAffinity.currentThreadAffinity());
                BitSet bogus = new BitSet();
                bogus.set(LibC.CPU_SETSIZE - 1);
                NativeException e = assertThrows(NativeException.class,
                    () -> CpuAffinity.setCurrentThreadAffinity(bogus));
                assertEquals(Errno.EINVAL, e.errno());
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    @Test
    void errnoNamesAndMessages() {
        assertEquals("EPERM", Errno.name(Errno.EPERM));
        assertEquals("EBUSY", Errno.name(16));
        assertEquals("ENOTSUPP", Errno.name(Errno.ENOTSUPP_KERNEL));
        assertEquals("errno 4000", Errno.name(4000));
        assertEquals("ENOENT (No such file or directory)", Errno.describe(Errno.ENOENT));
        assertEquals(-Errno.ENOENT, LibC.open("/nonexistent/jvswitch", LibC.O_RDONLY));
    }
}
