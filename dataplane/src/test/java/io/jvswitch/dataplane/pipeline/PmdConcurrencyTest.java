package io.jvswitch.dataplane.pipeline;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PMD on its own thread while another thread attaches/detaches ports through the command queue and a third
 * reads counters: counters never go backwards, reconfiguration never crashes the loop, and every frame is
 * back in the pool once the ports are detached.
 */
class PmdConcurrencyTest {

    @Test
    void reconfigurationAndCounterReadsUnderTrafficAreSafe() throws Exception {
        try (FramePool pool = new FramePool(2048)) {
            PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask());
            upcall.rule(1, Actions.builder().output(2).output(3).build());
            Pmd pmd = new Pmd(0, PmdConfig.defaults(), pool, upcall, new SystemNanoClock());
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                frames.add(Frames.udp(0x0a000000 + i, 2, 1000, 53));
            }
            TestPort in = new TestPort(1, "in").replay(frames, 32);
            TestPort out = new TestPort(2, "out").sink(true);
            pmd.attachPort(in);
            pmd.attachPort(out);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AgentRunner runner = new AgentRunner(new YieldingIdleStrategy(), failure::set, null, pmd);
            AgentRunner.startOnThread(runner);
            CountDownLatch done = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                long lastRx = 0;
                long lastTx = 0;
                while (done.getCount() > 0) {
                    long rx = pmd.stats().get(PmdStats.RX_PACKETS);
                    long tx = pmd.stats().get(PmdStats.TX_PACKETS);
                    if (rx < lastRx || tx < lastTx) {
                        failure.compareAndSet(null, new AssertionError("counter went backwards"));
                    }
                    lastRx = rx;
                    lastTx = tx;
                }
            });
            reader.start();
            for (int round = 0; round < 200; round++) {
                TestPort extra = new TestPort(3, "extra" + round).sink(true);
                pmd.attachPort(extra);
                Thread.sleep(1);
                pmd.detachPort(3);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pmd.stats().get(PmdStats.RX_PACKETS) < 100_000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            pmd.detachPort(1);
            pmd.detachPort(2);
            CountDownLatch detached = new CountDownLatch(1);
            pmd.submit(p -> detached.countDown());
            assertTrue(detached.await(5, TimeUnit.SECONDS), "commands are executed");
            done.countDown();
            reader.join();
            runner.close();
            assertNull(failure.get(), () -> "failure: " + failure.get());
            assertTrue(pmd.stats().get(PmdStats.RX_PACKETS) >= 100_000, "traffic flowed");
            assertEquals(pool.frameCount(), pool.available(), "every frame returned to the pool");
        }
    }

    @Test
    void idleStrategiesPlugIn() throws Exception {
        try (FramePool pool = new FramePool(64)) {
            Pmd pmd = new Pmd(1, PmdConfig.defaults(), pool, new PortForwardingUpcall(PortForwardingUpcall
                    .defaultMask()), new SystemNanoClock());
            AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null,
                    pmd);
            AgentRunner.startOnThread(runner);
            CountDownLatch ran = new CountDownLatch(1);
            pmd.submit(p -> ran.countDown());
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            runner.close();
            assertTrue(pmd.stats().get(PmdStats.ITERATIONS) > 0);
        }
    }
}
