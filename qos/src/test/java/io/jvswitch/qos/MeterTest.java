package io.jvswitch.qos;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MeterTest {
    private static final long MS = 1_000_000L;

    private static int[] frames(int n, int len) {
        int[] l = new int[32];
        Arrays.fill(l, 0, n, len);
        return l;
    }

    @Test
    void kbpsBandDropsWhatExceedsItsBucket() {
        Meter m = new Meter(false, List.of(new Meter.Band(8, 8)), 0);   // 8 kbit/s, burst 8 kbit = 1000 B
        assertEquals(0b11_1111_1111, m.meter(frames(12, 100), 12, 0), "whole frames: ten 100-byte ones");
        assertEquals(2, m.bandPackets(0));
        assertEquals(200, m.bandBytes(0));
        assertEquals(12, m.packetsIn());
        assertEquals(0, m.meter(frames(1, 100), 1, 99 * MS));
        assertEquals(1, m.meter(frames(1, 100), 1, 200 * MS));
    }

    @Test
    void zeroBurstIsOneSecondOfTheRate() {
        Meter m = new Meter(true, List.of(new Meter.Band(5, 0)), 0);
        assertEquals(0b11111, m.meter(frames(8, 60), 8, 0));
        assertEquals(3, m.bandPackets(0));
    }

    @Test
    void theHighestRateExceededBandCountsTheDrop() {
        Meter m = new Meter(true, List.of(new Meter.Band(2, 2), new Meter.Band(4, 4)), 0);
        assertEquals(0b11, m.meter(frames(6, 60), 6, 0));
        // packets 3,4 exceed only the 2-pps band; 5,6 exceed both: the 4-pps band fires.
        assertEquals(2, m.bandPackets(0));
        assertEquals(2, m.bandPackets(1));
        assertThrows(IllegalArgumentException.class, () -> new Meter(false, List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new Meter(false, List.of(new Meter.Band(0, 1)), 0));
    }
}
