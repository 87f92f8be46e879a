package dev.cloakroom.user;

import dev.cloakroom.db.SqlErrors;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Deletes failure counters whose window has ended: they count for nothing, and someone guessing
 * many login names would otherwise grow the table for good. Each run is one short statement,
 * oldest windows first; any instance may run it, since a counter deleted twice is still gone.
 */
@Singleton
public class EndedLoginFailures {

    /** Counters deleted per run at most. */
    static final int PER_RUN = 1000;

    @Inject
    LoginFailureRepository failures;

    @Inject
    UserConfig config;

    @Scheduled(identity = "forget-ended-login-failures", every = "{cloakroom.users.failure-cleanup-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        forget(Instant.now());
    }

    /** Deletes up to {@link #PER_RUN} counters whose window had ended by {@code now}; returns how many went. */
    int forget(Instant now) {
        try {
            int deleted = failures.deleteEndedWindows(now.minus(config.failureWindow()), PER_RUN);
            if (deleted > 0) {
                Log.debugf("Forgot %d ended login-failure windows", deleted);
            }
            return deleted;
        } catch (SQLException e) {
            Log.warnf("Ended login-failure windows not deleted: %s", SqlErrors.describe(e));
            return 0;
        }
    }
}
