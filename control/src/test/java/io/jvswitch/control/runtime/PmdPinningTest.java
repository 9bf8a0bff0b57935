package io.jvswitch.control.runtime;

import io.jvswitch.control.model.PmdIdle;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.ffi.CpuAffinity;
import io.jvswitch.vport.dummy.DummyPort;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PMD threads pin themselves to their core; the kernel's view of each thread (/proc) is what is checked. */
class PmdPinningTest {
    private static String mask(List<Integer> cores) {
        BitSet b = new BitSet();
        cores.forEach(b::set);
        return "0x" + new java.math.BigInteger(1, reverse(b.toByteArray())).toString(16);
    }

    private static byte[] reverse(byte[] a) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    private static void awaitStarted(SwitchRuntime rt) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (rt.pmdSnapshots().stream().anyMatch(s -> s.pinning().equals("not started"))) {
            assertTrue(System.nanoTime() < deadline, "PMD threads did not start");
            Thread.sleep(5);
        }
    }

    @Test
    void eachPmdThreadRunsOnlyOnItsCore() throws Exception {
        BitSet allowed = CpuAffinity.currentThreadAffinity();
        List<Integer> cores = new ArrayList<>();
        for (int c = allowed.nextSetBit(0); c >= 0 && cores.size() < 2; c = allowed.nextSetBit(c + 1)) {
            cores.add(c);
        }
        try (SwitchRuntime rt = new SwitchRuntime(new SystemNanoClock(), PmdConfig.defaults(), 1024,
                FramePool.DEFAULT_FRAME_SIZE, List.of(cores.getLast()))) {
            rt.reconfigure(MultiPmdTest.twoPorts(mask(cores), 2));
            assertEquals(cores, rt.pmdCores());
            rt.start(PmdIdle.BACKOFF);
            awaitStarted(rt);
            Map<String, Path> tasks = ProcTasks.byName(PmdThread.THREAD_PREFIX);
            assertEquals(cores.size(), tasks.size(), "one thread per PMD: " + tasks.keySet());
            for (PmdSnapshot s : rt.pmdSnapshots()) {
                assertEquals("pinned to core " + s.core(), s.pinning());
                Path status = tasks.get(PmdThread.THREAD_PREFIX + s.id());
                assertNotNull(status, "thread jvswitch-pmd" + s.id());
                assertEquals(Integer.toString(s.core()), ProcTasks.cpusAllowed(status),
                        "the kernel's Cpus_allowed_list of jvswitch-pmd" + s.id());
            }
        }
    }

    @Test
    void defaultIsOnePmdOnTheLastCore() {
        BitSet allowed = assertDoesNotThrowAffinity();
        try (SwitchRuntime rt = new SwitchRuntime()) {
            assertEquals(List.of(allowed.length() - 1), rt.pmdCores());
            rt.reconfigure(SwitchConfig.empty());
            assertEquals(List.of(allowed.length() - 1), rt.pmdCores(), "no mask in the config: the default");
            assertEquals(io.jvswitch.control.model.PmdIdle.BUSY, rt.idle(), "busy-spin by default");
        }
    }

    private static BitSet assertDoesNotThrowAffinity() {
        try {
            return CpuAffinity.currentThreadAffinity();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCoreThatCannotBeUsedLeavesThePmdUnpinnedButForwarding() throws Exception {
        int missing = 1000;      // below CPU_SETSIZE, far above any core this machine has
        try (SwitchRuntime rt = new SwitchRuntime(new SystemNanoClock(), PmdConfig.defaults(), 1024,
                FramePool.DEFAULT_FRAME_SIZE, List.of(0))) {
            rt.reconfigure(MultiPmdTest.twoPorts(mask(List.of(missing)), 1));
            rt.start(PmdIdle.BACKOFF);
            awaitStarted(rt);
            String pinning = rt.pmdSnapshots().getFirst().pinning();
            assertTrue(pinning.startsWith("unpinned: ") && pinning.contains("sched_setaffinity"), pinning);
            DummyPort a = (DummyPort) rt.port("a");
            DummyPort b = (DummyPort) rt.port("b");
            a.inject(Frames.udp(0xffffffffffffL, 0x02000000000aL, -1, 1, 2, 3, 4));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (b.transmitted().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "unpinned PMD forwards");
                Thread.sleep(2);
            }
        }
    }
}
