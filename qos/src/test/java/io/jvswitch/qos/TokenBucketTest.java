package io.jvswitch.qos;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {
    private static final long N = TokenBucket.NANO;
    private static final long MS = 1_000_000L;

    @Test
    void startsFullRefillsAtTheRateAndStopsAtTheBurst() {
        TokenBucket b = new TokenBucket(1000, 100, 0);
        assertEquals(100 * N, b.tokens());
        assertTrue(b.tryTake(100 * N));
        assertFalse(b.tryTake(1));
        b.refill(50 * MS);
        assertEquals(50 * N, b.tokens(), "50 ms at 1000/s");
        b.refill(50 * MS + 1);
        assertEquals(50 * N + 1000, b.tokens(), "1 ns adds 1000 nano-units: no rounding lost");
        b.refill(10_000 * MS);
        assertEquals(100 * N, b.tokens(), "capped at the burst");
    }

    @Test
    void aClockGoingBackwardsAddsNothing() {
        TokenBucket b = new TokenBucket(1000, 100, 1_000 * MS);
        b.take(100 * N);
        b.refill(900 * MS);
        assertEquals(0, b.tokens());
        b.refill(1_010 * MS);
        assertEquals(10 * N, b.tokens(), "counted from the last refill, not from the step back");
    }

    @Test
    void extremeSettingsNeverOverflow() {
        TokenBucket b = new TokenBucket(TokenBucket.MAX_RATE, TokenBucket.MAX_BURST, 0);
        b.take(b.tokens());
        b.refill(Long.MAX_VALUE / 2);
        assertEquals(b.capacity(), b.tokens());
        TokenBucket zero = new TokenBucket(0, 10, 0);
        zero.take(10 * N);
        zero.refill(Long.MAX_VALUE);
        assertEquals(0, zero.tokens(), "rate 0 never refills");
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(-1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, TokenBucket.MAX_BURST + 1, 0));
    }

    @Test
    void overflowGoesToTheSpillBucket() {
        TokenBucket c = new TokenBucket(1000, 100, 300, 0);
        c.take(100 * N);
        assertEquals(0, c.refillOverflow(60 * MS), "60 tokens fit");
        assertEquals(20 * N, c.refillOverflow(120 * MS), "60 more: 40 fit, 20 spill");
        assertEquals(100 * N, c.tokens());
        long spill = c.refillOverflow(1_000_000 * MS);
        assertTrue(spill >= 300 * N, "a long gap spills at least the spill bucket's size");
    }
}
