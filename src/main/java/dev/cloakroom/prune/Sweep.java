package dev.cloakroom.prune;

import dev.cloakroom.db.SqlErrors;
import dev.cloakroom.prune.PruneConnection.KeyWindowRows;
import dev.cloakroom.session.LookupLatency;
import io.quarkus.logging.Log;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One prune run, from its first chunk to the reason it stopped: the chunk loop, retries after a
 * deadlock or lock-wait timeout, progress, renewal of the lease it holds, and its stop signal. It
 * deletes only sessions that expired before the run started. Used by one thread; {@link #stop()}
 * may come from any.
 */
final class Sweep {

    private static final long PROGRESS_LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final RunSettings settings;
    private final ExpiredSessionStatements statements;
    private final PruneLease lease;
    private final String holder;
    private final PruneMetrics metrics;
    private final LookupLatency lookups;
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    private Instant cutoff;
    private long renewedAt;
    private long nextLogAt;
    private long deleted;
    private int chunks;

    Sweep(RunSettings settings, ExpiredSessionStatements statements, PruneLease lease, String holder,
            PruneMetrics metrics, LookupLatency lookups) {
        this.settings = settings;
        this.statements = statements;
        this.lease = lease;
        this.holder = holder;
        this.metrics = metrics;
        this.lookups = lookups;
    }

    /** Ends the run after its current chunk, and at once when it is pausing. */
    void stop() {
        stopSignal.countDown();
    }

    long deleted() {
        return deleted;
    }

    int chunks() {
        return chunks;
    }

    /** Rows deleted per second over {@code nanos}. */
    double rate(long nanos) {
        return nanos <= 0 ? 0 : deleted * 1e9 / nanos;
    }

    /**
     * Runs the chunk loop, with the lease already held since {@code startNanos}, deleting
     * sessions that expired before {@code started}; returns why it stopped. Never throws: a
     * failure is a reason to stop.
     */
    StoppedBecause run(Instant started, long startNanos) {
        this.cutoff = started;
        this.renewedAt = startNanos;
        this.nextLogAt = startNanos + PROGRESS_LOG_EVERY_NANOS;
        long deadline = startNanos + settings.maxRunTime().toNanos();
        try (PruneConnection db = statements.open()) {
            Backpressure backpressure = new Backpressure(settings, db::historyLength, watchTraffic(),
                    metrics::trafficSlowed, startNanos);
            Walk walk = new Walk();
            int size = settings.chunkSize();
            while (true) {
                if (stopped()) {
                    return StoppedBecause.SHUTDOWN;
                }
                if (!renewLeaseIfDue()) {
                    Log.warn("Prune run stopped: another instance took the lease while this run held it");
                    return StoppedBecause.ERROR;
                }
                Optional<Chunk> tried = chunkWithRetries(db, walk, size, backpressure);
                if (tried.isEmpty()) {
                    return StoppedBecause.SHUTDOWN;
                }
                Chunk chunk = tried.get();
                if (!chunk.candidates().isEmpty()) {
                    deleted += chunk.deleted();
                    chunks++;
                }
                if (chunk.window().isPresent()) {
                    walk.keyWindowRead(chunk.window().get(), size);
                    if (!walk.byKey()) {
                        Log.debugf("Prune run: back to the expires_at index after id %d", walk.afterId());
                    }
                    if (chunk.candidates().isEmpty()) {
                        continue; // nothing deleted, nothing to pause for: on along the index
                    }
                } else if (walk.indexChunkRead(chunk.candidates().listed().orElseThrow(), size)) {
                    return StoppedBecause.DONE;
                } else if (walk.byKey()) {
                    Log.debugf("Prune run: reading by primary key after id %d", walk.afterId());
                }
                size = backpressure.nextChunkSize(size, chunk.nanos());
                long now = System.nanoTime();
                logProgressIfDue(now, startNanos, backpressure);
                if (stopped()) {
                    return StoppedBecause.SHUTDOWN;
                }
                if (now - deadline >= 0) {
                    return StoppedBecause.TIME_BUDGET;
                }
                long pause = backpressure.pauseAfter(chunk.nanos(), now);
                if (backpressure.stayedBusy(now)) {
                    return StoppedBecause.BACKPRESSURE;
                }
                pause(Math.min(pause, deadline - now));
            }
        } catch (SQLException | RuntimeException e) {
            Log.warnf("Prune run stopped by an error after %d rows: %s", deleted, SqlErrors.describe(e));
            return StoppedBecause.ERROR;
        }
    }

    /** Renews the lease every third of its length, between chunks; false when another holder has it. */
    private boolean renewLeaseIfDue() throws SQLException {
        long now = System.nanoTime();
        if (now - renewedAt < settings.leaseTime().toNanos() / 3) {
            return true;
        }
        renewedAt = now;
        return lease.renew(holder, settings.leaseTime());
    }

    private void logProgressIfDue(long now, long startNanos, Backpressure backpressure) {
        if (now - nextLogAt < 0) {
            return;
        }
        nextLogAt = now + PROGRESS_LOG_EVERY_NANOS;
        Log.infof("Prune run in progress: deleted=%d chunks=%d elapsed=%ds rate=%.0f rows/s pace=%.1f",
                deleted, chunks, (now - startNanos) / 1_000_000_000, rate(now - startNanos), backpressure.pace());
    }

    private TrafficWatch watchTraffic() {
        TrafficWatch traffic = TrafficWatch.start(lookups, settings.maxTrafficSlowdown());
        if (traffic.limitNanos() > 0) {
            Log.debugf("Prune run: lookups slower than %.2f ms count as slowed traffic", traffic.limitNanos() / 1e6);
        } else {
            Log.debug("Prune run: not watching the traffic's lookups (turned off, or too few of them)");
        }
        return traffic;
    }

    /**
     * One chunk, tried again after a deadlock or lock-wait timeout (the statement was rolled
     * back, so nothing is half-done). Empty when a stop came while waiting to retry.
     */
    private Optional<Chunk> chunkWithRetries(PruneConnection db, Walk walk, int size, Backpressure backpressure)
            throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                return Optional.of(chunk(db, walk, size));
            } catch (SQLException e) {
                if (!SqlErrors.isRetryable(e) || attempt > settings.maxRetries()) {
                    throw e;
                }
                metrics.chunkRetried();
                Log.debugf("Prune chunk tried again (attempt %d): %s", attempt + 1, SqlErrors.describe(e));
                if (pause(backpressure.retryPause(attempt))) {
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * Reads up to {@code size} candidates where the walk is, and deletes them. The walk itself
     * moves on only once the chunk has succeeded, so a chunk tried again reads the same rows.
     */
    private Chunk chunk(PruneConnection db, Walk walk, int size) throws SQLException {
        long start = System.nanoTime();
        Optional<KeyWindow> window;
        Candidates candidates;
        if (!walk.byKey()) {
            window = Optional.empty();
            candidates = Candidates.listed(db.findExpiredCandidates(cutoff, walk.afterExpiry(), size));
        } else if (settings.rangeDelete()) {
            // the server sums the window up; only a window that held live sessions too is read again, id by id
            KeyWindow summary = db.summarizeByKey(cutoff, walk.afterId(), size);
            window = Optional.of(summary);
            candidates = summary.allExpired() ? Candidates.range(summary)
                    : Candidates.listed(summary.expired() > 0 ? db.expiredInWindow(cutoff, summary) : List.of());
        } else {
            KeyWindowRows read = db.readByKey(cutoff, walk.afterId(), size);
            window = Optional.of(read.window());
            candidates = Candidates.listed(read.expired());
        }
        if (candidates.isEmpty()) {
            return new Chunk(window, candidates, 0, System.nanoTime() - start);
        }
        int gone = db.delete(candidates, cutoff);
        long nanos = System.nanoTime() - start;
        metrics.chunkDone(nanos, gone);
        return new Chunk(window, candidates, gone, nanos);
    }

    private boolean stopped() {
        return stopSignal.getCount() == 0;
    }

    /** Waits {@code nanos}, or less when a stop comes; true when it came. */
    private boolean pause(long nanos) {
        try {
            return stopSignal.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return true;
        }
    }

    /** One chunk: the key window it read (empty along the index), its candidates, and what went. */
    private record Chunk(Optional<KeyWindow> window, Candidates candidates, int deleted, long nanos) {
    }
}
