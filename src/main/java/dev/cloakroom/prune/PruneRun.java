package dev.cloakroom.prune;

import java.time.Instant;

/**
 * The report of one prune run that held the lease. {@code id} is null only when the report
 * could not be stored (the database failed at the end of the run).
 */
public record PruneRun(Long id, String instance, Instant startedAt, Instant finishedAt,
        long deleted, int chunks, StoppedBecause stoppedBecause) {
}
