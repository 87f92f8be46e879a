package dev.cloakroom.prune;

import dev.cloakroom.CloakroomConfig;
import dev.cloakroom.SqlErrors;
import dev.cloakroom.Utc;
import dev.cloakroom.session.LookupLatency;
import dev.cloakroom.session.SessionRepository;
import dev.cloakroom.session.SessionRepository.ExpiredBacklog;
import dev.cloakroom.session.SessionRepository.ExpiryKey;
import dev.cloakroom.session.SessionRepository.KeyWindow;
import dev.cloakroom.session.SessionRepository.KeyWindowRows;
import dev.cloakroom.session.SessionRepository.PruneConnection;
import dev.cloakroom.user.UserService;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deletes expired sessions without stalling the traffic that uses the table: in chunks found
 * along the {@code expires_at} index (or, through a dense backlog, along the primary key: see
 * {@link Walk}), each chunk its own short transaction, with pauses between them that grow when
 * the database is busy. One instance at a time prunes, the one holding the lease.
 */
@Singleton
public class ExpiredSessionPruner {

    private static final long PROGRESS_LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    /** How long shutdown waits for a run to finish its chunk, store its report and release the lease. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    /** Up to this many expired sessions the backlog gauge is an exact count, beyond it an estimate. */
    static final int EXACT_BACKLOG_UP_TO = 100_000;

    /** Ended login-failure windows deleted per run at most: one short statement. */
    static final int LOGIN_FAILURES_PER_RUN = 1000;

    @Inject
    SessionRepository sessions;

    @Inject
    PruneLease lease;

    @Inject
    PruneRunRepository runs;

    @Inject
    PruneMetrics metrics;

    @Inject
    LookupLatency lookupLatency;

    @Inject
    UserService users;

    @Inject
    PruneConfig config;

    @Inject
    CloakroomConfig cloakroom;

    private final AtomicBoolean running = new AtomicBoolean();
    /** Wakes pauses on a stop request, and waiters for the end of a run. */
    private final Object signals = new Object();
    private volatile boolean stopRequested;
    private volatile BetweenReadAndDelete betweenReadAndDelete = BetweenReadAndDelete.NOTHING;
    private String holder;

    @PostConstruct
    void init() {
        // the instance name alone could be shared by two processes (same host name, a restart)
        String instance = cloakroom.instance();
        holder = (instance.length() > 200 ? instance.substring(0, 200) : instance)
                + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Scheduled(identity = "prune-expired-sessions", every = "{cloakroom.prune.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = PruneScheduleDisabled.class)
    void scheduled() {
        try {
            runNow();
        } catch (SQLException e) {
            Log.warnf("Prune run could not start, the lease is unreadable: %s", SqlErrors.describe(e));
        }
    }

    /**
     * Runs one prune now, unless a run holds the lease (here or on another instance): then it
     * is empty.
     */
    public Optional<PruneRun> runNow() throws SQLException {
        return run(RunSettings.of(config));
    }

    Optional<PruneRun> run(RunSettings settings) throws SQLException {
        if (!running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            if (!lease.tryAcquire(holder, settings.leaseTime())) {
                Log.debug("Prune run skipped: another run holds the lease");
                return Optional.empty();
            }
            try {
                return Optional.of(runHoldingLease(settings));
            } finally {
                releaseLease();
            }
        } finally {
            running.set(false);
            synchronized (signals) {
                signals.notifyAll();
            }
        }
    }

    private PruneRun runHoldingLease(RunSettings settings) {
        Progress progress = new Progress(Instant.now(), System.nanoTime());
        StoppedBecause reason = sweep(settings, progress);
        Instant finished = Instant.now();
        long nanos = System.nanoTime() - progress.startNanos;
        metrics.runFinished(reason);
        if (reason != StoppedBecause.SHUTDOWN) {
            // a few statements: not worth delaying a shutdown for
            refreshBacklog(finished);
            forgetEndedLoginFailures(finished);
        }
        PruneRun report = record(new PruneRun(null, cloakroom.instance(), progress.started, finished,
                progress.deleted, progress.chunks, reason));
        Log.infof("Prune run: deleted=%d chunks=%d duration=%dms rate=%.0f rows/s stoppedBecause=%s",
                progress.deleted, progress.chunks, nanos / 1_000_000, progress.rate(nanos), reason.label());
        return report;
    }

    /** The chunk loop; returns why it stopped. Never throws: a failure is a reason to stop. */
    private StoppedBecause sweep(RunSettings settings, Progress progress) {
        LocalDateTime cutoff = Utc.toColumn(progress.started);
        long deadline = progress.startNanos + settings.maxRunTime().toNanos();
        LeaseKeeper keeper = new LeaseKeeper(settings.leaseTime(), progress.startNanos);
        try (PruneConnection db = sessions.openPruneConnection()) {
            TrafficWatch traffic = TrafficWatch.start(lookupLatency, settings.maxTrafficSlowdown());
            if (traffic.limitNanos() > 0) {
                Log.debugf("Prune run: lookups slower than %.2f ms count as slowed traffic", traffic.limitNanos() / 1e6);
            } else {
                Log.debug("Prune run: not watching the traffic's lookups (turned off, or too few of them)");
            }
            Backpressure backpressure = new Backpressure(settings, db::historyLength, traffic, metrics::trafficSlowed,
                    progress.startNanos);
            Walk walk = new Walk();
            int size = settings.chunkSize();
            while (true) {
                if (stopRequested) {
                    return StoppedBecause.SHUTDOWN;
                }
                if (!keeper.renewIfDue()) {
                    Log.warn("Prune run stopped: another instance took the lease while this run held it");
                    return StoppedBecause.ERROR;
                }
                Optional<Chunk> tried = chunkWithRetries(db, cutoff, walk, size, settings, backpressure);
                if (tried.isEmpty()) {
                    return StoppedBecause.SHUTDOWN;
                }
                Chunk chunk = tried.get();
                if (!chunk.candidates().isEmpty()) {
                    progress.add(chunk);
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
                if (progress.logDue(now)) {
                    Log.infof("Prune run in progress: deleted=%d chunks=%d elapsed=%ds rate=%.0f rows/s pace=%.1f",
                            progress.deleted, progress.chunks, (now - progress.startNanos) / 1_000_000_000,
                            progress.rate(now - progress.startNanos), backpressure.pace());
                }
                if (stopRequested) {
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
            Log.warnf("Prune run stopped by an error after %d rows: %s", progress.deleted, SqlErrors.describe(e));
            return StoppedBecause.ERROR;
        }
    }

    /**
     * One chunk, tried again after a deadlock or lock-wait timeout (the statement was rolled
     * back, so nothing is half-done). Empty when a stop was requested while waiting to retry.
     */
    private Optional<Chunk> chunkWithRetries(PruneConnection db, LocalDateTime cutoff, Walk walk,
            int size, RunSettings settings, Backpressure backpressure) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                return Optional.of(chunk(db, cutoff, walk, size, settings.rangeDelete()));
            } catch (SQLException e) {
                if (!SqlErrors.isRetryable(e) || attempt > settings.maxRetries()) {
                    throw e;
                }
                metrics.chunkRetried();
                Log.debugf("Prune chunk tried again (attempt %d): %s", attempt + 1, SqlErrors.describe(e));
                pause(backpressure.retryPause(attempt));
                if (stopRequested) {
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * Reads up to {@code size} candidates where the walk is, and deletes them. The walk itself
     * moves on only once the chunk has succeeded, so a chunk tried again reads the same rows.
     */
    private Chunk chunk(PruneConnection db, LocalDateTime cutoff, Walk walk, int size, boolean rangeDelete)
            throws SQLException {
        long start = System.nanoTime();
        Optional<KeyWindow> window;
        Candidates candidates;
        if (!walk.byKey()) {
            window = Optional.empty();
            candidates = Candidates.listed(db.findExpiredCandidates(cutoff, walk.afterExpiry(), size));
        } else if (rangeDelete) {
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
        betweenReadAndDelete.accept(candidates);
        Optional<KeyWindow> range = candidates.range();
        int deleted = range.isPresent()
                ? db.deleteExpiredRange(range.get().firstId(), range.get().lastId(), range.get().rows(), cutoff)
                : db.deleteExpiredChunk(candidates.listed().orElseThrow().stream().map(ExpiryKey::id).toList(), cutoff);
        long nanos = System.nanoTime() - start;
        metrics.chunkDone(nanos, deleted);
        return new Chunk(window, candidates, deleted, nanos);
    }

    private void refreshBacklog(Instant now) {
        try {
            ExpiredBacklog backlog = sessions.measureExpiredBacklog(Utc.toColumn(now), EXACT_BACKLOG_UP_TO);
            long age = backlog.oldestExpiresAt() == null ? 0
                    : Math.max(0, Duration.between(Utc.fromColumn(backlog.oldestExpiresAt()), now).toSeconds());
            metrics.backlogMeasured(backlog.count(), age);
        } catch (SQLException e) {
            Log.warnf("Expired-session backlog not measured: %s", SqlErrors.describe(e));
        }
    }

    /** Failure counters whose window has ended count for nothing: the pruner keeps that table small too. */
    private void forgetEndedLoginFailures(Instant now) {
        try {
            int deleted = users.forgetEndedLoginFailures(now, LOGIN_FAILURES_PER_RUN);
            if (deleted > 0) {
                Log.debugf("Prune run: forgot %d ended login-failure windows", deleted);
            }
        } catch (SQLException e) {
            Log.warnf("Ended login-failure windows not deleted: %s", SqlErrors.describe(e));
        }
    }

    private PruneRun record(PruneRun run) {
        try {
            PruneRun recorded = runs.record(run);
            runs.trimTo(config.keepRuns());
            return recorded;
        } catch (SQLException e) {
            Log.warnf("Prune run report not stored: %s", SqlErrors.describe(e));
            return run;
        }
    }

    private void releaseLease() {
        try {
            lease.release(holder);
        } catch (SQLException e) {
            Log.warnf("Prune lease not released (it runs out by itself): %s", SqlErrors.describe(e));
        }
    }

    /** Waits, but wakes at once when the service shuts down. */
    private void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        synchronized (signals) {
            long left;
            while (!stopRequested && (left = until - System.nanoTime()) > 0) {
                try {
                    signals.wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
        }
    }

    /**
     * Waits for a run in progress to stop: the data source closes after this observer returns,
     * and a run cut off from it could neither store its report nor release the lease (which
     * would keep every other instance from pruning until the lease ran out).
     */
    void onShutdown(@Observes ShutdownEvent event) {
        if (!stopAndAwait(SHUTDOWN_WAIT)) {
            Log.warn("Prune run still in progress at shutdown; its lease runs out by itself");
        }
    }

    /** Ends a run in progress after its current chunk. */
    void requestStop() {
        stopRequested = true;
        synchronized (signals) {
            signals.notifyAll();
        }
    }

    /** Requests a stop and waits until no run is in progress; false when {@code wait} ran out first. */
    boolean stopAndAwait(Duration wait) {
        requestStop();
        long until = System.nanoTime() + wait.toNanos();
        synchronized (signals) {
            long left;
            while (running.get() && (left = until - System.nanoTime()) > 0) {
                try {
                    signals.wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !running.get();
        }
    }

    /** For tests that requested a stop: later runs work again. */
    void clearStopRequest() {
        stopRequested = false;
    }

    /** For tests: whether a stop has been requested (and not cleared). */
    boolean stopRequested() {
        return stopRequested;
    }

    /** For tests: what happens between a chunk's candidate read and its delete. */
    void betweenReadAndDelete(BetweenReadAndDelete hook) {
        betweenReadAndDelete = hook == null ? BetweenReadAndDelete.NOTHING : hook;
    }

    /** The holder name this instance writes into the lease row. */
    String holder() {
        return holder;
    }

    /** One chunk: the key window it read (empty along the index), its candidates, and what went. */
    private record Chunk(Optional<KeyWindow> window, Candidates candidates, int deleted, long nanos) {
    }

    /** Renews the lease every third of its length, between chunks. */
    private final class LeaseKeeper {

        private final Duration length;
        private long renewedAt;

        LeaseKeeper(Duration length, long acquiredAt) {
            this.length = length;
            this.renewedAt = acquiredAt;
        }

        boolean renewIfDue() throws SQLException {
            long now = System.nanoTime();
            if (now - renewedAt < length.toNanos() / 3) {
                return true;
            }
            renewedAt = now;
            return lease.renew(holder, length);
        }
    }

    private static final class Progress {

        final Instant started;
        final long startNanos;
        long deleted;
        int chunks;
        long nextLogAt;

        Progress(Instant started, long startNanos) {
            this.started = started;
            this.startNanos = startNanos;
            this.nextLogAt = startNanos + PROGRESS_LOG_EVERY_NANOS;
        }

        void add(Chunk chunk) {
            deleted += chunk.deleted();
            chunks++;
        }

        /** True every ten seconds of a run. */
        boolean logDue(long now) {
            if (now - nextLogAt < 0) {
                return false;
            }
            nextLogAt = now + PROGRESS_LOG_EVERY_NANOS;
            return true;
        }

        double rate(long nanos) {
            return nanos <= 0 ? 0 : deleted * 1e9 / nanos;
        }
    }
}
