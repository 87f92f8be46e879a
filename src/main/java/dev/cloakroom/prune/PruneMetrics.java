package dev.cloakroom.prune;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The pruner's meters. The two gauges are values the pruner refreshes at the end of each run:
 * a scrape never queries the database. They read NaN until the first run.
 */
@Singleton
public class PruneMetrics {

    private final Counter deletedRows;
    private final Counter deletedEvents;
    private final Counter retries;
    private final Counter trafficSlowed;
    private final Timer chunks;
    private final Map<StoppedBecause, Counter> runs = new EnumMap<>(StoppedBecause.class);
    private volatile double expiredBacklog = Double.NaN;
    private volatile double oldestExpiredAgeSeconds = Double.NaN;

    @Inject
    PruneMetrics(MeterRegistry registry) {
        deletedRows = Counter.builder("cloakroom.prune.deleted.rows")
                .description("Expired sessions deleted by the pruner")
                .register(registry);
        deletedEvents = Counter.builder("cloakroom.prune.deleted.events")
                .description("Session events deleted by the pruner after their retention")
                .register(registry);
        retries = Counter.builder("cloakroom.prune.chunk.retries")
                .description("Chunks tried again after a deadlock or lock-wait timeout")
                .register(registry);
        trafficSlowed = Counter.builder("cloakroom.prune.traffic.slowed")
                .description("Times the pruner found the traffic's session lookups slowed and lengthened its pause")
                .register(registry);
        chunks = Timer.builder("cloakroom.prune.chunk")
                .description("Time of one prune chunk: candidate read and delete")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        for (StoppedBecause reason : StoppedBecause.values()) {
            runs.put(reason, Counter.builder("cloakroom.prune.runs")
                    .description("Prune runs that held the lease, by why they stopped")
                    .tag("stopped_because", reason.label())
                    .register(registry));
        }
        Gauge.builder("cloakroom.sessions.expired.backlog", this, m -> m.expiredBacklog)
                .description("Expired sessions not yet pruned, as of the end of the last prune run")
                .register(registry);
        Gauge.builder("cloakroom.sessions.oldest.expired.age", this, m -> m.oldestExpiredAgeSeconds)
                .description("Age of the oldest expired session not yet pruned, as of the end of the last prune run")
                .baseUnit("seconds")
                .register(registry);
    }

    void chunkDone(long nanos, int deleted) {
        chunks.record(Duration.ofNanos(nanos));
        deletedRows.increment(deleted);
    }

    void eventsDeleted(int deleted) {
        deletedEvents.increment(deleted);
    }

    void chunkRetried() {
        retries.increment();
    }

    void trafficSlowed() {
        trafficSlowed.increment();
    }

    void runFinished(StoppedBecause reason) {
        runs.get(reason).increment();
    }

    void backlogMeasured(long count, long oldestAgeSeconds) {
        expiredBacklog = count;
        oldestExpiredAgeSeconds = oldestAgeSeconds;
    }
}
