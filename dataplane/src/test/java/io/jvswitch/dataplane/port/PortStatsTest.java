package io.jvswitch.dataplane.port;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several PMDs update one port's counters at once (its rx queues on different PMDs, its tx queues used by
 * different PMDs): no update may be lost.
 */
class PortStatsTest {
    @Test
    void concurrentWritersLoseNoUpdate() throws Exception {
        PortStats s = new PortStats();
        int threads = 4;
        int rounds = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    s.addRx(32, 32 * 64);
                    s.addTx(31, 31 * 64);
                    s.addRxDropped(1);
                    s.addTxDropped(2);
                }
            });
            th.start();
            ts.add(th);
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        long n = (long) threads * rounds;
        assertEquals(32 * n, s.rxPackets());
        assertEquals(32 * 64 * n, s.rxBytes());
        assertEquals(31 * n, s.txPackets());
        assertEquals(31 * 64 * n, s.txBytes());
        assertEquals(n, s.rxDropped());
        assertEquals(2 * n, s.txDropped());
    }
}
