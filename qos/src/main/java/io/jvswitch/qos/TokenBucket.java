package io.jvswitch.qos;

/**
 * A token bucket on a nanosecond clock: {@code rate} units per second, at most {@code burst} units, starting
 * full (RFC 2697/2698 and OVS's policers all start full).
 *
 * <h2>Arithmetic</h2> Tokens are kept in nano-units ({@link #NANO} per unit). Refilling after {@code dt} ns adds
 * {@code dt * rate} nano-units — exact, no rounding drift however often it runs. {@code dt} is clamped to the
 * time the empty bucket (and its spill-over bucket) takes to fill, so no sum overflows a long given
 * {@code burst} ≤ {@link #MAX_BURST} units and {@code rate} ≤ {@link #MAX_RATE} units/s. A clock that goes
 * backwards adds nothing (and the bucket waits for it to pass the last refill).
 *
 * <h2>Thread-safety</h2> None: one owner at a time.
 */
public final class TokenBucket {
    /** Nano-units per unit. */
    public static final long NANO = 1_000_000_000L;
    /** The largest burst, in units (about 2.3 × 10^9: 2.3 GB, 2.3 Gbit or 2.3 G packets). */
    public static final long MAX_BURST = Long.MAX_VALUE / NANO / 4;
    /** The largest rate, in units per second (about 2.3 × 10^18: no practical limit). */
    public static final long MAX_RATE = Long.MAX_VALUE / 4;

    private final long rate;
    private final long capacity;
    /** Refills longer than this fill the bucket (and its spill-over bucket) whatever their level. */
    private final long clampNanos;
    private long tokens;
    private long last;

    /**
     * @param rate  units per second, 0..{@link #MAX_RATE} (0: never refills)
     * @param burst the bucket's size in units, 0..{@link #MAX_BURST}
     * @param now   the clock now (ns); the bucket is full at this instant
     */
    public TokenBucket(long rate, long burst, long now) {
        this(rate, burst, 0, now);
    }

    /**
     * A bucket whose overflow {@link #refillOverflow} hands on to a second bucket of {@code spillBurst} units
     * (RFC 2697's Te).
     */
    public TokenBucket(long rate, long burst, long spillBurst, long now) {
        if (spillBurst < 0 || spillBurst > MAX_BURST) {
            throw new IllegalArgumentException("burst " + spillBurst + " outside 0.." + MAX_BURST);
        }
        if (rate < 0 || rate > MAX_RATE) {
            throw new IllegalArgumentException("rate " + rate + " outside 0.." + MAX_RATE);
        }
        if (burst < 0 || burst > MAX_BURST) {
            throw new IllegalArgumentException("burst " + burst + " outside 0.." + MAX_BURST);
        }
        this.rate = rate;
        this.capacity = burst * NANO;
        this.clampNanos = rate == 0 ? Long.MAX_VALUE : (capacity + spillBurst * NANO) / rate + 1;
        this.tokens = capacity;
        this.last = now;
    }

    /** Adds the tokens earned since the last refill. */
    public void refill(long now) {
        final long dt = now - last;
        if (dt <= 0 || rate == 0) {
            return;
        }
        last = now;
        if (dt >= clampNanos) {
            tokens = capacity;
        } else {
            tokens = Math.min(capacity, tokens + dt * rate);
        }
    }

    /**
     * Adds tokens earned since the last refill like {@link #refill} and returns those that did not fit (in
     * nano-units): what RFC 2697 passes on to its second bucket.
     */
    public long refillOverflow(long now) {
        final long dt = now - last;
        if (dt <= 0 || rate == 0) {
            return 0;
        }
        last = now;
        final long earned = Math.min(dt, clampNanos) * rate;         // ≤ both capacities + rate: no overflow
        final long room = capacity - tokens;
        if (earned <= room) {
            tokens += earned;
            return 0;
        }
        tokens = capacity;
        return earned - room;
    }

    /** Adds {@code nanoUnits} (for example another bucket's overflow), up to the capacity. */
    public void add(long nanoUnits) {
        tokens = nanoUnits >= capacity - tokens ? capacity : tokens + nanoUnits;
    }

    /** True when at least {@code nanoUnits} are in the bucket. */
    public boolean has(long nanoUnits) {
        return tokens >= nanoUnits;
    }

    /** Takes {@code nanoUnits} (the caller checked {@link #has}). */
    public void take(long nanoUnits) {
        tokens -= nanoUnits;
    }

    /** Takes {@code nanoUnits} when there are that many; false (and nothing taken) otherwise. */
    public boolean tryTake(long nanoUnits) {
        if (tokens >= nanoUnits) {
            tokens -= nanoUnits;
            return true;
        }
        return false;
    }

    /** The tokens now in the bucket, in nano-units. */
    public long tokens() {
        return tokens;
    }

    /**
     * Sets the tokens (nano-units, 0..capacity) — for batch loops that keep the level in a local while they
     * charge a batch and store it once.
     */
    public void setTokens(long nanoUnits) {
        tokens = nanoUnits;
    }

    /**
     * Charges one unit to each of the first {@code count} packets while the tokens last (packet-rate policing: every
     * packet costs the same, so the first {@code k} that fit pass); returns the bitmask of those {@code k}.
     */
    public int takeOneEach(int count) {
        final int k = (int) Math.min(count, tokens / NANO);
        tokens -= k * NANO;
        return k == 32 ? -1 : (1 << k) - 1;
    }

    /**
     * Charges each of the first {@code count} packets {@code (length[i] - overhead) * NANO} (never negative) while
     * the tokens last, packet by packet (a packet that does not fit is refused and costs nothing, a later smaller
     * one may still fit); returns the bitmask of the packets charged. The level lives in a register for the loop.
     */
    public int takeEach(int[] length, int count, int overhead) {
        long t = tokens;
        int pass = 0;
        for (int i = 0; i < count; i++) {
            final long cost = Math.max(length[i] - overhead, 0) * NANO;
            if (t >= cost) {
                t -= cost;
                pass |= 1 << i;
            }
        }
        tokens = t;
        return pass;
    }

    /** The bucket's size in nano-units. */
    public long capacity() {
        return capacity;
    }

    public long rate() {
        return rate;
    }
}
