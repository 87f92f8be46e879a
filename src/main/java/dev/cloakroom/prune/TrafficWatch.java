package dev.cloakroom.prune;

import dev.cloakroom.session.LookupLatency;

/**
 * Whether the traffic's session lookups on this instance have slowed since the run started:
 * the 90th percentile of the lookups since the last verdict against that of the lookups just
 * before the run, the baseline. Without enough lookups on either side there is no verdict: a
 * quiet instance has no traffic to protect, and a handful of lookups tell nothing.
 */
final class TrafficWatch {

    /** Lookups needed before the run for a baseline (out of the last {@value LookupLatency#KEPT}). */
    static final int BASELINE_LOOKUPS = 200;

    /** Lookups needed since the last verdict for the next one. */
    static final int VERDICT_LOOKUPS = 50;

    static final double QUANTILE = 0.9;

    enum Verdict {
        SLOWER, NOT_SLOWER, NONE
    }

    /** A watch that never gives a verdict: the signal is off. */
    static final TrafficWatch OFF = new TrafficWatch(null, 0, 0);

    private final LookupLatency lookups;
    private final long limitNanos;
    private long readFrom;

    private TrafficWatch(LookupLatency lookups, long limitNanos, long readFrom) {
        this.lookups = lookups;
        this.limitNanos = limitNanos;
        this.readFrom = readFrom;
    }

    /**
     * Starts watching: the baseline is the lookups recorded so far (the latest of them). Off
     * when {@code maxSlowdown} is 0 or too few lookups were recorded.
     */
    static TrafficWatch start(LookupLatency lookups, double maxSlowdown) {
        if (maxSlowdown <= 0) {
            return OFF;
        }
        long now = lookups.recorded();
        long[] before = lookups.between(now - LookupLatency.KEPT, now);
        if (before.length < BASELINE_LOOKUPS) {
            return OFF;
        }
        long baseline = quantile(before);
        return new TrafficWatch(lookups, (long) Math.ceil(baseline * maxSlowdown), now);
    }

    /** Whether the lookups since the last verdict were slower than the limit; NONE until enough were. */
    Verdict verdict() {
        if (lookups == null) {
            return Verdict.NONE;
        }
        long now = lookups.recorded();
        if (now - readFrom < VERDICT_LOOKUPS) {
            return Verdict.NONE;
        }
        long[] window = lookups.between(readFrom, now);
        readFrom = now;
        return quantile(window) > limitNanos ? Verdict.SLOWER : Verdict.NOT_SLOWER;
    }

    /** The lookup time above which the traffic counts as slowed; 0 when off. */
    long limitNanos() {
        return limitNanos;
    }

    /** The {@link #QUANTILE} of sorted durations (nearest rank). */
    static long quantile(long[] sorted) {
        int rank = (int) Math.ceil(QUANTILE * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
