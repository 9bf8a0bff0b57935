package io.jvswitch.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls into glibc for the socket, memory-map, poll, ioctl and thread calls the real ports and PMD
 * threads need.
 *
 * <p>Design:
 * <ul>
 *   <li>Every handle is a {@code static final MethodHandle} looked up once from
 *       {@code Linker.nativeLinker().defaultLookup()} (DESIGN.md rule 7), so the JIT inlines the call.</li>
 *   <li>Calls that can fail capture errno and follow the {@link Errno} convention: the raw result on
 *       success, {@code -errno} on failure; nothing throws on these paths.</li>
 *   <li>Variadic C functions (ioctl, open, fcntl, prctl, syscall) are linked with
 *       {@code firstVariadicArg}, as the x86_64 and aarch64 ABIs require.</li>
 *   <li>No handle is {@code critical}: poll, recvfrom and read block, and the others are syscalls whose
 *       cost (hundreds of ns) dwarfs the ~1 ns {@code critical} saves (java-toolchain.md §9). Buffers
 *       passed to these wrappers must therefore be native segments.</li>
 *   <li>Calls a datapath makes per batch ({@link #poll}, {@link #sendto}, {@link #recvfrom},
 *       {@link #read}, {@link #write}) take caller-owned segments and allocate nothing. Helpers taking a
 *       {@code String} allocate and are for setup only.</li>
 * </ul>
 * Constants are the Linux values for x86_64 (aarch64 agrees on all of them except {@link #SYS_BPF} and
 * {@link #SYS_GETTID}, which are chosen per architecture); the layout test checks each against the C headers.
 */
public final class LibC {
    // socket(2)
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;
    public static final int AF_XDP = 44;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_BUSY_POLL = 46;
    public static final int SO_PREFER_BUSY_POLL = 69;
    public static final int SO_BUSY_POLL_BUDGET = 70;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_TRUNC = 0x20;
    // mmap(2)
    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_PRIVATE = 2;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_POPULATE = 0x8000;
    public static final int MAP_HUGETLB = 0x40000;
    /** {@code madvise}: back the range with transparent huge pages where possible. */
    public static final int MADV_HUGEPAGE = 14;
    /** {@code madvise}: fault the range in, writable, now (kernel 5.14+). */
    public static final int MADV_POPULATE_WRITE = 23;
    // poll(2); struct pollfd is {int fd; short events; short revents;}
    public static final int POLLIN = 0x1;
    public static final int POLLPRI = 0x2;
    public static final int POLLOUT = 0x4;
    public static final int POLLERR = 0x8;
    public static final int POLLHUP = 0x10;
    public static final int POLLNVAL = 0x20;
    public static final long SIZEOF_POLLFD = 8;
    public static final long OFF_POLLFD_FD = 0;
    public static final long OFF_POLLFD_EVENTS = 4;
    public static final long OFF_POLLFD_REVENTS = 6;
    // open(2), fcntl(2)
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    // eventfd(2)
    public static final int EFD_SEMAPHORE = 1;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;
    // prctl(2)
    public static final int PR_SET_NAME = 15;
    public static final int PR_GET_NAME = 16;
    /** Thread names are at most 15 bytes plus NUL. */
    public static final int TASK_COMM_LEN = 16;
    // sched_setaffinity(2): glibc cpu_set_t has CPU_SETSIZE bits
    public static final int CPU_SETSIZE = 1024;
    // syscall numbers, per architecture
    /** {@code SYS_bpf}: 321 on x86_64, 280 on aarch64 (asm-generic). */
    public static final long SYS_BPF = isAarch64() ? 280 : 321;
    /** {@code SYS_gettid}: 186 on x86_64, 178 on aarch64. */
    public static final long SYS_GETTID = isAarch64() ? 178 : 186;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERR = Errno.CAPTURE_ERRNO;

    private static final MethodHandle SOCKET = errnoCall("socket", FunctionDescriptor.of(JAVA_INT,
        JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = errnoCall("bind", FunctionDescriptor.of(JAVA_INT,
        JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = errnoCall("setsockopt", FunctionDescriptor.of(JAVA_INT,
        JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = errnoCall("getsockopt", FunctionDescriptor.of(JAVA_INT,
        JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MMAP = errnoCall("mmap", FunctionDescriptor.of(JAVA_LONG,
        JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MADVISE = errnoCall("madvise", FunctionDescriptor.of(JAVA_INT, JAVA_LONG,
            JAVA_LONG, JAVA_INT));
    private static final MethodHandle MUNMAP = errnoCall("munmap", FunctionDescriptor.of(JAVA_INT,
        JAVA_LONG, JAVA_LONG));
    private static final MethodHandle POLL = errnoCall("poll", FunctionDescriptor.of(JAVA_INT,
        ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDTO = errnoCall("sendto", FunctionDescriptor.of(JAVA_LONG,
        JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVFROM = errnoCall("recvfrom", FunctionDescriptor.of(JAVA_LONG,
        JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle READ = errnoCall("read", FunctionDescriptor.of(JAVA_LONG,
        JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = errnoCall("write", FunctionDescriptor.of(JAVA_LONG,
        JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle IOCTL_INT = errnoCall("ioctl", FunctionDescriptor.of(JAVA_INT,
        JAVA_INT, JAVA_LONG, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_PTR = errnoCall("ioctl", FunctionDescriptor.of(JAVA_INT,
        JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle OPEN = errnoCall("open", FunctionDescriptor.of(JAVA_INT,
        ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FCNTL = errnoCall("fcntl", FunctionDescriptor.of(JAVA_INT,
        JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IF_NAMETOINDEX = errnoCall("if_nametoindex", FunctionDescriptor.of(JAVA_INT,
        ADDRESS));
    private static final MethodHandle SCHED_SETAFFINITY = errnoCall("sched_setaffinity",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SCHED_GETAFFINITY = errnoCall("sched_getaffinity",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle PRCTL = errnoCall("prctl", FunctionDescriptor.of(JAVA_INT,
        JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle EVENTFD = errnoCall("eventfd", FunctionDescriptor.of(JAVA_INT,
        JAVA_INT, JAVA_INT));
    private static final MethodHandle SYSCALL3 = errnoCall("syscall", FunctionDescriptor.of(JAVA_LONG,
        JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle GETPID = plainCall("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle STRERROR = plainCall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private LibC() {
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] opts = new Linker.Option[extra.length + 1];
        opts[0] = ERR;
        System.arraycopy(extra, 0, opts, 1, extra.length);
        return LINKER.downcallHandle(symbol(name), fd, opts);
    }

    private static MethodHandle plainCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd);
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc symbol not found: " + name));
    }

    private static boolean isAarch64() {
        return "aarch64".equals(System.getProperty("os.arch"));
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("unexpected checked exception from a downcall", t);
    }

    // ---------------------------------------------------------------- sockets

    /** {@code socket(2)}: an fd, or {@code -errno}. */
    public static int socket(int domain, int type, int protocol) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) SOCKET.invokeExact(st, domain, type, protocol), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code bind(2)}: 0, or {@code -errno}. */
    public static int bind(int fd, MemorySegment addr, int addrLen) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) BIND.invokeExact(st, fd, addr, addrLen), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code close(2)}: 0, or {@code -errno}. */
    public static int close(int fd) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) CLOSE.invokeExact(st, fd), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code setsockopt(2)}: 0, or {@code -errno}. */
    public static int setsockopt(int fd, int level, int name, MemorySegment value, int len) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) SETSOCKOPT.invokeExact(st, fd, level, name, value, len), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code setsockopt(2)} with an {@code int} value (setup path: allocates 4 bytes). */
    public static int setsockoptInt(int fd, int level, int name, int value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            return setsockopt(fd, level, name, v, 4);
        }
    }

    /**
     * {@code getsockopt(2)}: 0, or {@code -errno}. {@code lenInOut} is a {@code socklen_t} (4 bytes) holding
     * the size of {@code value} on entry and the size written on return.
     */
    public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment lenInOut) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) GETSOCKOPT.invokeExact(st, fd, level, name, value, lenInOut), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code sendto(2)}: bytes sent, or {@code -errno}. {@code buf} and {@code addr} may be
     * {@link MemorySegment#NULL} (an AF_XDP tx kick is {@code sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0)}).
     */
    public static long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((long) SENDTO.invokeExact(st, fd, buf, len, flags, addr, addrLen), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code recvfrom(2)}: bytes received, or {@code -errno}. {@code addr}/{@code addrLen} may be NULL. */
    public static long recvfrom(int fd, MemorySegment buf, long len, int flags, MemorySegment addr,
                                MemorySegment addrLen) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((long) RECVFROM.invokeExact(st, fd, buf, len, flags, addr, addrLen), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- files and memory

    /** {@code read(2)}: bytes read (0 at EOF), or {@code -errno}. */
    public static long read(int fd, MemorySegment buf, long len) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((long) READ.invokeExact(st, fd, buf, len), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code write(2)}: bytes written, or {@code -errno}. */
    public static long write(int fd, MemorySegment buf, long len) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((long) WRITE.invokeExact(st, fd, buf, len), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code open(2)} of a NUL-terminated path segment: an fd, or {@code -errno}. */
    public static int open(MemorySegment path, int flags, int mode) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) OPEN.invokeExact(st, path, flags, mode), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code open(2)} (setup path: allocates the C string). */
    public static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return open(a.allocateFrom(path), flags, 0);
        }
    }

    /** {@code fcntl(2)} with an int argument: the result, or {@code -errno}. */
    public static int fcntl(int fd, int cmd, int arg) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) FCNTL.invokeExact(st, fd, cmd, arg), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(2)} with an integer argument: the result, or {@code -errno}. */
    public static int ioctl(int fd, long request, int arg) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) IOCTL_INT.invokeExact(st, fd, request, arg), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(2)} with a pointer argument (e.g. a {@code struct ifreq}): the result, or {@code -errno}. */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) IOCTL_PTR.invokeExact(st, fd, request, arg), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mmap(2)}: the mapping's address, or {@code -errno} ({@code MAP_FAILED} is mapped to it). */
    public static long mmap(long addr, long len, int prot, int flags, int fd, long offset) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((long) MMAP.invokeExact(st, addr, len, prot, flags, fd, offset), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code madvise(2)}: 0, or {@code -errno}. */
    public static int madvise(long addr, long len, int advice) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) MADVISE.invokeExact(st, addr, len, advice), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code munmap(2)}: 0, or {@code -errno}. */
    public static int munmap(long addr, long len) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) MUNMAP.invokeExact(st, addr, len), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Setup helper: {@code mmap} and wrap the mapping as a segment of {@code len} bytes whose lifetime is
     * {@code arena}'s; closing the arena unmaps it.
     */
    public static MemorySegment mmapSegment(long len, int prot, int flags, int fd, long offset, Arena arena)
        throws NativeException {
        long addr = Errno.check(mmap(0L, len, prot, flags, fd, offset), "mmap(len " + len + ", offset 0x"
            + Long.toHexString(offset) + ")");
        return MemorySegment.ofAddress(addr).reinterpret(len, arena, s -> munmap(s.address(), len));
    }

    /**
     * {@code poll(2)} over {@code nfds} caller-owned {@code struct pollfd}s: the number ready (0 on timeout),
     * or {@code -errno}. Blocks up to {@code timeoutMs} (-1: forever).
     */
    public static int poll(MemorySegment fds, long nfds, int timeoutMs) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) POLL.invokeExact(st, fds, nfds, timeoutMs), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code eventfd(2)}: an fd, or {@code -errno}. */
    public static int eventfd(int initval, int flags) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) EVENTFD.invokeExact(st, initval, flags), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- interfaces

    /** {@code if_nametoindex(3)} (setup path): the index, or {@code -errno} (e.g. {@code -ENODEV}). */
    public static int ifNameToIndex(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Errno.state();
            int raw = (int) IF_NAMETOINDEX.invokeExact(st, a.allocateFrom(name));
            return raw == 0 ? -Errno.read(st) : raw;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- processes and threads

    /** {@code getpid(2)}. */
    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code gettid(2)} of the calling (carrier) thread. */
    public static int gettid() {
        return (int) syscall(SYS_GETTID, 0, 0, 0);
    }

    /** {@code sched_setaffinity(2)}; {@code pid} 0 is the calling thread. 0, or {@code -errno}. */
    public static int schedSetaffinity(int pid, long maskSize, MemorySegment mask) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) SCHED_SETAFFINITY.invokeExact(st, pid, maskSize, mask), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code sched_getaffinity(2)}; {@code pid} 0 is the calling thread. 0 (glibc), or {@code -errno}. */
    public static int schedGetaffinity(int pid, long maskSize, MemorySegment mask) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) SCHED_GETAFFINITY.invokeExact(st, pid, maskSize, mask), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code prctl(2)}: the result, or {@code -errno}. Pointer arguments are passed as addresses. */
    public static int prctl(int option, long arg2, long arg3, long arg4, long arg5) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((int) PRCTL.invokeExact(st, option, arg2, arg3, arg4, arg5), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Names the calling thread ({@code PR_SET_NAME}; truncated to 15 bytes by the kernel). 0, or {@code -errno}. */
    public static int setCurrentThreadName(String name) {
        try (Arena a = Arena.ofConfined()) {
            return prctl(PR_SET_NAME, a.allocateFrom(name).address(), 0, 0, 0);
        }
    }

    /** The calling thread's kernel name ({@code PR_GET_NAME}). */
    public static String currentThreadName() throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(TASK_COMM_LEN);
            Errno.check(prctl(PR_GET_NAME, buf.address(), 0, 0, 0), "prctl(PR_GET_NAME)");
            return buf.getString(0);
        }
    }

    /** {@code syscall(2)} with three arguments: the result, or {@code -errno}. */
    public static long syscall(long number, long a1, long a2, long a3) {
        MemorySegment st = Errno.state();
        try {
            return Errno.result((long) SYSCALL3.invokeExact(st, number, a1, a2, a3), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code bpf(2)} via {@code syscall(SYS_bpf, cmd, attr, size)}: the result (often an fd), or {@code -errno}. */
    public static long bpf(int cmd, MemorySegment attr, int size) {
        return syscall(SYS_BPF, cmd, attr.address(), size);
    }

    // ---------------------------------------------------------------- misc

    /** libc's message for {@code errno} ({@code strerror(3)}), copied into a Java string. */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Host to network byte order for a 16-bit value (Linux hosts here are little-endian or big-endian). */
    public static int htons(int v) {
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN
            ? Short.toUnsignedInt(Short.reverseBytes((short) v)) : v & 0xffff;
    }
}
