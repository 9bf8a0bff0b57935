package io.jvswitch.ffi;

/**
 * A failed native call on a slow path (setup, configuration, teardown). Carries the errno, its symbolic
 * name and the libc message, e.g. {@code "bind(AF_XDP, ifindex 3, queue 0): EBUSY (Device or resource busy)"}.
 *
 * <p>Fast-path wrappers never throw this: they return {@code -errno} (see {@link Errno}).
 */
public final class NativeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String operation;

    public NativeException(String operation, int errno) {
        super(operation + ": " + Errno.describe(errno));
        this.operation = operation;
        this.errno = errno;
    }

    /** The positive errno value (e.g. {@link Errno#EPERM}). */
    public int errno() {
        return errno;
    }

    /** The symbolic name of {@link #errno()}, e.g. {@code "EPERM"}, or {@code "errno 123"} when unknown. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** What was attempted, as given by the caller. */
    public String operation() {
        return operation;
    }
}
