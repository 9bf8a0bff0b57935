package io.jvswitch.vport.afxdp;

import io.jvswitch.ffi.LibC;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The two per-batch system calls of an AF_XDP socket, as private downcalls WITHOUT errno capture: a capturing
 * downcall slices a capture segment per call, which allocates unless C2 inlines the whole call into the caller
 * (seen on the AF_PACKET port: 40 B per transmit). The kernel's answer is only "worked or not" here; the queues
 * count failures and retry on their next call.
 * <ul>
 *   <li>{@link #tx}: {@code sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0)} makes the kernel send what the tx ring
 *       holds (copy mode: up to 32 descriptors per call, in the calling thread).</li>
 *   <li>{@link #rx}: {@code recvfrom(fd, NULL, 0, MSG_DONTWAIT, NULL, NULL)} wakes a driver that set the fill
 *       ring's need-wakeup flag (zero-copy drivers).</li>
 * </ul>
 */
final class XskKick {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SENDTO = LINKER.downcallHandle(
            LINKER.defaultLookup().find("sendto").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVFROM = LINKER.downcallHandle(
            LINKER.defaultLookup().find("recvfrom").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private XskKick() {
    }

    /** Kicks transmission; {@code >= 0} on success, -1 on failure (EAGAIN, ENOBUFS, ENETDOWN...). */
    static long tx(int fd) {
        try {
            return (long) SENDTO.invokeExact(fd, MemorySegment.NULL, 0L, LibC.MSG_DONTWAIT, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("sendto downcall failed", t);
        }
    }

    /** Wakes the driver's rx processing; {@code >= 0} on success, -1 on failure. */
    static long rx(int fd) {
        try {
            return (long) RECVFROM.invokeExact(fd, MemorySegment.NULL, 0L, LibC.MSG_DONTWAIT, MemorySegment.NULL,
                    MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("recvfrom downcall failed", t);
        }
    }
}
