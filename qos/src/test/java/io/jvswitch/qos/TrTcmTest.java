package io.jvswitch.qos;

import org.junit.jupiter.api.Test;

import static io.jvswitch.qos.Colour.GREEN;
import static io.jvswitch.qos.Colour.RED;
import static io.jvswitch.qos.Colour.YELLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 2698 and RFC 4115 markers, worked through by hand. */
class TrTcmTest {
    private static final long S = 1_000_000_000L;
    private static final long N = TokenBucket.NANO;

    @Test
    void rfc2698ColourBlind() {
        TrTcm m = new TrTcm(1000, 1000, 2000, 2000, 0);   // CIR 1000 CBS 1000, PIR 2000 PBS 2000
        m.refill(0);
        assertEquals(GREEN, m.colour(1000));              // Tp 1000, Tc 0
        assertEquals(YELLOW, m.colour(1000));             // Tp 0
        assertEquals(RED, m.colour(1));
        m.refill(S / 2);                                  // Tp +1000, Tc +500
        assertEquals(YELLOW, m.colour(600));              // Tc 500 < 600: Tp 400
        assertEquals(GREEN, m.colour(400));               // Tp 0, Tc 100
        assertEquals(0, m.peakTokens());
        assertEquals(100 * N, m.committedTokens());
        assertEquals(RED, m.colour(1), "red takes nothing");
        assertEquals(100 * N, m.committedTokens());
    }

    @Test
    void rfc2698ColourAware() {
        TrTcm m = new TrTcm(1000, 1000, 2000, 2000, 0);
        m.refill(0);
        assertEquals(YELLOW, m.colour(500, YELLOW), "yellow stays yellow, takes Tp only");
        assertEquals(1500 * N, m.peakTokens());
        assertEquals(1000 * N, m.committedTokens());
        assertEquals(RED, m.colour(1, RED));
        assertEquals(GREEN, m.colour(1000, GREEN));
        assertEquals(RED, m.colour(501, GREEN), "Tp 500 < 501");
    }

    @Test
    void rfc4115BucketsAreIndependent() {
        TrTcm4115 m = new TrTcm4115(1000, 1000, 500, 500, 0);
        m.refill(0);
        assertEquals(GREEN, m.colour(1000));
        assertEquals(YELLOW, m.colour(500));
        assertEquals(RED, m.colour(1));
        m.refill(S / 5);                                  // C +200, E +100
        assertEquals(GREEN, m.colour(150));               // C 50
        assertEquals(YELLOW, m.colour(100), "C short: E pays");
        assertEquals(GREEN, m.colour(50), "C still serves a packet that fits");
        assertEquals(RED, m.colour(1));
    }

    @Test
    void rfc4115ColourAwareAndRefill() {
        TrTcm4115 m = new TrTcm4115(1000, 1000, 500, 500, 0);
        m.refill(0);
        assertEquals(YELLOW, m.colour(500, YELLOW));
        assertEquals(1000 * N, m.committedTokens(), "a yellow packet never touches C");
        assertEquals(RED, m.colour(1, YELLOW), "E is empty");
        assertEquals(RED, m.colour(1, RED));
        m.refill(S);
        assertEquals(500 * N, m.excessTokens());
        assertEquals(GREEN, m.colour(1000, GREEN));
        assertEquals(YELLOW, m.colour(400, GREEN));
    }
}
