package io.jvswitch.dataplane.pipeline;

import io.jvswitch.dataplane.DropReason;
import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.slowpath.SlowPath;
import io.jvswitch.dataplane.slowpath.SlowPathQueue;
import io.jvswitch.dataplane.testing.TestPort;
import io.jvswitch.dataplane.upcall.UpcallHandler;
import io.jvswitch.flowcache.FlowKey;
import io.jvswitch.flowcache.FlowMask;
import io.jvswitch.flowcache.Megaflow;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slow path (PMD → control plane: LACPDUs) and packet-out (control plane → a port through a PMD). */
class PmdSlowPathTest {
    private final FramePool pool = new FramePool(1024);
    private final CachedNanoClock clock = new CachedNanoClock();
    private final TestPort p1 = new TestPort(1, "p1");
    private final TestPort p2 = new TestPort(2, "p2");
    private final AtomicInteger upcalls = new AtomicInteger();

    @AfterEach
    void close() {
        pool.close();
    }

    /** A LACPDU-sized slow-protocols frame (0x8809, subtype 1) whose byte 20 carries {@code seq}. */
    private static byte[] lacpdu(int seq) {
        byte[] f = new byte[124];
        byte[] head = {1, (byte) 0x80, (byte) 0xc2, 0, 0, 2, 2, 0, 0, 0, 0, 1, (byte) 0x88, 0x09, 1, 1};
        System.arraycopy(head, 0, f, 0, head.length);
        f[20] = (byte) seq;
        f[21] = (byte) (seq >>> 8);
        return f;
    }

    /** Slow-protocols frames go to the slow path; everything else is dropped by an installed empty flow. */
    private final UpcallHandler lacpToSlowPath = (pmdId, keys, base, packet, address, length, now) -> {
        upcalls.incrementAndGet();
        if (FlowKey.ethType(keys, base) == 0x8809) {
            return SlowPath.verdict(SlowPath.LACP);
        }
        return new Megaflow(1, keys, base, FlowMask.exact(), Actions.DROP_ALL, now);
    };

    private Pmd pmd(UpcallHandler h, SlowPathQueue q) {
        Pmd pmd = new Pmd(3, PmdConfig.defaults(), pool, h, clock, new io.jvswitch.dataplane.bond.BondTables(), q);
        pmd.attachPort(p1);
        pmd.attachPort(p2);
        return pmd;
    }

    private static void run(Pmd pmd, int n) {
        for (int i = 0; i < n; i++) {
            pmd.doWork();
        }
    }

    private record Got(int pmd, int inPort, int reason, byte[] bytes) {
    }

    private static List<Got> drain(SlowPathQueue q) {
        List<Got> got = new ArrayList<>();
        q.drain((pmdId, inPort, reason, frame) ->
                got.add(new Got(pmdId, inPort, reason, frame.toArray(ValueLayout.JAVA_BYTE))), 1000);
        return got;
    }

    @Test
    void slowPathVerdictsDeliverFramesInOrderAndInstallNothing() {
        SlowPathQueue q = new SlowPathQueue();
        Pmd pmd = pmd(lacpToSlowPath, q);
        int start = pool.available();
        for (int i = 0; i < 40; i++) {                  // more than a batch, several in one batch
            p1.inject(lacpdu(i));
        }
        run(pmd, 10);
        List<Got> got = drain(q);
        assertEquals(40, got.size());
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(lacpdu(i), got.get(i).bytes(), "frame " + i + " in order, exact bytes");
            assertEquals(1, got.get(i).inPort());
            assertEquals(3, got.get(i).pmd());
            assertEquals(SlowPath.LACP, got.get(i).reason());
        }
        assertEquals(40, upcalls.get(), "every LACPDU was an upcall: no flow was installed or reused");
        assertEquals(0, pmd.flowTable().flowCount());
        assertEquals(40, pmd.stats().get(PmdStats.SLOW_PATH_PACKETS));
        assertEquals(0, pmd.stats().get(PmdStats.UPCALLS), "no flow installed");
        assertEquals(0, pmd.stats().totalDrops());
        assertEquals(start, pool.available(), "frames freed after the copy");
    }

    @Test
    void aFullQueueDropsAndCountsAndKeepsWhatFitInOrder() {
        SlowPathQueue q = new SlowPathQueue(4096);
        Pmd pmd = pmd(lacpToSlowPath, q);
        int start = pool.available();
        for (int i = 0; i < 100; i++) {
            p1.inject(lacpdu(i));
        }
        run(pmd, 10);
        List<Got> got = drain(q);
        assertTrue(got.size() > 10 && got.size() < 100, got.size() + " fit in 4 KiB");
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(lacpdu(i), got.get(i).bytes(), "the first frames, in order");
        }
        long lost = 100 - got.size();
        assertEquals(lost, q.overflows());
        assertEquals(lost, pmd.stats().drops(DropReason.SLOW_PATH_FULL));
        assertEquals(got.size(), pmd.stats().get(PmdStats.SLOW_PATH_PACKETS));
        assertEquals(start, pool.available());
        p1.inject(lacpdu(500));                          // drained: room again
        run(pmd, 2);
        List<Got> again = drain(q);
        assertEquals(1, again.size(), "after a drain: " + q.overflows() + " overflows, " + q.sizeBytes() + " bytes, "
                + pmd.stats().get(PmdStats.SLOW_PATH_PACKETS) + " slow " + pmd.stats().get(PmdStats.RX_PACKETS) + " rx "
                + pmd.stats().totalDrops());
        assertArrayEquals(lacpdu(500), again.get(0).bytes());
    }

    @Test
    void anInstalledSlowPathFlowSendsItsPacketsUpWithoutUpcalls() {
        SlowPathQueue q = new SlowPathQueue();
        UpcallHandler h = (pmdId, keys, base, packet, address, length, now) -> {
            upcalls.incrementAndGet();
            long[] m = new long[FlowKey.KEY_WORDS];
            m[FlowKey.W_ETH_DST] = 0xffffL;               // in_port (added below) and eth_type
            m[FlowKey.W_IN_PORT] = 0xffffffff00000000L;
            return new Megaflow(9, keys, base, FlowMask.of(m), Actions.builder().slowPath(SlowPath.LACP).build(), now);
        };
        Pmd pmd = pmd(h, q);
        for (int i = 0; i < 10; i++) {
            p1.inject(lacpdu(i));
        }
        run(pmd, 3);
        for (int i = 10; i < 20; i++) {
            p1.inject(lacpdu(i));
        }
        run(pmd, 3);
        List<Got> got = drain(q);
        assertEquals(20, got.size());
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(lacpdu(i), got.get(i).bytes());
        }
        assertEquals(1, upcalls.get(), "one upcall installed the flow; the rest hit it");
        assertEquals(20, pmd.stats().get(PmdStats.SLOW_PATH_PACKETS));
    }

    @Test
    void packetOutSendsExactlyTheGivenBytesOnThePortAndFreesTheFrame() {
        Pmd pmd = pmd(lacpToSlowPath, new SlowPathQueue());
        run(pmd, 1);
        int start = pool.available();
        byte[] pdu = lacpdu(77);
        assertTrue(pmd.packetOut(2, pdu));
        byte[] rarp = Arrays.copyOf(lacpdu(78), 60);
        assertTrue(pmd.packetOut(2, rarp));
        Arrays.fill(pdu, (byte) 0);                      // the caller may reuse its array at once
        run(pmd, 1);
        assertEquals(2, p2.transmitted().size());
        assertArrayEquals(lacpdu(77), p2.transmitted().get(0));
        assertArrayEquals(rarp, p2.transmitted().get(1));
        assertEquals(0, p1.transmitted().size());
        assertEquals(2, pmd.stats().get(PmdStats.PACKET_OUTS));
        assertEquals(start, pool.available(), "the sink port freed the frames");
        assertTrue(pmd.packetOut(9, pdu));
        run(pmd, 1);
        assertEquals(1, pmd.stats().drops(DropReason.NO_SUCH_PORT), "unknown port: dropped, counted");
        assertEquals(start, pool.available());
    }
}
