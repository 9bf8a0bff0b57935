package io.jvswitch.ffi.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code bpf(2)} uapi ({@code <linux/bpf.h>}): commands, map/program types, the {@code union bpf_attr}
 * pieces for the commands the AF_XDP port uses, and instruction encoding for hand-assembled programs.
 *
 * <p>Design: each command's part of {@code union bpf_attr} is its own layout (field names and offsets as
 * in the header's anonymous struct for that command). Callers zero a segment of the piece's size, fill
 * it, and call {@code LibC.bpf(cmd, attr, (int) PIECE.byteSize())}: the kernel accepts any size up to its
 * own {@code sizeof(union bpf_attr)} and treats the rest as zero, so the binding does not depend on the
 * header or kernel version's union size.
 */
public final class Bpf {
    // enum bpf_cmd
    public static final int BPF_MAP_CREATE = 0;
    public static final int BPF_MAP_LOOKUP_ELEM = 1;
    public static final int BPF_MAP_UPDATE_ELEM = 2;
    public static final int BPF_MAP_DELETE_ELEM = 3;
    public static final int BPF_PROG_LOAD = 5;
    /** Also spelled {@code BPF_PROG_RUN}: runs a program on given input (see {@link #BPF_F_TEST_XDP_LIVE_FRAMES}). */
    public static final int BPF_PROG_TEST_RUN = 10;
    public static final int BPF_OBJ_GET_INFO_BY_FD = 15;
    public static final int BPF_LINK_CREATE = 28;
    public static final int BPF_LINK_DETACH = 34;

    // enum bpf_map_type
    public static final int BPF_MAP_TYPE_ARRAY = 2;
    public static final int BPF_MAP_TYPE_XSKMAP = 17;
    // enum bpf_prog_type
    public static final int BPF_PROG_TYPE_XDP = 6;
    // enum bpf_attach_type
    public static final int BPF_XDP = 37;

    // BPF_MAP_UPDATE_ELEM flags
    public static final int BPF_ANY = 0;
    public static final int BPF_NOEXIST = 1;
    public static final int BPF_EXIST = 2;

    /** {@code prog_flags}: the XDP program understands multi-buffer frames. */
    public static final int BPF_F_XDP_HAS_FRAGS = 1 << 5;
    public static final int BPF_OBJ_NAME_LEN = 16;

    /**
     * {@code test.flags} of {@link #BPF_PROG_TEST_RUN}: run an XDP program on frames that really go out: each
     * repetition gets a fresh page-pool frame holding {@code data_in}, and {@code XDP_TX}/{@code XDP_REDIRECT}
     * transmit it (XDP_TX on the device named by {@code xdp_md.ingress_ifindex} in {@code ctx_in}).
     */
    public static final int BPF_F_TEST_XDP_LIVE_FRAMES = 1 << 1;

    // enum xdp_action
    public static final int XDP_ABORTED = 0;
    public static final int XDP_DROP = 1;
    public static final int XDP_PASS = 2;
    public static final int XDP_TX = 3;
    public static final int XDP_REDIRECT = 4;

    // helpers (enum bpf_func_id)
    public static final int BPF_FUNC_map_lookup_elem = 1;
    public static final int BPF_FUNC_redirect = 23;
    public static final int BPF_FUNC_redirect_map = 51;

    // instruction classes, sizes, modes, ops, sources (<linux/bpf_common.h>, <linux/bpf.h>)
    public static final int BPF_LD = 0x00;
    public static final int BPF_LDX = 0x01;
    public static final int BPF_ST = 0x02;
    public static final int BPF_STX = 0x03;
    public static final int BPF_ALU = 0x04;
    public static final int BPF_JMP = 0x05;
    public static final int BPF_ALU64 = 0x07;
    public static final int BPF_W = 0x00;
    public static final int BPF_H = 0x08;
    public static final int BPF_B = 0x10;
    public static final int BPF_DW = 0x18;
    public static final int BPF_IMM = 0x00;
    public static final int BPF_MEM = 0x60;
    public static final int BPF_K = 0x00;
    public static final int BPF_X = 0x08;
    public static final int BPF_ADD = 0x00;
    public static final int BPF_AND = 0x50;
    public static final int BPF_MOD = 0x90;
    /** Byte-swap op ({@code BPF_ALU | BPF_END | BPF_TO_BE}, imm = 16/32/64): host to network order on x86/arm64. */
    public static final int BPF_END = 0xd0;
    public static final int BPF_TO_BE = 0x08;
    public static final int BPF_MOV = 0xb0;
    public static final int BPF_JA = 0x00;
    public static final int BPF_JEQ = 0x10;
    public static final int BPF_JGT = 0x20;
    public static final int BPF_CALL = 0x80;
    public static final int BPF_EXIT = 0x90;
    public static final int BPF_PSEUDO_MAP_FD = 1;

    /** {@code struct bpf_insn}: code u8, dst_reg:4 | src_reg:4 (little-endian bitfield), off s16, imm s32. */
    public static final long SIZEOF_BPF_INSN = 8;

    public static final StructLayout MAP_CREATE_ATTR = MemoryLayout.structLayout(
        JAVA_INT.withName("map_type"),
        JAVA_INT.withName("key_size"),
        JAVA_INT.withName("value_size"),
        JAVA_INT.withName("max_entries"),
        JAVA_INT.withName("map_flags"),
        JAVA_INT.withName("inner_map_fd"),
        JAVA_INT.withName("numa_node"),
        MemoryLayout.sequenceLayout(BPF_OBJ_NAME_LEN, JAVA_BYTE).withName("map_name"),
        JAVA_INT.withName("map_ifindex"),
        JAVA_INT.withName("btf_fd"),
        JAVA_INT.withName("btf_key_type_id"),
        JAVA_INT.withName("btf_value_type_id"),
        JAVA_INT.withName("btf_vmlinux_value_type_id"),
        JAVA_LONG.withName("map_extra")).withName("bpf_attr_map_create");
    public static final long OFF_MAP_TYPE = Layouts.offset(MAP_CREATE_ATTR, "map_type");
    public static final long OFF_KEY_SIZE = Layouts.offset(MAP_CREATE_ATTR, "key_size");
    public static final long OFF_VALUE_SIZE = Layouts.offset(MAP_CREATE_ATTR, "value_size");
    public static final long OFF_MAX_ENTRIES = Layouts.offset(MAP_CREATE_ATTR, "max_entries");
    public static final long OFF_MAP_FLAGS = Layouts.offset(MAP_CREATE_ATTR, "map_flags");
    public static final long OFF_MAP_NAME = Layouts.offset(MAP_CREATE_ATTR, "map_name");

    public static final StructLayout MAP_ELEM_ATTR = MemoryLayout.structLayout(
        JAVA_INT.withName("map_fd"),
        MemoryLayout.paddingLayout(4),
        JAVA_LONG.withName("key"),
        JAVA_LONG.withName("value"),
        JAVA_LONG.withName("flags")).withName("bpf_attr_map_elem");
    public static final long OFF_ELEM_MAP_FD = Layouts.offset(MAP_ELEM_ATTR, "map_fd");
    public static final long OFF_ELEM_KEY = Layouts.offset(MAP_ELEM_ATTR, "key");
    public static final long OFF_ELEM_VALUE = Layouts.offset(MAP_ELEM_ATTR, "value");
    public static final long OFF_ELEM_FLAGS = Layouts.offset(MAP_ELEM_ATTR, "flags");

    public static final StructLayout PROG_LOAD_ATTR = MemoryLayout.structLayout(
        JAVA_INT.withName("prog_type"),
        JAVA_INT.withName("insn_cnt"),
        JAVA_LONG.withName("insns"),
        JAVA_LONG.withName("license"),
        JAVA_INT.withName("log_level"),
        JAVA_INT.withName("log_size"),
        JAVA_LONG.withName("log_buf"),
        JAVA_INT.withName("kern_version"),
        JAVA_INT.withName("prog_flags"),
        MemoryLayout.sequenceLayout(BPF_OBJ_NAME_LEN, JAVA_BYTE).withName("prog_name"),
        JAVA_INT.withName("prog_ifindex"),
        JAVA_INT.withName("expected_attach_type")).withName("bpf_attr_prog_load");
    public static final long OFF_PROG_TYPE = Layouts.offset(PROG_LOAD_ATTR, "prog_type");
    public static final long OFF_INSN_CNT = Layouts.offset(PROG_LOAD_ATTR, "insn_cnt");
    public static final long OFF_INSNS = Layouts.offset(PROG_LOAD_ATTR, "insns");
    public static final long OFF_LICENSE = Layouts.offset(PROG_LOAD_ATTR, "license");
    public static final long OFF_LOG_LEVEL = Layouts.offset(PROG_LOAD_ATTR, "log_level");
    public static final long OFF_LOG_SIZE = Layouts.offset(PROG_LOAD_ATTR, "log_size");
    public static final long OFF_LOG_BUF = Layouts.offset(PROG_LOAD_ATTR, "log_buf");
    public static final long OFF_PROG_FLAGS = Layouts.offset(PROG_LOAD_ATTR, "prog_flags");
    public static final long OFF_PROG_NAME = Layouts.offset(PROG_LOAD_ATTR, "prog_name");
    public static final long OFF_EXPECTED_ATTACH_TYPE = Layouts.offset(PROG_LOAD_ATTR, "expected_attach_type");

    /** The {@code link_create} member of {@code union bpf_attr} (its first four words). */
    public static final StructLayout LINK_CREATE_ATTR = MemoryLayout.structLayout(
        JAVA_INT.withName("prog_fd"),
        JAVA_INT.withName("target_ifindex"),
        JAVA_INT.withName("attach_type"),
        JAVA_INT.withName("flags")).withName("bpf_attr_link_create");
    public static final long OFF_LINK_PROG_FD = Layouts.offset(LINK_CREATE_ATTR, "prog_fd");
    public static final long OFF_LINK_TARGET_IFINDEX = Layouts.offset(LINK_CREATE_ATTR, "target_ifindex");
    public static final long OFF_LINK_ATTACH_TYPE = Layouts.offset(LINK_CREATE_ATTR, "attach_type");
    public static final long OFF_LINK_FLAGS = Layouts.offset(LINK_CREATE_ATTR, "flags");

    /** The {@code test} member of {@code union bpf_attr} ({@link #BPF_PROG_TEST_RUN}). */
    public static final StructLayout PROG_TEST_RUN_ATTR = MemoryLayout.structLayout(
        JAVA_INT.withName("prog_fd"),
        JAVA_INT.withName("retval"),
        JAVA_INT.withName("data_size_in"),
        JAVA_INT.withName("data_size_out"),
        JAVA_LONG.withName("data_in"),
        JAVA_LONG.withName("data_out"),
        JAVA_INT.withName("repeat"),
        JAVA_INT.withName("duration"),
        JAVA_INT.withName("ctx_size_in"),
        JAVA_INT.withName("ctx_size_out"),
        JAVA_LONG.withName("ctx_in"),
        JAVA_LONG.withName("ctx_out"),
        JAVA_INT.withName("flags"),
        JAVA_INT.withName("cpu"),
        JAVA_INT.withName("batch_size"),
        MemoryLayout.paddingLayout(4)).withName("bpf_attr_test");
    public static final long OFF_TEST_PROG_FD = Layouts.offset(PROG_TEST_RUN_ATTR, "prog_fd");
    public static final long OFF_TEST_RETVAL = Layouts.offset(PROG_TEST_RUN_ATTR, "retval");
    public static final long OFF_TEST_DATA_SIZE_IN = Layouts.offset(PROG_TEST_RUN_ATTR, "data_size_in");
    public static final long OFF_TEST_DATA_IN = Layouts.offset(PROG_TEST_RUN_ATTR, "data_in");
    public static final long OFF_TEST_REPEAT = Layouts.offset(PROG_TEST_RUN_ATTR, "repeat");
    public static final long OFF_TEST_DURATION = Layouts.offset(PROG_TEST_RUN_ATTR, "duration");
    public static final long OFF_TEST_CTX_SIZE_IN = Layouts.offset(PROG_TEST_RUN_ATTR, "ctx_size_in");
    public static final long OFF_TEST_CTX_IN = Layouts.offset(PROG_TEST_RUN_ATTR, "ctx_in");
    public static final long OFF_TEST_FLAGS = Layouts.offset(PROG_TEST_RUN_ATTR, "flags");
    public static final long OFF_TEST_BATCH_SIZE = Layouts.offset(PROG_TEST_RUN_ATTR, "batch_size");

    /** {@code struct xdp_md}: an XDP program's context; also {@code ctx_in} of an XDP test run. */
    public static final StructLayout XDP_MD = MemoryLayout.structLayout(
        JAVA_INT.withName("data"),
        JAVA_INT.withName("data_end"),
        JAVA_INT.withName("data_meta"),
        JAVA_INT.withName("ingress_ifindex"),
        JAVA_INT.withName("rx_queue_index"),
        JAVA_INT.withName("egress_ifindex")).withName("xdp_md");
    public static final long OFF_XDP_MD_DATA = Layouts.offset(XDP_MD, "data");
    public static final long OFF_XDP_MD_DATA_END = Layouts.offset(XDP_MD, "data_end");
    public static final long OFF_XDP_MD_INGRESS_IFINDEX = Layouts.offset(XDP_MD, "ingress_ifindex");

    private Bpf() {
    }

    /** Writes instruction {@code index} of a program into {@code insns} (little-endian register nibbles). */
    public static void insn(MemorySegment insns, int index, int code, int dst, int src, int off, int imm) {
        long base = index * SIZEOF_BPF_INSN;
        insns.set(JAVA_BYTE, base, (byte) code);
        insns.set(JAVA_BYTE, base + 1, (byte) ((src & 0xf) << 4 | (dst & 0xf)));
        insns.set(JAVA_SHORT, base + 2, (short) off);
        insns.set(JAVA_INT, base + 4, imm);
    }
}
