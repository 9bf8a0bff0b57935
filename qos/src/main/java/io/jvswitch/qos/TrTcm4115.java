package io.jvswitch.qos;

/**
 * RFC 4115 two rate three colour marker (the one OVS's {@code trtcm-policer} uses, through DPDK's
 * {@code rte_meter_trtcm_rfc4115}): independent buckets C (CIR/CBS) and E (EIR/EBS), both full at start.
 * Colour-blind: a packet of B units is GREEN if C ≥ B (C −= B), else YELLOW if E ≥ B (E −= B), else RED.
 * Colour-aware: GREEN only if pre-coloured GREEN and C ≥ B; else YELLOW if not pre-coloured RED and E ≥ B;
 * else RED. Single-threaded.
 */
public final class TrTcm4115 {
    private final TokenBucket c;
    private final TokenBucket e;

    public TrTcm4115(long cir, long cbs, long eir, long ebs, long now) {
        this.c = new TokenBucket(cir, cbs, now);
        this.e = new TokenBucket(eir, ebs, now);
    }

    /** Adds the tokens earned up to {@code now}. Once per batch. */
    public void refill(long now) {
        c.refill(now);
        e.refill(now);
    }

    /** The colour of a packet of {@code units} (after {@link #refill}), colour-blind. */
    public int colour(long units) {
        return colour(units, Colour.GREEN);
    }

    /** The colour of a packet of {@code units} pre-coloured {@code in} (after {@link #refill}), colour-aware. */
    public int colour(long units, int in) {
        final long n = units * TokenBucket.NANO;
        if (in == Colour.GREEN && c.tryTake(n)) {
            return Colour.GREEN;
        }
        return in != Colour.RED && e.tryTake(n) ? Colour.YELLOW : Colour.RED;
    }

    public long committedTokens() {
        return c.tokens();
    }

    public long excessTokens() {
        return e.tokens();
    }
}
