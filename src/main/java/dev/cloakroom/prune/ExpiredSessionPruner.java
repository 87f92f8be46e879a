package dev.cloakroom.prune;

import dev.cloakroom.db.SqlErrors;
import dev.cloakroom.events.EventsConfig;
import dev.cloakroom.prune.ExpiredSessionStatements.ExpiredBacklog;
import dev.cloakroom.session.LookupLatency;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes expired sessions without stalling the traffic that uses the table: on a schedule, or
 * when an operator asks, one {@link Sweep} at a time. One instance of the service prunes at a
 * time, the one holding the lease; this class takes and gives back the lease, stores each run's
 * report, refreshes the backlog gauges, and lets a run finish cleanly at shutdown.
 */
@Singleton
public class ExpiredSessionPruner {

    /** How long shutdown waits for a run to finish its chunk, store its report and release the lease. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    /** Up to this many expired sessions the backlog gauge is an exact count, beyond it an estimate. */
    static final int EXACT_BACKLOG_UP_TO = 100_000;

    @Inject
    ExpiredSessionStatements statements;

    @Inject
    PruneLease lease;

    @Inject
    PruneRunRepository runs;

    @Inject
    PruneMetrics metrics;

    @Inject
    LookupLatency lookupLatency;

    @Inject
    PruneConfig config;

    @Inject
    EventsConfig events;

    /** The name this instance gives itself in run reports and the lease. */
    @ConfigProperty(name = "cloakroom.instance")
    String instance;

    /** Held for the whole of a run on this instance: a second run skips, shutdown waits for it. */
    private final ReentrantLock running = new ReentrantLock();
    private volatile Sweep current;
    private volatile OutboxTrim currentTrim;
    private volatile boolean closed;
    private String holder;

    @PostConstruct
    void init() {
        // the instance name alone could be shared by two processes (same host name, a restart)
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

    /** Runs one prune now, unless a run holds the lease (here or on another instance): then it is empty. */
    public Optional<PruneRun> runNow() throws SQLException {
        return run(RunSettings.of(config));
    }

    Optional<PruneRun> run(RunSettings settings) throws SQLException {
        if (closed || !running.tryLock()) {
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
            current = null;
            running.unlock();
        }
    }

    private PruneRun runHoldingLease(RunSettings settings) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        Sweep sweep = new Sweep(settings, statements, lease, holder, metrics, lookupLatency);
        current = sweep;
        if (closed) {
            sweep.stop(); // shutdown began before it could see this run
        }
        StoppedBecause reason = sweep.run(started, startNanos);
        long eventsDeleted = trimOutboxUnless(reason, settings, startNanos);
        Instant finished = Instant.now();
        long nanos = System.nanoTime() - startNanos;
        metrics.runFinished(reason);
        if (reason != StoppedBecause.SHUTDOWN) {
            refreshBacklog(finished); // a few statements: not worth delaying a shutdown for
        }
        PruneRun report = record(new PruneRun(null, instance, started, finished, sweep.deleted(), sweep.chunks(),
                reason));
        Log.infof("Prune run: deleted=%d chunks=%d duration=%dms rate=%.0f rows/s stoppedBecause=%s eventsDeleted=%d",
                sweep.deleted(), sweep.chunks(), nanos / 1_000_000, sweep.rate(nanos), reason.label(), eventsDeleted);
        return report;
    }

    /**
     * Deletes session events past their retention with the rest of the run's time (at least
     * one chunk), unless the run stopped because of a shutdown, a busy database, or an error
     * (the lease lost among them).
     */
    private long trimOutboxUnless(StoppedBecause reason, RunSettings settings, long startNanos) {
        if (reason != StoppedBecause.DONE && reason != StoppedBecause.TIME_BUDGET) {
            return 0;
        }
        OutboxTrim trim = new OutboxTrim(settings, statements, metrics);
        currentTrim = trim;
        if (closed) {
            return 0;
        }
        try {
            return trim.run(Instant.now().minus(events.retention()), startNanos + settings.maxRunTime().toNanos());
        } finally {
            currentTrim = null;
        }
    }

    private void refreshBacklog(Instant now) {
        try {
            ExpiredBacklog backlog = statements.measureExpiredBacklog(now, EXACT_BACKLOG_UP_TO);
            long age = backlog.oldestExpiresAt() == null ? 0
                    : Math.max(0, Duration.between(backlog.oldestExpiresAt(), now).toSeconds());
            metrics.backlogMeasured(backlog.count(), age);
        } catch (SQLException e) {
            Log.warnf("Expired-session backlog not measured: %s", SqlErrors.describe(e));
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

    /**
     * Waits for a run in progress to stop, and starts no other: the data source closes after this
     * observer returns, and a run cut off from it could neither store its report nor release the
     * lease (which would keep every other instance from pruning until the lease ran out).
     */
    void onShutdown(@Observes ShutdownEvent event) {
        closed = true;
        if (!stopAndAwait(SHUTDOWN_WAIT)) {
            Log.warn("Prune run still in progress at shutdown; its lease runs out by itself");
        }
    }

    /** Ends the run in progress, if any, after its current chunk. */
    void requestStop() {
        Sweep sweep = current;
        if (sweep != null) {
            sweep.stop();
        }
        OutboxTrim trim = currentTrim;
        if (trim != null) {
            trim.stop();
        }
    }

    /** Stops the run in progress and waits until it has ended; false when {@code wait} ran out first. */
    boolean stopAndAwait(Duration wait) {
        requestStop();
        try {
            if (!running.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
            running.unlock();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
