package io.jvswitch.control.runtime;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PmdIdle;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.vport.dummy.DummyPort;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several PMD threads (back-off idle, so a 2-core CI machine is not starved) forwarding through a NORMAL bridge
 * of dummy ports, while rx queues move, ports come and go and the PMD set changes. Every frame injected into
 * port "a" must come out of port "b" (the only other port, so flooding or learned, it goes there), nothing is
 * dropped, every rx queue is polled by exactly one PMD afterwards, and every pool is full after stop.
 */
class MultiPmdTest {
    private static final long MAC_A = 0x02000000000aL;
    private static final long MAC_B = 0x02000000000bL;
    private final SwitchRuntime rt = new SwitchRuntime(new SystemNanoClock(), PmdConfig.defaults(), 4096,
            FramePool.DEFAULT_FRAME_SIZE, List.of(0, 1));

    @AfterEach
    void close() {
        rt.close();
    }

    static PortConfig dummy(String name, int rxq, Map<String, String> otherConfig) {
        InterfaceConfig ic = new InterfaceConfig(name, "dummy", Map.of("n_rxq", Integer.toString(rxq)), null, null,
                otherConfig);
        return new PortConfig(name, null, null, Set.of(), List.of(ic));
    }

    static SwitchConfig twoPorts(String mask, int rxqA, PortConfig... extra) {
        List<PortConfig> ports = new ArrayList<>(List.of(dummy("a", rxqA, Map.of()), dummy("b", 1, Map.of())));
        ports.addAll(List.of(extra));
        return new SwitchConfig(List.of(BridgeConfig.of("br0", ports)), Map.of("pmd-cpu-mask", mask));
    }

    /** Injects distinct frames a → B round-robin over a's queues until stopped; counts what was accepted. */
    private static final class Injector extends Thread {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong injected = new AtomicLong();
        private final DummyPort a;
        private final int queues;

        Injector(DummyPort a, int queues) {
            super("test-injector");
            this.a = a;
            this.queues = queues;
        }

        @Override
        public void run() {
            long n = 0;
            while (!stop.get()) {
                byte[] f = Frames.udp(MAC_B, MAC_A, -1, 0x0a000001, 0x0a000002, 1000 + (int) (n % 64), 7);
                if (a.inject((int) (n % queues), f)) {
                    n++;
                    injected.set(n);
                } else {
                    Thread.onSpinWait();
                    Thread.yield();
                }
            }
        }
    }

    private void learnB() throws InterruptedException {
        DummyPort b = (DummyPort) rt.port("b");
        DummyPort a = (DummyPort) rt.port("a");
        b.inject(Frames.udp(MAC_A, MAC_B, -1, 0x0a000002, 0x0a000001, 7, 7));
        waitFor(() -> a.transmitted().size() == 1, "B's first frame flooded to a");
        a.drainTransmitted();
    }

    private static void waitFor(java.util.function.BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Thread.sleep(2);
        }
    }

    /** Waits until b transmitted every injected frame; returns the count. */
    private long drainB(long injected) throws InterruptedException {
        DummyPort b = (DummyPort) rt.port("b");
        long[] got = {0};
        waitFor(() -> {
            got[0] += b.drainTransmitted().size();
            return got[0] >= injected;
        }, "b transmitted " + injected + " frames");
        Thread.sleep(20);
        got[0] += b.drainTransmitted().size();
        return got[0];
    }

    /** Each rx queue of each port is in exactly one PMD's poll list, the one rxqAssignment names. */
    private void assertEveryQueuePolledOnce() throws InterruptedException {
        assertTrue(rt.awaitPmd(10, TimeUnit.SECONDS));
        Map<String, Integer> byPmd = new java.util.HashMap<>();
        Set<String> seen = new HashSet<>();
        for (PmdThread t : rt.pmdThreads()) {
            for (Pmd.PolledQueue q : t.pmd().pollList()) {
                String k = q.portNo() + "/" + q.queue();
                assertTrue(seen.add(k), "rx queue " + k + " polled by two PMDs");
                byPmd.put(k, t.id());
            }
        }
        Set<String> expected = new HashSet<>();
        for (RxqAssignment r : rt.rxqAssignment()) {
            String k = r.portNo() + "/" + r.queue();
            expected.add(k);
            assertEquals(r.pmdId(), byPmd.get(k), "rx queue " + k + " polled by the PMD rxqAssignment names");
        }
        assertEquals(expected, seen, "every rx queue polled, none extra");
    }

    private void assertNothingDropped() {
        for (PmdSnapshot s : rt.pmdSnapshots()) {
            assertEquals(0, s.drops(), "PMD " + s.id() + " dropped packets: " + s);
            assertEquals(0, s.lostUpcalls(), "PMD " + s.id() + " lost upcalls");
        }
    }

    @Test
    void twoPmdsForwardThroughANormalBridgeAndShareTheWork() throws Exception {
        rt.reconfigure(twoPorts("0x3", 4));
        assertEquals(List.of(0, 1), rt.pmdCores());
        rt.start(PmdIdle.BACKOFF);
        learnB();
        DummyPort a = (DummyPort) rt.port("a");
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            byte[] f = Frames.udp(MAC_B, MAC_A, -1, 0x0a000001, 0x0a000002, 1000 + i % 64, 7);
            while (!a.inject(i % 4, f)) {
                Thread.onSpinWait();
            }
        }
        assertEquals(n, drainB(n));
        assertEquals(0, ((DummyPort) rt.port("a")).transmitted().size(), "unicast to b only, after learning");
        List<PmdSnapshot> pmds = rt.pmdSnapshots();
        assertEquals(2, pmds.size());
        for (PmdSnapshot s : pmds) {
            assertTrue(s.rxPackets() >= n / 4, "each PMD polls two of a's queues: " + s);
            assertTrue(s.emcHits() + s.megaflowHits() > 0, "each PMD has its own caches: " + s);
            assertTrue(s.upcalls() >= 1, "each PMD sets up the flow in its own table: " + s);
        }
        assertNothingDropped();
        assertEveryQueuePolledOnce();
        PortSnapshot b = rt.portSnapshots().stream().filter(p -> p.name().equals("b")).findFirst().orElseThrow();
        assertEquals(n, b.txPackets(), "b's counters");
        rt.stop();
        assertEquals(0, rt.framesInUse(), "every frame back in its PMD's pool");
    }

    @Test
    void rxQueuesMoveUnderContinuousTrafficWithoutLossOrDoublePolling() throws Exception {
        rt.reconfigure(twoPorts("0x3", 4));
        rt.start(PmdIdle.BACKOFF);
        learnB();
        Injector inj = new Injector((DummyPort) rt.port("a"), 4);
        inj.start();
        try {
            for (int i = 0; i < 60; i++) {
                int q = i % 4;
                rt.moveRxQueue("a", q, i % 8 < 4 ? 1 : 0);
                if (i % 10 == 9) {
                    rt.rebalance();
                }
                if (i % 3 == 0) {
                    assertTrue(rt.awaitPmd(10, TimeUnit.SECONDS));
                }
                Thread.sleep(1);
            }
        } finally {
            inj.stop.set(true);
            inj.join();
        }
        assertTrue(inj.injected.get() > 0);
        assertEquals(inj.injected.get(), drainB(inj.injected.get()), "every injected frame forwarded once");
        assertNothingDropped();
        assertEveryQueuePolledOnce();
        rt.stop();
        assertEquals(0, rt.framesInUse());
    }

    @Test
    void portsComeAndGoUnderTraffic() throws Exception {
        rt.reconfigure(twoPorts("0x3", 2));
        rt.start(PmdIdle.BACKOFF);
        learnB();
        Injector inj = new Injector((DummyPort) rt.port("a"), 2);
        inj.start();
        try {
            for (int i = 0; i < 20; i++) {
                rt.reconfigure(twoPorts("0x3", 2, dummy("c", 3, Map.of()), dummy("d" + i, 1, Map.of())));
                Thread.sleep(2);
                assertEveryQueuePolledOnce();
                rt.reconfigure(twoPorts("0x3", 2));
                Thread.sleep(2);
            }
        } finally {
            inj.stop.set(true);
            inj.join();
        }
        assertEquals(inj.injected.get(), drainB(inj.injected.get()), "a → b unaffected by other ports");
        assertNothingDropped();
        assertEveryQueuePolledOnce();
        assertEquals(3, rt.rxqAssignment().size(), "a's two queues and b's one are left");
    }

    @Test
    void pmdSetChangesUnderTraffic() throws Exception {
        rt.reconfigure(twoPorts("0x1", 4));
        rt.start(PmdIdle.BACKOFF);
        learnB();
        Injector inj = new Injector((DummyPort) rt.port("a"), 4);
        inj.start();
        List<String> masks = List.of("0x3", "0x2", "0x3", "0x1", "0x2", "0x1", "0x3");
        try {
            for (String m : masks) {
                rt.reconfigure(twoPorts(m, 4));
                assertEveryQueuePolledOnce();
                Thread.sleep(5);
            }
        } finally {
            inj.stop.set(true);
            inj.join();
        }
        assertEquals(List.of(0, 1), rt.pmdCores());
        assertEquals(inj.injected.get(), drainB(inj.injected.get()), "nothing lost while PMDs came and went");
        assertNothingDropped();
        assertEveryQueuePolledOnce();
        Set<String> names = new HashSet<>();
        for (PmdThread t : rt.pmdThreads()) {
            names.add(t.threadName());
        }
        assertEquals(names, ProcTasks.threadNames("jvswitch-pmd"), "one live jvswitch-pmd thread per PMD");
        rt.stop();
        assertEquals(0, rt.framesInUse(), "every pool full after stop, retired PMDs' included");
    }

    @Test
    void rxqAffinityPinsQueuesAndIsolatesTheirPmd() throws Exception {
        SwitchConfig cfg = new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(
                dummy("a", 2, Map.of("pmd-rxq-affinity", "0:1,1:1")), dummy("b", 1, Map.of()),
                dummy("c", 2, Map.of())))), Map.of("pmd-cpu-mask", "0x3"));
        rt.reconfigure(cfg);
        Map<String, Integer> core = new java.util.HashMap<>();
        for (RxqAssignment r : rt.rxqAssignment()) {
            core.put(r.port() + "/" + r.queue(), r.core());
            assertTrue(!r.affinityUnmet(), r.toString());
        }
        assertEquals(Map.of("a/0", 1, "a/1", 1, "b/0", 0, "c/0", 0, "c/1", 0), core,
                "pinned queues on core 1; core 1 isolated, the rest on core 0");
        assertEveryQueuePolledOnce();
        // Changing only other_config moves queues and does not reopen the port.
        DummyPort a = (DummyPort) rt.port("a");
        rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(
                dummy("a", 2, Map.of("pmd-rxq-affinity", "0:0")), dummy("b", 1, Map.of()),
                dummy("c", 2, Map.of())))), Map.of("pmd-cpu-mask", "0x3")));
        assertTrue(a == rt.port("a"), "port not reopened for an other_config change");
        for (RxqAssignment r : rt.rxqAssignment()) {
            if (r.port().equals("a") && r.queue() == 0) {
                assertEquals(0, r.core());
            } else {
                assertEquals(1, r.core(), "core 0 isolated by a/0: " + r);
            }
        }
        assertEveryQueuePolledOnce();
    }
}
