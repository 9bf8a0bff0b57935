package io.jvswitch.qos;

import org.junit.jupiter.api.Test;

import static io.jvswitch.qos.Colour.GREEN;
import static io.jvswitch.qos.Colour.RED;
import static io.jvswitch.qos.Colour.YELLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 2697 §3 worked through by hand: CIR 1000 B/s, CBS 1500 B, EBS 3000 B. */
class SrTcmTest {
    private static final long S = 1_000_000_000L;

    @Test
    void colourBlindMarkingDrainsTcThenTe() {
        SrTcm m = new SrTcm(1000, 1500, 3000, 0);
        m.refill(0);
        assertEquals(GREEN, m.colour(1500));       // Tc 1500 → 0
        assertEquals(YELLOW, m.colour(1500));      // Te 3000 → 1500
        assertEquals(YELLOW, m.colour(1500));      // Te → 0
        assertEquals(RED, m.colour(1));
        m.refill(S);                               // +1000 into Tc
        assertEquals(RED, m.colour(1001));
        assertEquals(GREEN, m.colour(1000));
        m.refill(3 * S);                           // +2000: Tc fills to 1500, 500 spill into Te
        assertEquals(1500L * TokenBucket.NANO, m.committedTokens());
        assertEquals(500L * TokenBucket.NANO, m.excessTokens());
        assertEquals(GREEN, m.colour(1500));
        assertEquals(RED, m.colour(600), "more than Te holds and Tc is empty");
        assertEquals(YELLOW, m.colour(500));
    }

    @Test
    void colourAwareMarkingNeverUpgradesAColour() {
        SrTcm m = new SrTcm(1000, 1500, 3000, 0);
        m.refill(0);
        assertEquals(YELLOW, m.colour(100, YELLOW), "pre-coloured yellow skips Tc although it is full");
        assertEquals(1500L * TokenBucket.NANO, m.committedTokens());
        assertEquals(RED, m.colour(1, RED));
        assertEquals(GREEN, m.colour(1500, GREEN));
        assertEquals(YELLOW, m.colour(1000, GREEN), "green demoted when Tc is short");
    }

    @Test
    void withoutEbsOnlyConformingPacketsAreGreenAndTheRestRed() {
        SrTcm m = new SrTcm(1000, 1000, 0, 0);
        m.refill(0);
        assertEquals(GREEN, m.colour(1000));
        assertEquals(RED, m.colour(1));
        m.refill(S / 2);
        assertEquals(RED, m.colour(501));
        assertEquals(GREEN, m.colour(500));
    }
}
