package dev.cloakroom.prune;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Skips scheduled runs when {@code cloakroom.prune.enabled} is false. */
@Singleton
public class PruneScheduleDisabled implements Scheduled.SkipPredicate {

    @Inject
    PruneConfig config;

    @Override
    public boolean test(ScheduledExecution execution) {
        return !config.enabled();
    }
}
