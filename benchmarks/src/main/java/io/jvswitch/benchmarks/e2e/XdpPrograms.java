package io.jvswitch.benchmarks.e2e;

import static io.jvswitch.ffi.linux.Bpf.BPF_ADD;
import static io.jvswitch.ffi.linux.Bpf.BPF_ALU;
import static io.jvswitch.ffi.linux.Bpf.BPF_ALU64;
import static io.jvswitch.ffi.linux.Bpf.BPF_CALL;
import static io.jvswitch.ffi.linux.Bpf.BPF_DW;
import static io.jvswitch.ffi.linux.Bpf.BPF_END;
import static io.jvswitch.ffi.linux.Bpf.BPF_EXIT;
import static io.jvswitch.ffi.linux.Bpf.BPF_H;
import static io.jvswitch.ffi.linux.Bpf.BPF_IMM;
import static io.jvswitch.ffi.linux.Bpf.BPF_JEQ;
import static io.jvswitch.ffi.linux.Bpf.BPF_JGT;
import static io.jvswitch.ffi.linux.Bpf.BPF_JMP;
import static io.jvswitch.ffi.linux.Bpf.BPF_K;
import static io.jvswitch.ffi.linux.Bpf.BPF_LD;
import static io.jvswitch.ffi.linux.Bpf.BPF_LDX;
import static io.jvswitch.ffi.linux.Bpf.BPF_MEM;
import static io.jvswitch.ffi.linux.Bpf.BPF_MOD;
import static io.jvswitch.ffi.linux.Bpf.BPF_MOV;
import static io.jvswitch.ffi.linux.Bpf.BPF_PSEUDO_MAP_FD;
import static io.jvswitch.ffi.linux.Bpf.BPF_ST;
import static io.jvswitch.ffi.linux.Bpf.BPF_STX;
import static io.jvswitch.ffi.linux.Bpf.BPF_TO_BE;
import static io.jvswitch.ffi.linux.Bpf.BPF_W;
import static io.jvswitch.ffi.linux.Bpf.BPF_X;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.jvswitch.ffi.Errno;
import io.jvswitch.ffi.NativeException;
import io.jvswitch.ffi.linux.Bpf;
import io.jvswitch.ffi.LibC;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The two hand-assembled XDP programs of the end-to-end benchmark, and the {@code bpf()} calls that load and
 * attach them (no libbpf, no clang: a dozen instructions each).
 *
 * <ul>
 *   <li>{@link #generator}: for {@link XdpGen}. Bumps a counter (one-entry array map), writes
 *       {@code 1024 + counter % flows} into the UDP source port (after a bounds check against {@code data_end}),
 *       clears the UDP checksum and returns {@code XDP_TX}.</li>
 *   <li>{@link #redirect}: for {@link XdpRedirect}, {@code return bpf_redirect(ifindex, 0)}.</li>
 * </ul>
 */
final class XdpPrograms {
    private static final int R0 = 0;
    private static final int R1 = 1;
    private static final int R2 = 2;
    private static final int R3 = 3;
    private static final int R4 = 4;
    private static final int R6 = 6;
    private static final int R10 = 10;
    private static final int LOG_SIZE = 1 << 20;

    private XdpPrograms() {
    }

    /** A one-entry {@code u32 -> u64} array map; returns its fd. */
    static int counterMap(Arena arena) throws NativeException {
        MemorySegment attr = arena.allocate(Bpf.MAP_CREATE_ATTR);
        attr.set(JAVA_INT, Bpf.OFF_MAP_TYPE, Bpf.BPF_MAP_TYPE_ARRAY);
        attr.set(JAVA_INT, Bpf.OFF_KEY_SIZE, 4);
        attr.set(JAVA_INT, Bpf.OFF_VALUE_SIZE, 8);
        attr.set(JAVA_INT, Bpf.OFF_MAX_ENTRIES, 1);
        name(attr, Bpf.OFF_MAP_NAME, "jvs_gen_ctr");
        long fd = LibC.bpf(Bpf.BPF_MAP_CREATE, attr, (int) Bpf.MAP_CREATE_ATTR.byteSize());
        if (fd < 0) {
            throw new NativeException("bpf(BPF_MAP_CREATE, array)", (int) -fd);
        }
        return (int) fd;
    }

    /** Loads the generator program over counter map {@code mapFd}; returns the program fd. */
    static int generator(Arena arena, int mapFd, int flows) throws NativeException {
        if (flows < 1 || flows > 65536 - BenchFrame.BASE_SPORT) {
            throw new IllegalArgumentException("flows must be 1.." + (65536 - BenchFrame.BASE_SPORT) + ": " + flows);
        }
        MemorySegment p = arena.allocate(24 * Bpf.SIZEOF_BPF_INSN, 8);
        int i = 0;
        Bpf.insn(p, i++, BPF_ALU64 | BPF_MOV | BPF_X, R6, R1, 0, 0);           // 0: r6 = ctx
        Bpf.insn(p, i++, BPF_ST | BPF_MEM | BPF_W, R10, 0, -4, 0);              // 1: key = 0
        Bpf.insn(p, i++, BPF_LD | BPF_IMM | BPF_DW, R1, BPF_PSEUDO_MAP_FD, 0, mapFd); // 2-3: r1 = map
        Bpf.insn(p, i++, 0, 0, 0, 0, 0);
        Bpf.insn(p, i++, BPF_ALU64 | BPF_MOV | BPF_X, R2, R10, 0, 0);           // 4: r2 = &key
        Bpf.insn(p, i++, BPF_ALU64 | BPF_ADD | BPF_K, R2, 0, 0, -4);            // 5
        Bpf.insn(p, i++, BPF_JMP | BPF_CALL, 0, 0, 0, Bpf.BPF_FUNC_map_lookup_elem); // 6
        Bpf.insn(p, i++, BPF_JMP | BPF_JEQ | BPF_K, R0, 0, 22 - 8, 0);          // 7: no value -> out
        Bpf.insn(p, i++, BPF_LDX | BPF_MEM | BPF_DW, R1, R0, 0, 0);             // 8: r1 = counter
        Bpf.insn(p, i++, BPF_ALU64 | BPF_MOV | BPF_X, R2, R1, 0, 0);            // 9
        Bpf.insn(p, i++, BPF_ALU64 | BPF_ADD | BPF_K, R2, 0, 0, 1);             // 10
        Bpf.insn(p, i++, BPF_STX | BPF_MEM | BPF_DW, R0, R2, 0, 0);             // 11: counter + 1
        Bpf.insn(p, i++, BPF_ALU64 | BPF_MOD | BPF_K, R1, 0, 0, flows);         // 12: r1 %= flows
        Bpf.insn(p, i++, BPF_ALU64 | BPF_ADD | BPF_K, R1, 0, 0, BenchFrame.BASE_SPORT); // 13
        Bpf.insn(p, i++, BPF_ALU | BPF_END | BPF_TO_BE, R1, 0, 0, 16);          // 14: network order
        Bpf.insn(p, i++, BPF_LDX | BPF_MEM | BPF_W, R2, R6, 0, 0);              // 15: r2 = data
        Bpf.insn(p, i++, BPF_LDX | BPF_MEM | BPF_W, R3, R6, 4, 0);              // 16: r3 = data_end
        Bpf.insn(p, i++, BPF_ALU64 | BPF_MOV | BPF_X, R4, R2, 0, 0);            // 17
        Bpf.insn(p, i++, BPF_ALU64 | BPF_ADD | BPF_K, R4, 0, 0, BenchFrame.OFF_UDP_CSUM + 2); // 18
        Bpf.insn(p, i++, BPF_JMP | BPF_JGT | BPF_X, R4, R3, 22 - 20, 0);        // 19: short frame -> out
        Bpf.insn(p, i++, BPF_STX | BPF_MEM | BPF_H, R2, R1, BenchFrame.OFF_UDP_SPORT, 0); // 20: sport
        Bpf.insn(p, i++, BPF_ST | BPF_MEM | BPF_H, R2, 0, BenchFrame.OFF_UDP_CSUM, 0);    // 21: no checksum
        Bpf.insn(p, i++, BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, Bpf.XDP_TX);    // 22: out
        Bpf.insn(p, i++, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);                        // 23
        return load(arena, p, i, "jvs_gen");
    }

    /** Loads {@code return bpf_redirect(ifindex, 0)}; returns the program fd. */
    static int redirect(Arena arena, int ifindex) throws NativeException {
        MemorySegment p = arena.allocate(4 * Bpf.SIZEOF_BPF_INSN, 8);
        Bpf.insn(p, 0, BPF_ALU64 | BPF_MOV | BPF_K, R1, 0, 0, ifindex);
        Bpf.insn(p, 1, BPF_ALU64 | BPF_MOV | BPF_K, R2, 0, 0, 0);
        Bpf.insn(p, 2, BPF_JMP | BPF_CALL, 0, 0, 0, Bpf.BPF_FUNC_redirect);
        Bpf.insn(p, 3, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
        return load(arena, p, 4, "jvs_redirect");
    }

    /**
     * Attaches XDP program {@code progFd} to {@code ifindex} through a BPF link (native mode where the driver has
     * it); the program stays attached while the returned link fd is open, so it goes when the process dies.
     */
    static int attach(Arena arena, int progFd, int ifindex) throws NativeException {
        MemorySegment attr = arena.allocate(Bpf.LINK_CREATE_ATTR);
        attr.set(JAVA_INT, Bpf.OFF_LINK_PROG_FD, progFd);
        attr.set(JAVA_INT, Bpf.OFF_LINK_TARGET_IFINDEX, ifindex);
        attr.set(JAVA_INT, Bpf.OFF_LINK_ATTACH_TYPE, Bpf.BPF_XDP);
        long fd = LibC.bpf(Bpf.BPF_LINK_CREATE, attr, (int) Bpf.LINK_CREATE_ATTR.byteSize());
        if (fd < 0) {
            throw new NativeException("bpf(BPF_LINK_CREATE, XDP, ifindex " + ifindex + ")", (int) -fd);
        }
        return (int) fd;
    }

    private static int load(Arena arena, MemorySegment insns, int count, String name) throws NativeException {
        long fd = load(arena, insns, count, name, 0);
        if (fd >= 0) {
            return (int) fd;
        }
        MemorySegment log = arena.allocate(LOG_SIZE);
        load(arena, insns, count, name, log.address());
        String text = log.getString(0, StandardCharsets.US_ASCII).strip();
        throw new NativeException("bpf(BPF_PROG_LOAD, " + name + ")" + (text.isEmpty() ? "" : "; verifier: " + text),
            (int) -fd);
    }

    private static long load(Arena arena, MemorySegment insns, int count, String name, long logBuf) {
        MemorySegment attr = arena.allocate(Bpf.PROG_LOAD_ATTR);
        MemorySegment license = arena.allocateFrom("GPL");
        attr.set(JAVA_INT, Bpf.OFF_PROG_TYPE, Bpf.BPF_PROG_TYPE_XDP);
        attr.set(JAVA_INT, Bpf.OFF_INSN_CNT, count);
        attr.set(JAVA_LONG, Bpf.OFF_INSNS, insns.address());
        attr.set(JAVA_LONG, Bpf.OFF_LICENSE, license.address());
        attr.set(JAVA_INT, Bpf.OFF_EXPECTED_ATTACH_TYPE, Bpf.BPF_XDP);
        name(attr, Bpf.OFF_PROG_NAME, name);
        if (logBuf != 0) {
            attr.set(JAVA_INT, Bpf.OFF_LOG_LEVEL, 1);
            attr.set(JAVA_INT, Bpf.OFF_LOG_SIZE, LOG_SIZE);
            attr.set(JAVA_LONG, Bpf.OFF_LOG_BUF, logBuf);
        }
        long fd;
        do {
            fd = LibC.bpf(Bpf.BPF_PROG_LOAD, attr, (int) Bpf.PROG_LOAD_ATTR.byteSize());
        } while (fd == -Errno.EAGAIN);
        return fd;
    }

    private static void name(MemorySegment attr, long offset, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(b, 0, attr, JAVA_BYTE, offset, Math.min(b.length, Bpf.BPF_OBJ_NAME_LEN - 1));
    }
}
