package dev.cloakroom.prune;

import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * How long a run pauses after each chunk, how large the next chunk is, and whether the database
 * has been busy for too long.
 *
 * <p>The pause is always {@code pause-factor} times the chunk's duration: a run takes at most
 * 1/(1+factor) of one connection's time, and slower chunks (a loaded server) mean longer
 * pauses. A chunk slower than {@code slow-chunk} halves the next one (down to one row) and a
 * chunk faster than half of it doubles the next one (up to {@code chunk-size}), so a chunk's
 * transaction stays short even on a large table whose pages are mostly on disk. Slowness alone
 * never stops a run: deletes that are slow because they read from disk must still make
 * progress. The database counts as busy while InnoDB's history list is longer than
 * {@code max-history-length} (read at most once a second): purge is falling behind, and more
 * deletes would only add to it. While busy an extra back-off is added, doubling from 100ms up to
 * {@code max-backoff}; the first healthy chunk resets it. Busy without a break for
 * {@code max-busy-time} ends the run.
 *
 * <p>The traffic is watched from its own side too ({@link TrafficWatch}): while this instance's
 * session lookups are more than {@code max-traffic-slowdown} times slower than before the run,
 * each verdict doubles the pause (up to {@value #MAX_PACE} times the usual one), and each verdict
 * that finds them fast enough again takes a fifth off it. A run at full speed ({@code
 * pause-factor} 0) has no pause to lengthen.
 */
final class Backpressure {

    static final long FIRST_BACKOFF_NANOS = 100_000_000L;
    static final long HISTORY_READ_EVERY_NANOS = 1_000_000_000L;

    /** The most the pause is lengthened while the traffic is slowed: this many times the usual pause. */
    static final double MAX_PACE = 8;

    private final RunSettings settings;
    private final Supplier<OptionalLong> history;
    private final TrafficWatch traffic;
    private final Runnable onTrafficSlowed;
    private double pace = 1;
    private long backoffNanos;
    private boolean busy;
    private long busySince;
    private boolean historyReadable = true;
    private boolean historyTooLong;
    private long nextHistoryRead;

    /**
     * {@code history} reads InnoDB's history list length, empty when it cannot be read;
     * {@code onTrafficSlowed} runs for each verdict that finds the traffic slowed.
     */
    Backpressure(RunSettings settings, Supplier<OptionalLong> history, TrafficWatch traffic,
            Runnable onTrafficSlowed, long startNanos) {
        this.settings = settings;
        this.history = history;
        this.traffic = traffic;
        this.onTrafficSlowed = onTrafficSlowed;
        this.nextHistoryRead = startNanos;
    }

    /** The pause after a chunk that took {@code chunkNanos} and ended at {@code now}. */
    long pauseAfter(long chunkNanos, long now) {
        boolean busyNow = historyTooLong(now);
        if (busyNow) {
            if (!busy) {
                busy = true;
                busySince = now;
            }
            backoffNanos = Math.min(settings.maxBackoff().toNanos(),
                    backoffNanos == 0 ? FIRST_BACKOFF_NANOS : backoffNanos * 2);
        } else {
            busy = false;
            backoffNanos = 0;
        }
        // at full speed there is no pause to lengthen, and no verdict is used up
        switch (settings.pauseFactor() == 0 ? TrafficWatch.Verdict.NONE : traffic.verdict()) {
            case SLOWER -> {
                pace = Math.min(MAX_PACE, pace * 2);
                onTrafficSlowed.run();
            }
            case NOT_SLOWER -> pace = Math.max(1, pace * 0.8);
            case NONE -> {
                // too few lookups since the last verdict: the pace stays
            }
        }
        return (long) (chunkNanos * settings.pauseFactor() * pace) + backoffNanos;
    }

    /** How many times the usual pause the pause is now, for the traffic's sake (1 to {@value #MAX_PACE}). */
    double pace() {
        return pace;
    }

    /** The size of the chunk after one of {@code size} rows that took {@code chunkNanos}. */
    int nextChunkSize(int size, long chunkNanos) {
        long slow = settings.slowChunk().toNanos();
        if (chunkNanos > slow) {
            return Math.max(1, size / 2);
        }
        if (chunkNanos < slow / 2) {
            return (int) Math.min(settings.chunkSize(), 2L * size);
        }
        return size;
    }

    /** Whether every chunk since at least {@code max-busy-time} ago found the database busy. */
    boolean stayedBusy(long now) {
        return busy && now - busySince >= settings.maxBusyTime().toNanos();
    }

    /** The back-off before trying a chunk again for the {@code attempt}-th time (from 1). */
    long retryPause(int attempt) {
        long pause = FIRST_BACKOFF_NANOS << Math.min(attempt - 1, 20);
        return Math.min(pause, settings.maxBackoff().toNanos());
    }

    private boolean historyTooLong(long now) {
        if (historyReadable && now - nextHistoryRead >= 0) {
            OptionalLong length = history.get();
            // unreadable (no PROCESS privilege, another engine): this signal is left out
            historyReadable = length.isPresent();
            historyTooLong = length.isPresent() && length.getAsLong() > settings.maxHistoryLength();
            nextHistoryRead = now + HISTORY_READ_EVERY_NANOS;
        }
        return historyTooLong;
    }
}
