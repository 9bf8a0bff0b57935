package io.jvswitch.qos;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngressPolicerTest {
    private static final long MS = 1_000_000L;

    private static int[] frames(int n, int len) {
        int[] l = new int[32];
        Arrays.fill(l, 0, n, len);
        return l;
    }

    @Test
    void byteRateChargesTheFrameWithoutItsEthernetHeader() {
        IngressPolicer p = new IngressPolicer(8, 8, 0, 0, 0);        // 1000 B/s, burst 1000 B
        assertEquals(0b11_1111_1111, p.police(frames(11, 114), 11, 0), "ten 100-byte packets fill the burst");
        assertEquals(10, p.passed());
        assertEquals(1, p.droppedByRate());
        assertEquals(0, p.police(frames(1, 114), 1, 99 * MS), "99 bytes earned: not enough");
        assertEquals(1, p.police(frames(1, 114), 1, 100 * MS));
    }

    @Test
    void zeroBurstsMeanOvsDefaults() {
        IngressPolicer p = new IngressPolicer(1000, 0, 10, 0, 0);
        assertEquals(IngressPolicer.DEFAULT_BURST_KB, p.burstKb());
        assertEquals(IngressPolicer.DEFAULT_KPKTS_BURST, p.kpktsBurst());
        assertTrue(p.active());
        assertFalse(new IngressPolicer(0, 500, 0, 3, 0).active(), "no rate: nothing policed");
    }

    @Test
    void packetRateCountsPackets() {
        IngressPolicer p = new IngressPolicer(0, 0, 1, 1, 0);        // 1000 pps, burst 1000 packets
        int passed = 0;
        for (int k = 0; k < 40; k++) {
            passed += Integer.bitCount(p.police(frames(32, 1514), 32, 0));
        }
        assertEquals(1000, passed);
        assertEquals(280, p.droppedByPacketRate());
        assertEquals(0b1111, p.police(frames(5, 60), 5, 4 * MS), "4 ms: 4 packets");
    }

    @Test
    void bothRatesSetTheSmallerLimitWinsAndDropsChargeNothing() {
        IngressPolicer p = new IngressPolicer(8, 8, 1, 1, 0);        // 1000 B/s (burst 1000 B) and 1000 pps
        int pass = p.police(frames(32, 14 + 50), 32, 0);             // 50-byte packets: bytes allow 20
        assertEquals(20, Integer.bitCount(pass));
        assertEquals(12, p.droppedByRate());
        assertEquals(0, p.droppedByPacketRate());
        IngressPolicer q = new IngressPolicer(8000, 8, 0, 0, 0);
        assertEquals(0b101, q.police(new int[] {14 + 600, 14 + 500, 14 + 400}, 3, 0),
                "a dropped big packet leaves its tokens for the next small one");
    }

    @Test
    void longRunPassesTheRateAndTheBurst() {
        IngressPolicer p = new IngressPolicer(10_000, 8_000, 0, 0, 0);   // 10 Mbit/s, burst 8000 kb = 1 MB
        long passedBytes = 0;
        long t = 0;
        for (int batch = 0; batch < 20_000; batch++) {                  // 20 Mbit/s offered for 1 s
            t += 50_000;                                                // a 32 x 1514 B batch every 50 µs
            int pass = p.police(frames(32, 1514), 32, t);
            passedBytes += Integer.bitCount(pass) * 1500L;
        }
        long expected = 1_250_000 + 1_000_000;                          // 1 s at 1.25 MB/s + the burst
        assertTrue(Math.abs(passedBytes - expected) <= 1500, passedBytes + " vs " + expected);
    }

    @Test
    void rejectsNegativeAndHugeSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IngressPolicer(-1, 0, 0, 0, 0));
        assertTrue(e.getMessage().startsWith("ingress_policing_rate -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IngressPolicer(0, Long.MAX_VALUE, 0, 0, 0));
    }
}
