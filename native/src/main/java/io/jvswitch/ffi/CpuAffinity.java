package io.jvswitch.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;

/**
 * Thread CPU affinity for PMD threads, over {@code sched_setaffinity}/{@code sched_getaffinity} with
 * {@code pid 0} (the calling thread only, not the process).
 *
 * <p>Design: these are setup helpers (a PMD pins itself once, at start), so they allocate a
 * {@code cpu_set_t} (glibc: {@value LibC#CPU_SETSIZE} bits, 128 bytes) per call and throw
 * {@link NativeException} on failure. They act on the OS thread running the caller: call them from a
 * platform thread; a virtual thread would pin its current carrier.
 */
public final class CpuAffinity {
    /** {@code sizeof(cpu_set_t)} in glibc. */
    public static final long CPU_SET_BYTES = LibC.CPU_SETSIZE / 8;

    private CpuAffinity() {
    }

    /** Pins the calling thread to {@code cpu}. */
    public static void pinCurrentThread(int cpu) throws NativeException {
        BitSet one = new BitSet();
        one.set(cpu);
        setCurrentThreadAffinity(one);
    }

    /** Restricts the calling thread to {@code cpus} (bits 0..{@value LibC#CPU_SETSIZE}-1). */
    public static void setCurrentThreadAffinity(BitSet cpus) throws NativeException {
        if (cpus.isEmpty() || cpus.length() > LibC.CPU_SETSIZE) {
            throw new IllegalArgumentException("cpu set must be non-empty and below " + LibC.CPU_SETSIZE + ": " + cpus);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mask = a.allocate(CPU_SET_BYTES, 8);
            long[] words = cpus.toLongArray();
            for (int i = 0; i < words.length; i++) {
                mask.setAtIndex(ValueLayout.JAVA_LONG, i, words[i]);
            }
            Errno.check(LibC.schedSetaffinity(0, CPU_SET_BYTES, mask), "sched_setaffinity(" + cpus + ")");
        }
    }

    /** The CPUs the calling thread may run on. */
    public static BitSet currentThreadAffinity() throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mask = a.allocate(CPU_SET_BYTES, 8);
            Errno.check(LibC.schedGetaffinity(0, CPU_SET_BYTES, mask), "sched_getaffinity");
            return BitSet.valueOf(mask.toArray(ValueLayout.JAVA_LONG));
        }
    }
}
