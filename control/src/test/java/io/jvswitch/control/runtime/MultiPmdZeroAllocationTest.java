package io.jvswitch.control.runtime;

import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.InterfaceConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.testing.Frames;
import io.jvswitch.flowcache.testing.ZeroAllocation;
import io.jvswitch.vport.dummy.DummyPort;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-PMD steady state allocates nothing: two PMDs (invoker mode, so the test thread is both and the
 * allocation counter sees both) each poll one of port a's rx queues and both transmit into port b's single tx
 * queue through the shared {@code LockedTxQueue}.
 */
class MultiPmdZeroAllocationTest {
    @Test
    void twoPmdsSharingATxQueueAllocateNothing() {
        CachedNanoClock clock = new CachedNanoClock();
        clock.update(1_000_000_000L);
        try (SwitchRuntime rt = new SwitchRuntime(clock, PmdConfig.defaults(), 4096, FramePool.DEFAULT_FRAME_SIZE,
                List.of(0, 1))) {
            rt.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0", List.of(
                    sink("a", 2), sink("b", 1))))));
            assertEquals(2, rt.pmdCores().size());
            DummyPort a = (DummyPort) rt.port("a");
            byte[][] frames = new byte[64][];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = Frames.udp(0x02000000000bL, 0x02000000000aL, -1, 0x0a000001, 0x0a000002, 1000 + i, 7);
            }
            Runnable round = () -> {
                for (int r = 0; r < 200; r++) {
                    for (int i = 0; i < frames.length; i++) {
                        a.inject(i & 1, frames[i]);
                    }
                    rt.runOnce();
                    rt.runOnce();
                }
            };
            round.run();
            long txBefore = rt.port("b").stats().txPackets();
            ZeroAllocation.assertSteadyStateAllocatesNothing("two PMDs, shared tx queue", round);
            assertTrue(rt.port("b").stats().txPackets() > txBefore);
            for (PmdSnapshot s : rt.pmdSnapshots()) {
                assertTrue(s.rxPackets() > 0, "both PMDs forwarded: " + s);
            }
            assertEquals(0, rt.framesInUse(), "between iterations every frame is back");
        }
    }

    private static PortConfig sink(String name, int rxq) {
        InterfaceConfig ic = new InterfaceConfig(name, "dummy", Map.of("tx", "sink", "n_rxq", Integer.toString(rxq)),
                null, null);
        return new PortConfig(name, null, null, Set.of(), List.of(ic));
    }
}
