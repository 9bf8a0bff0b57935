package io.jvswitch.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * errno values and the one error convention of this module.
 *
 * <h2>Convention: return {@code -errno}, like the kernel</h2>
 * Every wrapper of a call that can fail is linked with {@code Linker.Option.captureCallState("errno")}.
 * The wrapper returns the raw result when the call succeeded and {@code -errno} when it failed (the libc
 * call returned -1, or {@code MAP_FAILED}, or 0 for {@code if_nametoindex}). So {@code r < 0} means
 * failure and {@code (int) -r} is the errno: no exception, no allocation, no second call to read errno.
 * Successful results that are never negative on Linux (fds, byte counts, user-space addresses from
 * {@code mmap}, interface indexes) make this unambiguous.
 *
 * <p>errno is captured into a per-thread capture segment ({@link #state()}), allocated once per thread;
 * the cost on the fast path is one {@code ThreadLocal} lookup, small next to any syscall. errno is read
 * only when the result says the call failed (a successful call may leave a stale errno).
 *
 * <p>Slow paths (setup, teardown) use {@link #check(int, String)} / {@link #check(long, String)}, which
 * turn a negative result into a checked {@link NativeException} naming the errno (EPERM, EBUSY, ...).
 *
 * <p>Values are the Linux "generic" errno numbers shared by x86_64 and aarch64; the layout test checks
 * every one against {@code <errno.h>}.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int EOVERFLOW = 75;
    public static final int ENOTSOCK = 88;
    public static final int EMSGSIZE = 90;
    public static final int ENOPROTOOPT = 92;
    public static final int EPROTONOSUPPORT = 93;
    public static final int ESOCKTNOSUPPORT = 94;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ENOBUFS = 105;
    public static final int ENOTCONN = 107;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;

    private static final String[] NAMES = new String[112];

    static {
        String[] table = {
            "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "EBADF", "EAGAIN", "ENOMEM",
            "EACCES", "EFAULT", "EBUSY", "EEXIST", "ENODEV", "ENOTDIR", "EINVAL", "ENFILE", "EMFILE",
            "ENOTTY", "ENOSPC", "ERANGE", "ENOSYS", "EOVERFLOW", "ENOTSOCK", "EMSGSIZE", "ENOPROTOOPT",
            "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EAFNOSUPPORT", "EADDRINUSE",
            "EADDRNOTAVAIL", "ENETDOWN", "ENOBUFS", "ENOTCONN", "ETIMEDOUT", "ECONNREFUSED",
        };
        for (String n : table) {
            try {
                NAMES[Errno.class.getField(n).getInt(null)] = n;
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** Kernel-internal ENOTSUPP; leaks to user space from some bpf() and XDP paths. Not in {@code <errno.h>}. */
    public static final int ENOTSUPP_KERNEL = 524;

    /** Layout of the capture segment ({@code errno} and, on some platforms, more). */
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    /** The linker option every fallible downcall in this module is linked with. */
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_HANDLE =
        CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
        ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private Errno() {
    }

    /** This thread's capture segment, passed as the leading argument of errno-capturing downcalls. */
    static MemorySegment state() {
        return STATE.get();
    }

    /** The errno captured in {@code state} by the last downcall that used it (JDK 22+: leading 0L offset). */
    static int read(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }

    /** {@code raw} when it is not -1, else {@code -errno} from {@code state}. */
    static int result(int raw, MemorySegment state) {
        return raw == -1 ? -read(state) : raw;
    }

    /** {@code raw} when it is not -1, else {@code -errno} from {@code state}. */
    static long result(long raw, MemorySegment state) {
        return raw == -1L ? -read(state) : raw;
    }

    /** Symbolic name of a positive errno ("EPERM"), {@code "errno N"} when not in the table. */
    public static String name(int errno) {
        if (errno == ENOTSUPP_KERNEL) {
            return "ENOTSUPP";
        }
        String n = errno > 0 && errno < NAMES.length ? NAMES[errno] : null;
        return n != null ? n : "errno " + errno;
    }

    /** libc's message for a positive errno ({@code strerror}). */
    public static String strerror(int errno) {
        return LibC.strerror(errno);
    }

    /** {@code "EBUSY (Device or resource busy)"}. */
    public static String describe(int errno) {
        return name(errno) + " (" + strerror(errno) + ")";
    }

    /** Slow-path check: returns {@code r} when {@code r >= 0}, else throws for errno {@code -r}. */
    public static int check(int r, String operation) throws NativeException {
        if (r < 0) {
            throw new NativeException(operation, -r);
        }
        return r;
    }

    /** Slow-path check: returns {@code r} when {@code r >= 0}, else throws for errno {@code -r}. */
    public static long check(long r, String operation) throws NativeException {
        if (r < 0) {
            throw new NativeException(operation, (int) -r);
        }
        return r;
    }
}
