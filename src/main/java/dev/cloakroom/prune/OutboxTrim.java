package dev.cloakroom.prune;

import dev.cloakroom.db.SqlErrors;
import io.quarkus.logging.Log;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The part of a prune run that deletes session events past their retention: in chunks of the
 * run's chunk size, each its own statement in autocommit, oldest first, with the run's pause
 * after each, within what is left of the run's time budget. It runs after the sessions' sweep,
 * holding the same lease; what it leaves, the next run carries on with.
 */
final class OutboxTrim {

    private final RunSettings settings;
    private final ExpiredSessionStatements statements;
    private final PruneMetrics metrics;
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    OutboxTrim(RunSettings settings, ExpiredSessionStatements statements, PruneMetrics metrics) {
        this.settings = settings;
        this.statements = statements;
        this.metrics = metrics;
    }

    void stop() {
        stopSignal.countDown();
    }

    /**
     * Deletes events that occurred before {@code cutoff} until none is left, the stop signal
     * comes, or {@code deadlineNanos} (a {@link System#nanoTime()} value) passes, but at least
     * one chunk: a sweep that always uses up the run's budget must not keep the outbox growing.
     * Returns how many went. Never throws: a failure ends the trim, and the next run tries again.
     */
    long run(Instant cutoff, long deadlineNanos) {
        long deleted = 0;
        try (PruneConnection db = statements.open()) {
            for (boolean first = true; first || stopSignal.getCount() > 0 && System.nanoTime() - deadlineNanos < 0;
                    first = false) {
                long start = System.nanoTime();
                int gone = db.deleteEventsBefore(cutoff, settings.chunkSize());
                deleted += gone;
                metrics.eventsDeleted(gone);
                if (gone < settings.chunkSize()) {
                    break;
                }
                long pause = (long) ((System.nanoTime() - start) * settings.pauseFactor());
                if (stopSignal.await(Math.max(0, pause), TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
        } catch (SQLException | RuntimeException e) {
            Log.warnf("Deleting old session events stopped by an error after %d: %s", deleted, SqlErrors.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return deleted;
    }
}
