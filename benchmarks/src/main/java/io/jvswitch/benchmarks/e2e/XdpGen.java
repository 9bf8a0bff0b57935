package io.jvswitch.benchmarks.e2e;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.jvswitch.ffi.CpuAffinity;
import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.Bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;

/**
 * The end-to-end benchmark's traffic generator: an XDP program run with {@code BPF_PROG_RUN} in live-frames mode
 * ({@link Bpf#BPF_F_TEST_XDP_LIVE_FRAMES}). Each repetition hands the kernel a fresh page-pool copy of
 * {@link BenchFrame}; the program ({@link XdpPrograms#generator}) sets its UDP source port for the flow count and
 * returns {@code XDP_TX}, which the kernel turns into a redirect out of {@code --dev} (veth: straight into the peer's
 * NAPI, which must exist: GRO on or an XDP program on the peer). The kernel does all the work inside the syscall;
 * this class only sizes the calls to about {@code --call-ms} each (short calls leave the CPU idle while every call's
 * page pool is torn down) and stops after {@code --seconds}. The calling thread is pinned to {@code --cpu}.
 *
 * <p>Run inside the namespace that owns the device, e.g.
 * {@code ip netns exec gen taskset -c 0 java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * io.jvswitch.benchmarks.e2e.XdpGen --dev g0 --flows 1000 --seconds 14}. Prints one {@code started} line when the
 * first call begins and one {@code done} line with the frames the program was run on.
 */
public final class XdpGen {
    private static final String USAGE = "usage: XdpGen --dev IFNAME [--flows 1] [--seconds 10] [--cpu 0] [--batch 64]"
        + " [--call-ms 500]";
    private static final long MIN_REPEAT = 1 << 12;
    private static final long MAX_REPEAT = 1L << 30;

    private XdpGen() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, Set.of("--dev", "--flows", "--seconds", "--cpu", "--batch", "--call-ms"), USAGE);
        String dev = a.get("--dev", null);
        int flows = a.getInt("--flows", 1);
        double seconds = a.getDouble("--seconds", 10);
        int cpu = a.getInt("--cpu", 0);
        int batch = a.getInt("--batch", 64);
        double callMs = a.getDouble("--call-ms", 500);
        try {
            Result r = run(dev, flows, (long) (seconds * 1e9), cpu, batch, (long) (callMs * 1e6));
            System.out.printf("xdpgen: done dev=%s flows=%d frames=%d calls=%d seconds=%.3f rate_pps=%.0f%n", dev,
                flows, r.frames(), r.calls(), r.nanos() / 1e9, r.frames() * 1e9 / Math.max(1, r.nanos()));
        } catch (NativeException e) {
            System.err.println("xdpgen: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Frames the program ran on, {@code BPF_PROG_RUN} calls made, and the time they took. */
    public record Result(long frames, long calls, long nanos) {
    }

    /** Generates on {@code dev} (in the caller's network namespace) for {@code nanos}; blocks until done. */
    public static Result run(String dev, int flows, long nanos, int cpu, int batch, long callNanos)
        throws NativeException {
        int ifindex = LibC.ifNameToIndex(dev);
        if (ifindex <= 0) {
            throw new NativeException("if_nametoindex(" + dev + ")", ifindex < 0 ? -ifindex : Errno.ENODEV);
        }
        if (cpu >= 0) {
            CpuAffinity.pinCurrentThread(cpu);
        }
        try (Arena arena = Arena.ofConfined()) {
            int mapFd = XdpPrograms.counterMap(arena);
            int progFd = -1;
            try {
                progFd = XdpPrograms.generator(arena, mapFd, flows);
                return loop(arena, progFd, ifindex, dev, flows, nanos, batch, callNanos);
            } finally {
                if (progFd >= 0) {
                    LibC.close(progFd);
                }
                LibC.close(mapFd);
            }
        }
    }

    private static Result loop(Arena arena, int progFd, int ifindex, String dev, int flows, long nanos, int batch,
                               long callNanos) throws NativeException {
        byte[] frame = BenchFrame.udp();
        MemorySegment data = arena.allocate(frame.length, 64);
        MemorySegment.copy(frame, 0, data, JAVA_BYTE, 0, frame.length);
        MemorySegment ctx = arena.allocate(Bpf.XDP_MD);
        ctx.set(JAVA_INT, Bpf.OFF_XDP_MD_DATA, 0);
        ctx.set(JAVA_INT, Bpf.OFF_XDP_MD_DATA_END, frame.length);
        ctx.set(JAVA_INT, Bpf.OFF_XDP_MD_INGRESS_IFINDEX, ifindex);
        MemorySegment attr = arena.allocate(Bpf.PROG_TEST_RUN_ATTR);

        long start = System.nanoTime();
        long deadline = start + nanos;
        long repeat = MIN_REPEAT;
        long frames = 0;
        long calls = 0;
        boolean announced = false;
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) {
                break;
            }
            attr.fill((byte) 0);
            attr.set(JAVA_INT, Bpf.OFF_TEST_PROG_FD, progFd);
            attr.set(JAVA_INT, Bpf.OFF_TEST_DATA_SIZE_IN, frame.length);
            attr.set(JAVA_LONG, Bpf.OFF_TEST_DATA_IN, data.address());
            attr.set(JAVA_INT, Bpf.OFF_TEST_CTX_SIZE_IN, (int) Bpf.XDP_MD.byteSize());
            attr.set(JAVA_LONG, Bpf.OFF_TEST_CTX_IN, ctx.address());
            attr.set(JAVA_INT, Bpf.OFF_TEST_REPEAT, (int) repeat);
            attr.set(JAVA_INT, Bpf.OFF_TEST_FLAGS, Bpf.BPF_F_TEST_XDP_LIVE_FRAMES);
            attr.set(JAVA_INT, Bpf.OFF_TEST_BATCH_SIZE, batch);
            if (!announced) {
                System.out.printf("xdpgen: started dev=%s ifindex=%d flows=%d%n", dev, ifindex, flows);
                System.out.flush();
                announced = true;
            }
            long r = LibC.bpf(Bpf.BPF_PROG_TEST_RUN, attr, (int) Bpf.PROG_TEST_RUN_ATTR.byteSize());
            long took = System.nanoTime() - now;
            if (r == -Errno.EINTR) {
                break;
            }
            if (r < 0) {
                throw new NativeException("bpf(BPF_PROG_RUN, XDP live frames, " + dev + ")", (int) -r);
            }
            frames += repeat;
            calls++;
            // Size the next call to callNanos, but not past the deadline (rate measured on this call).
            double perFrame = (double) Math.max(took, 1) / repeat;
            long left = deadline - System.nanoTime();
            long want = (long) (Math.min(callNanos, Math.max(left, 0)) / perFrame);
            repeat = Math.clamp(want, MIN_REPEAT, MAX_REPEAT);
        }
        return new Result(frames, calls, System.nanoTime() - start);
    }
}
