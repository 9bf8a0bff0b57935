package io.jvswitch.control.runtime;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.ffi.LibC;
import io.jvswitch.ffi.linux.Bpf;
import io.jvswitch.ffi.linux.Netlink;
import io.jvswitch.ffi.linux.RtNetlink;
import io.jvswitch.vport.netns.NetTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clear errors of port opening, each with the real cause: a missing interface; an interface already taken by
 * another switch (a second runtime in this JVM; across processes see DaemonSystemTest); a member of a Linux
 * bridge; an interface with an XDP program attached. Privileged (veths, a bridge, an XDP program).
 */
class PortErrorsSystemTest {
    private NetTopology topo;
    private SwitchRuntime a;
    private SwitchRuntime b;

    @BeforeEach
    void setUp() {
        NetTopology.requireRoot("PortErrorsSystemTest");
        topo = new NetTopology();
    }

    @AfterEach
    void tearDown() {
        try {
            for (SwitchRuntime r : new SwitchRuntime[] {a, b}) {
                if (r != null) {
                    r.close();
                }
            }
        } finally {
            topo.close();
        }
    }

    private static SwitchConfig one(String iface) {
        return one(iface, "system");
    }

    private static SwitchConfig one(String iface, String type) {
        return new SwitchConfig(List.of(BridgeConfig.of("br", List.of(PortConfig.of(iface, type)))));
    }

    private static String errorOf(SwitchRuntime rt, String iface) {
        Map<String, String> e = rt.interfaceErrors();
        assertNotNull(e.get(iface), "expected an error for " + iface + ", got " + e);
        return e.get(iface);
    }

    @Test
    void missingInterface() {
        String name = topo.name("jvM");
        a = new SwitchRuntime();
        a.reconfigure(one(name));
        assertTrue(errorOf(a, name).startsWith(name + ": no such interface"), errorOf(a, name));
    }

    @Test
    void interfaceTakenByAnotherSwitchIsRefusedUntilReleased() throws Exception {
        String v = topo.name("jvX");
        topo.vethPair(v, topo.name("jvY"), 1500);
        a = new SwitchRuntime();
        a.reconfigure(one(v));
        assertEquals(Map.of(), a.interfaceErrors());
        b = new SwitchRuntime();
        b.reconfigure(one(v));
        assertTrue(errorOf(b, v).contains("already attached to another switch"), errorOf(b, v));
        // The same runtime re-opening it (a changed config) is not a conflict.
        a.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br", List.of(PortConfig.of(v, "afpacket"))))));
        assertEquals(Map.of(), a.interfaceErrors());
        a.close();
        a = null;
        b.reconfigure(new SwitchConfig(List.of()));
        b.reconfigure(one(v));
        assertEquals(Map.of(), b.interfaceErrors(), "free again once the first switch closed");
    }

    @Test
    void memberOfALinuxBridge() throws Exception {
        String v = topo.name("jvX");
        String br = topo.name("jvbr");
        topo.vethPair(v, topo.name("jvY"), 1500);
        NetTopology.run("ip", "link", "add", br, "type", "bridge");
        try {
            NetTopology.run("ip", "link", "set", v, "master", br);
            a = new SwitchRuntime();
            a.reconfigure(one(v));
            assertTrue(errorOf(a, v).contains("already attached: it is a member of " + br), errorOf(a, v));
        } finally {
            NetTopology.run("ip", "link", "del", br);
        }
    }

    @Test
    void xdpProgramAlreadyAttached() throws Exception {
        String v = topo.name("jvX");
        topo.vethPair(v, topo.name("jvY"), 1500);
        int ifindex = LibC.ifNameToIndex(v);
        int prog = loadXdpPass();
        try (RtNetlink nl = RtNetlink.open()) {
            nl.setLinkXdpFd(ifindex, prog, Netlink.XDP_FLAGS_SKB_MODE);
            try {
                a = new SwitchRuntime();
                a.reconfigure(one(v, "afxdp"));  // type system falls back to AF_PACKET instead (SystemPortTypeTest)
                String e = errorOf(a, v);
                assertTrue(e.contains("already attached: an XDP program (id "), e);
                assertTrue(e.contains("generic mode"), e);
            } finally {
                nl.setLinkXdpFd(ifindex, -1, Netlink.XDP_FLAGS_SKB_MODE);
            }
        } finally {
            LibC.close(prog);
        }
        a.reconfigure(new SwitchConfig(List.of()));
        a.reconfigure(one(v, "afxdp"));
        assertEquals(Map.of(), a.interfaceErrors(), "opens once the program is gone");
    }

    /** {@code r0 = XDP_PASS; exit}. */
    private static int loadXdpPass() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate(2 * Bpf.SIZEOF_BPF_INSN, 8);
            Bpf.insn(insns, 0, Bpf.BPF_ALU64 | Bpf.BPF_MOV | Bpf.BPF_K, 0, 0, 0, Bpf.XDP_PASS);
            Bpf.insn(insns, 1, Bpf.BPF_JMP | Bpf.BPF_EXIT, 0, 0, 0, 0);
            MemorySegment license = arena.allocateFrom("GPL");
            MemorySegment attr = arena.allocate(Bpf.PROG_LOAD_ATTR);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_PROG_TYPE, Bpf.BPF_PROG_TYPE_XDP);
            attr.set(ValueLayout.JAVA_INT, Bpf.OFF_INSN_CNT, 2);
            attr.set(ValueLayout.JAVA_LONG, Bpf.OFF_INSNS, insns.address());
            attr.set(ValueLayout.JAVA_LONG, Bpf.OFF_LICENSE, license.address());
            long fd = LibC.bpf(Bpf.BPF_PROG_LOAD, attr, (int) attr.byteSize());
            assertTrue(fd >= 0, "BPF_PROG_LOAD: errno " + -fd);
            return (int) fd;
        }
    }
}
