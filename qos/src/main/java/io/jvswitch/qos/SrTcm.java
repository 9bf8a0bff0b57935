package io.jvswitch.qos;

/**
 * RFC 2697 single rate three colour marker: CIR (units/s), CBS and EBS (units). Buckets Tc (size CBS) and Te
 * (size EBS) start full; tokens arrive at CIR into Tc, and those that do not fit go to Te. Colour-blind: a
 * packet of B units is GREEN if Tc ≥ B (Tc −= B), else YELLOW if Te ≥ B (Te −= B), else RED. Colour-aware:
 * a GREEN packet as above; a YELLOW one skips Tc; a RED one stays RED.
 *
 * <p>OVS's {@code egress-policer} and its ingress policer are this marker with EBS = 0 (only GREEN passes).
 * Units are the caller's (bytes for OVS's policers). Single-threaded.
 */
public final class SrTcm {
    private final TokenBucket c;
    private final TokenBucket e;

    /**
     * @param cir units per second
     * @param cbs Tc's size (units)
     * @param ebs Te's size (units)
     * @param now the clock now (ns): both buckets are full
     */
    public SrTcm(long cir, long cbs, long ebs, long now) {
        this.c = new TokenBucket(cir, cbs, ebs, now);
        this.e = new TokenBucket(0, ebs, now);
    }

    /** Adds the tokens earned up to {@code now}: Tc first, the overflow to Te. Once per batch. */
    public void refill(long now) {
        long spill = c.refillOverflow(now);
        if (spill != 0) {
            e.add(spill);
        }
    }

    /** The colour of a packet of {@code units} (after {@link #refill}), colour-blind. */
    public int colour(long units) {
        final long n = units * TokenBucket.NANO;
        if (c.tryTake(n)) {
            return Colour.GREEN;
        }
        return e.tryTake(n) ? Colour.YELLOW : Colour.RED;
    }

    /** The colour of a packet of {@code units} pre-coloured {@code in} (after {@link #refill}), colour-aware. */
    public int colour(long units, int in) {
        final long n = units * TokenBucket.NANO;
        if (in == Colour.GREEN && c.tryTake(n)) {
            return Colour.GREEN;
        }
        return in != Colour.RED && e.tryTake(n) ? Colour.YELLOW : Colour.RED;
    }

    /**
     * Charges Tc alone (the EBS = 0 policer's test) for each of the first {@code count} packets of
     * {@code length - overhead} units, in order; returns the bitmask of the GREEN ones (they took the tokens).
     */
    public int conformEach(int[] length, int count, int overhead) {
        return c.takeEach(length, count, overhead);
    }

    /** Tc's tokens, in nano-units. */
    public long committedTokens() {
        return c.tokens();
    }

    /** Te's tokens, in nano-units. */
    public long excessTokens() {
        return e.tokens();
    }
}
