package io.jvswitch.qos;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EgressPolicerTest {
    private static final long S = 1_000_000_000L;

    @Test
    void egressPolicerPassesGreenOnlyAndCountsQueueZero() {
        SrTcmPolicer p = new SrTcmPolicer(1000, 1000, 0);
        int[] len = {514, 514, 514};
        assertEquals(0b011, p.police(len, null, 3, 0));
        assertEquals(2, p.txPackets(0));
        assertEquals(1000, p.txBytes(0), "IP bytes, without the Ethernet header");
        assertEquals(1, p.txErrors(0));
        assertEquals(0b001, p.police(len, null, 1, S / 2));
        assertEquals(Map.of("cir", "1000", "cbs", "1000"), p.details());
        assertEquals("cir=0: must be at least 1 and at most " + TokenBucket.MAX_RATE,
                assertThrows(IllegalArgumentException.class, () -> new SrTcmPolicer(0, 1000, 0)).getMessage());
    }

    @Test
    void trtcmColoursByQueueThenByPort() {
        TrTcmPolicer p = new TrTcmPolicer(Map.of("cir", "1000", "cbs", "1000", "eir", "1000", "ebs", "1000"),
                Map.of(1L, Map.of("cir", "300", "cbs", "300", "eir", "0", "ebs", "0")), 0);
        assertArrayEquals(new int[] {0, 1}, p.queueIds(), "queue 0 created with the port's settings");
        assertEquals(p.details(), p.queueDetails(0));
        int[] len = {314, 314, 1014, 1014, 1014};
        int[] queue = {1, 1, 7, 0, 0};             // queue 7 does not exist: queue 0
        int pass = p.police(len, queue, 5, 0);
        // q1: 300 green, then red (dropped). q0: 1000 green, 1000 yellow, then red.
        // port (aware): green 300 (C 700); green 1000 → C short → yellow via E (E 0); yellow 1000 → E empty → red.
        assertEquals(0b00101, pass);
        assertEquals(1, p.txPackets(1));
        assertEquals(1, p.txErrors(1));
        assertEquals(2, p.txPackets(0), "queue 0 passed two (the port then dropped one)");
        assertEquals(1, p.txErrors(0));
        assertEquals(2000, p.txBytes(0));
    }

    @Test
    void trtcmRejectsIncompleteSettingsNamingTheQueue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrTcmPolicer(Map.of("cir", "1000"), Map.of(), 0));
        assertEquals("trtcm-policer: cir=1000 needs a cbs", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrTcmPolicer(
                Map.of("cir", "1000", "cbs", "10"), Map.of(3L, Map.of("eir", "5", "ebs", "0")), 0));
        assertTrue(e.getMessage().startsWith("queue 3: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrTcmPolicer(
                Map.of("cir", "1", "cbs", "1", "queue-by-dscp", "yes"), Map.of(), 0));
        assertEquals("queue-by-dscp=yes: must be true or false", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrTcmPolicer(
                Map.of("cir", "1", "cbs", "1"), Map.of(4L, Map.of("cir", "abc")), 0));
        assertEquals("queue 4: cir=abc: not an integer", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrTcmPolicer(
                Map.of("cir", "x"), Map.of(), 0));
        assertEquals("cir=x: not an integer", e.getMessage());
    }
}
