package io.jvswitch.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvswitch.ffi.linux.Bpf;
import io.jvswitch.ffi.linux.Ethtool;
import io.jvswitch.ffi.linux.IfReq;
import io.jvswitch.ffi.linux.Netlink;
import io.jvswitch.ffi.linux.Packet;
import io.jvswitch.ffi.linux.Tun;
import io.jvswitch.ffi.linux.Xdp;
import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks every bound struct (size, and offset and size of every named field, nested ones included) and
 * every constant of the binding classes against the C headers: generates a C program, compiles it with
 * gcc, runs it and compares its output with the Java layouts and constants.
 *
 * <p>Constants are found by reflection: every {@code public static final int/long} field of the listed
 * classes is a C name, except {@code OFF_*}/{@code SIZEOF_*} (derived from the layouts, checked through
 * them; a few are mapped to C expressions below) and the documented exceptions in {@link #NOT_IN_HEADERS}.
 * Names newer than the installed headers ({@link #NEWER_THAN_HEADERS}) are compared when the headers define
 * them and reported otherwise.
 */
class KernelHeaderLayoutTest {
    private record StructSpec(String cType, String prefix, GroupLayout layout, boolean checkSize) {
    }

    private static final List<StructSpec> STRUCTS = List.of(
        new StructSpec("struct sockaddr_xdp", "", Xdp.SOCKADDR_XDP, true),
        new StructSpec("struct xdp_ring_offset", "", Xdp.XDP_RING_OFFSET, true),
        new StructSpec("struct xdp_mmap_offsets", "", Xdp.XDP_MMAP_OFFSETS_LAYOUT, true),
        new StructSpec("struct xdp_umem_reg", "", Xdp.XDP_UMEM_REG_LAYOUT, true),
        new StructSpec("struct xdp_statistics", "", Xdp.XDP_STATISTICS_LAYOUT, true),
        new StructSpec("struct xdp_options", "", Xdp.XDP_OPTIONS_LAYOUT, true),
        new StructSpec("struct xdp_desc", "", Xdp.XDP_DESC, true),
        new StructSpec("struct sockaddr_ll", "", Packet.SOCKADDR_LL, true),
        new StructSpec("struct packet_mreq", "", Packet.PACKET_MREQ, true),
        new StructSpec("struct tpacket_req3", "", Packet.TPACKET_REQ3, true),
        new StructSpec("struct tpacket_stats_v3", "", Packet.TPACKET_STATS_V3, true),
        new StructSpec("struct tpacket_hdr_v1", "", Packet.TPACKET_HDR_V1, true),
        new StructSpec("struct tpacket_block_desc", "", Packet.TPACKET_BLOCK_DESC, true),
        new StructSpec("struct tpacket3_hdr", "", Packet.TPACKET3_HDR, true),
        new StructSpec("struct ifreq", "", IfReq.IFREQ, true),
        new StructSpec("struct ethtool_drvinfo", "", Ethtool.ETHTOOL_DRVINFO, true),
        new StructSpec("union bpf_attr", "", Bpf.MAP_CREATE_ATTR, false),
        new StructSpec("union bpf_attr", "", Bpf.MAP_ELEM_ATTR, false),
        new StructSpec("union bpf_attr", "", Bpf.PROG_LOAD_ATTR, false),
        new StructSpec("union bpf_attr", "link_create.", Bpf.LINK_CREATE_ATTR, false),
        new StructSpec("union bpf_attr", "test.", Bpf.PROG_TEST_RUN_ATTR, false),
        new StructSpec("struct xdp_md", "", Bpf.XDP_MD, true),
        new StructSpec("struct sockaddr_nl", "", Netlink.SOCKADDR_NL, true),
        new StructSpec("struct nlmsghdr", "", Netlink.NLMSGHDR, true),
        new StructSpec("struct nlmsgerr", "", Netlink.NLMSGERR, true),
        new StructSpec("struct ifinfomsg", "", Netlink.IFINFOMSG, true),
        new StructSpec("struct rtattr", "", Netlink.RTATTR, true));

    private static final List<Class<?>> CONSTANT_CLASSES = List.of(
        Errno.class, LibC.class, CpuAffinity.class, Xdp.class, Packet.class, IfReq.class, Tun.class, Bpf.class,
        Netlink.class, Ethtool.class);

    /** Java names whose C spelling differs, or layout-style names that are checked against C directly. */
    private static final Map<String, String> ALIASES = Map.of(
        "SYS_BPF", "SYS_bpf",
        "SYS_GETTID", "SYS_gettid",
        "SIZEOF_POLLFD", "sizeof(struct pollfd)",
        "OFF_POLLFD_FD", "offsetof(struct pollfd, fd)",
        "OFF_POLLFD_EVENTS", "offsetof(struct pollfd, events)",
        "OFF_POLLFD_REVENTS", "offsetof(struct pollfd, revents)",
        "CPU_SET_BYTES", "sizeof(cpu_set_t)",
        "SIZEOF_BPF_INSN", "sizeof(struct bpf_insn)");

    /** Constants with no C definition in user-space headers, and why. */
    private static final Map<String, String> NOT_IN_HEADERS = Map.of(
        "ENOTSUPP_KERNEL", "kernel-internal errno 524 (include/linux/errno.h), not exported to <errno.h>",
        "TASK_COMM_LEN", "kernel-internal; prctl(2) documents the 16-byte limit");

    /** Macros and struct fields newer than Debian 12's 6.1 uapi headers, with the macro that guards them. */
    private static final Map<String, String> NEWER_THAN_HEADERS = Map.of(
        "XDP_USE_SG", "XDP_USE_SG",
        "XDP_PKT_CONTD", "XDP_PKT_CONTD",
        "XDP_UMEM_TX_METADATA_LEN", "XDP_UMEM_TX_METADATA_LEN",
        "struct xdp_umem_reg.tx_metadata_len", "XDP_UMEM_TX_METADATA_LEN");

    private static final String HEADERS = """
        #define _GNU_SOURCE
        #include <stdio.h>
        #include <stddef.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <poll.h>
        #include <sched.h>
        #include <sys/types.h>
        #include <sys/socket.h>
        #include <sys/mman.h>
        #include <sys/prctl.h>
        #include <sys/eventfd.h>
        #include <sys/ioctl.h>
        #include <sys/syscall.h>
        #include <net/if.h>
        #include <net/if_arp.h>
        #include <linux/if_ether.h>
        #include <linux/if_packet.h>
        #include <linux/if_xdp.h>
        #include <linux/if_tun.h>
        #include <linux/bpf.h>
        #include <linux/netlink.h>
        #include <linux/rtnetlink.h>
        #include <linux/if_link.h>
        #include <linux/ethtool.h>
        #include <linux/sockios.h>
        #define P(k, e) printf("%s %lld\\n", k, (long long) (e))
        #define ABSENT(k) printf("%s ABSENT\\n", k)
        int main(void) {
        """;

    private record FieldCheck(String structKey, String cType, String member, long javaOffset, long javaSize,
                              String guard) {
    }

    @Test
    void layoutsAndConstantsMatchTheKernelHeaders(@TempDir Path dir) throws Exception {
        for (String h : List.of("/usr/include/linux/if_xdp.h", "/usr/include/linux/if_packet.h",
            "/usr/include/linux/bpf.h", "/usr/include/linux/if_tun.h", "/usr/include/linux/rtnetlink.h")) {
            if (!Files.exists(Path.of(h))) {
                Privileged.unavailable("kernel header " + h + " missing (install linux-libc-dev)");
                return;
            }
        }
        Map<String, String> cExpr = new LinkedHashMap<>();
        Map<String, String> guards = new LinkedHashMap<>();
        Map<String, Long> expected = new LinkedHashMap<>();
        Map<String, Boolean> isInt = new LinkedHashMap<>();
        List<FieldCheck> fields = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        for (StructSpec s : STRUCTS) {
            if (s.checkSize()) {
                String k = "sizeof:" + s.cType();
                cExpr.put(k, "sizeof(" + s.cType() + ")");
                expected.put(k, s.layout().byteSize());
            } else {
                cExpr.put("sizeof:" + s.cType(), "sizeof(" + s.cType() + ")");
            }
            walk(s, s.layout(), 0, "", fields);
        }
        for (FieldCheck f : fields) {
            String guard = NEWER_THAN_HEADERS.get(f.cType() + "." + f.member());
            cExpr.put("off:" + f.structKey(), "offsetof(" + f.cType() + ", " + f.member() + ")");
            cExpr.put("size:" + f.structKey(), "sizeof(((" + f.cType() + " *) 0)->" + f.member() + ")");
            if (guard != null) {
                guards.put("off:" + f.structKey(), guard);
                guards.put("size:" + f.structKey(), guard);
            }
            expected.put("off:" + f.structKey(), f.javaOffset());
            expected.put("size:" + f.structKey(), f.javaSize());
        }
        int constants = 0;
        for (Class<?> c : CONSTANT_CLASSES) {
            for (Field fld : c.getDeclaredFields()) {
                int m = fld.getModifiers();
                if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || !Modifier.isFinal(m)) {
                    continue;
                }
                if (fld.getType() != int.class && fld.getType() != long.class) {
                    continue;
                }
                String name = fld.getName();
                String expr = ALIASES.get(name);
                if (expr == null) {
                    if (name.startsWith("OFF_") || name.startsWith("SIZEOF_")) {
                        continue;
                    }
                    if (NOT_IN_HEADERS.containsKey(name)) {
                        notes.add(c.getSimpleName() + "." + name + " not checked: " + NOT_IN_HEADERS.get(name));
                        continue;
                    }
                    expr = name;
                }
                String key = "const:" + c.getSimpleName() + "." + name;
                cExpr.put(key, expr);
                if (NEWER_THAN_HEADERS.containsKey(name)) {
                    guards.put(key, NEWER_THAN_HEADERS.get(name));
                }
                expected.put(key, fld.getType() == int.class ? (long) fld.getInt(null) : fld.getLong(null));
                isInt.put(key, fld.getType() == int.class);
                constants++;
            }
        }

        Map<String, String> c = runC(dir, cExpr, guards);

        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            String k = e.getKey();
            String got = c.get(k);
            if (got == null) {
                mismatches.add(k + ": no output from the C program");
            } else if (got.equals("ABSENT")) {
                notes.add(k + " newer than the installed headers (" + guards.get(k) + " undefined)");
            } else {
                long cv = Long.parseLong(got);
                long jv = e.getValue();
                boolean same = Boolean.TRUE.equals(isInt.get(k)) ? (int) cv == (int) jv
                    && cv >= Integer.MIN_VALUE && cv <= 0xffffffffL : cv == jv;
                if (!same) {
                    mismatches.add(k + ": C " + cv + " (0x" + Long.toHexString(cv) + "), Java " + jv
                        + " (0x" + Long.toHexString(jv) + ")");
                }
            }
        }
        // Fields the headers lack must lie in what those headers leave as padding: after every real field.
        for (FieldCheck f : fields) {
            if (!"ABSENT".equals(c.get("off:" + f.structKey()))) {
                continue;
            }
            long cSize = Long.parseLong(c.get("sizeof:" + f.cType()));
            long realEnd = 0;
            for (FieldCheck g : fields) {
                String off = c.get("off:" + g.structKey());
                if (g.cType().equals(f.cType()) && off != null && !off.equals("ABSENT")) {
                    realEnd = Math.max(realEnd, Long.parseLong(off) + Long.parseLong(c.get("size:" + g.structKey())));
                }
            }
            if (f.javaOffset() < realEnd || f.javaOffset() + f.javaSize() > cSize) {
                mismatches.add(f.structKey() + ": absent from the headers and not inside their tail padding ("
                    + realEnd + ".." + cSize + ")");
            }
        }
        // bpf_attr pieces must fit the union as these headers declare it.
        long bpfAttr = Long.parseLong(c.get("sizeof:union bpf_attr"));
        for (StructSpec s : STRUCTS) {
            if (!s.checkSize()) {
                assertTrue(s.layout().byteSize() <= bpfAttr, s.layout().name() + " larger than union bpf_attr");
            }
        }
        notes.forEach(n -> System.out.println("layout test note: " + n));
        System.out.printf("layout test: %d structs, %d field checks, %d constants compared with gcc output%n",
            STRUCTS.size(), fields.size(), constants);
        assertEquals(List.of(), mismatches, "Java bindings disagree with the C headers");
    }

    private static void walk(StructSpec s, GroupLayout g, long base, String path, List<FieldCheck> out) {
        long off = base;
        for (MemoryLayout m : g.memberLayouts()) {
            long at = g instanceof StructLayout ? off : base;
            off += m.byteSize();
            if (m instanceof PaddingLayout) {
                continue;
            }
            if (m.name().isEmpty()) {
                if (m instanceof GroupLayout inner) {
                    walk(s, inner, at, path, out); // anonymous struct/union member in C
                }
                continue;
            }
            String member = (path.isEmpty() ? s.prefix() : path + ".") + m.name().get();
            String key = s.cType() + "(" + s.layout().name().orElse("?") + ")." + member;
            out.add(new FieldCheck(key, s.cType(), member, at, m.byteSize(), null));
            if (m instanceof GroupLayout inner) {
                walk(s, inner, at, member, out);
            }
        }
    }

    private static Map<String, String> runC(Path dir, Map<String, String> exprs, Map<String, String> guards)
        throws IOException, InterruptedException {
        StringBuilder src = new StringBuilder(HEADERS);
        for (Map.Entry<String, String> e : exprs.entrySet()) {
            String k = e.getKey().replace("\"", "\\\"");
            String guard = guards.get(e.getKey());
            if (guard != null) {
                src.append("#ifdef ").append(guard).append('\n');
            }
            src.append("  P(\"").append(k).append("\", ").append(e.getValue()).append(");\n");
            if (guard != null) {
                src.append("#else\n  ABSENT(\"").append(k).append("\");\n#endif\n");
            }
        }
        src.append("  return 0;\n}\n");
        Path c = dir.resolve("layout_check.c");
        Path exe = dir.resolve("layout_check");
        Files.writeString(c, src, StandardCharsets.UTF_8);
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-Wall", "-Werror", "-o", exe.toString(), c.toString())
                .redirectErrorStream(true).start();
        } catch (IOException e) {
            Privileged.unavailable("gcc not found (" + e.getMessage() + "); the layout test compiles a C checker");
            return Map.of();
        }
        String gccOut = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, gcc.exitValue(), "gcc failed on the generated checker:\n" + gccOut + "\nsource: " + c);
        Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(30, TimeUnit.SECONDS), "checker timed out");
        assertEquals(0, run.exitValue(), "checker failed:\n" + out);
        Map<String, String> result = new TreeMap<>();
        for (String line : out.split("\n")) {
            int sp = line.lastIndexOf(' ');
            if (sp > 0) {
                result.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        return result;
    }
}
