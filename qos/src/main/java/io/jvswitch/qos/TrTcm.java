package io.jvswitch.qos;

/**
 * RFC 2698 two rate three colour marker: PIR/PBS (bucket Tp) and CIR/CBS (bucket Tc), both full at start,
 * each refilled at its own rate. Colour-blind: a packet of B units is RED if Tp &lt; B; else YELLOW if
 * Tc &lt; B (Tp −= B); else GREEN (Tp −= B, Tc −= B). Colour-aware: RED if pre-coloured RED or Tp &lt; B;
 * else YELLOW if pre-coloured YELLOW or Tc &lt; B (Tp −= B); else GREEN (both −= B). Single-threaded.
 */
public final class TrTcm {
    private final TokenBucket p;
    private final TokenBucket c;

    /**
     * @param cir committed rate (units/s), at most {@code pir} by the RFC (not enforced: a larger CIR simply
     *            never makes a packet GREEN that the peak bucket would colour RED)
     * @param cbs Tc's size (units)
     * @param pir peak rate (units/s)
     * @param pbs Tp's size (units)
     * @param now the clock now (ns): both buckets are full
     */
    public TrTcm(long cir, long cbs, long pir, long pbs, long now) {
        this.c = new TokenBucket(cir, cbs, now);
        this.p = new TokenBucket(pir, pbs, now);
    }

    /** Adds the tokens earned up to {@code now}. Once per batch. */
    public void refill(long now) {
        p.refill(now);
        c.refill(now);
    }

    /** The colour of a packet of {@code units} (after {@link #refill}), colour-blind. */
    public int colour(long units) {
        return colour(units, Colour.GREEN);
    }

    /** The colour of a packet of {@code units} pre-coloured {@code in} (after {@link #refill}), colour-aware. */
    public int colour(long units, int in) {
        final long n = units * TokenBucket.NANO;
        if (in == Colour.RED || !p.has(n)) {
            return Colour.RED;
        }
        if (in == Colour.YELLOW || !c.has(n)) {
            p.take(n);
            return Colour.YELLOW;
        }
        p.take(n);
        c.take(n);
        return Colour.GREEN;
    }

    public long peakTokens() {
        return p.tokens();
    }

    public long committedTokens() {
        return c.tokens();
    }
}
