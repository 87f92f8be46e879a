package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloakroom.prune.TrafficWatch.Verdict;
import dev.cloakroom.session.LookupLatency;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrafficWatchTest {

    private static final long MS = Duration.ofMillis(1).toNanos();

    private final LookupLatency lookups = new LookupLatency();

    private void lookups(int count, long nanos) {
        for (int i = 0; i < count; i++) {
            lookups.record(nanos);
        }
    }

    @Test
    void theLimitIsTheSlowdownTimesThe90thPercentileBeforeTheRun() {
        lookups(180, MS);
        lookups(20, 50 * MS); // the slowest tenth does not count

        TrafficWatch watch = TrafficWatch.start(lookups, 2);

        assertEquals(2 * MS, watch.limitNanos());
    }

    @Test
    void lookupsOverTheLimitAreSlowerAndUnderItNot() {
        lookups(LookupLatency.KEPT, MS);
        TrafficWatch watch = TrafficWatch.start(lookups, 2);

        lookups(TrafficWatch.VERDICT_LOOKUPS, 3 * MS);
        assertEquals(Verdict.SLOWER, watch.verdict());

        lookups(TrafficWatch.VERDICT_LOOKUPS, 2 * MS);
        assertEquals(Verdict.NOT_SLOWER, watch.verdict());
    }

    @Test
    void aVerdictNeedsEnoughLookupsSinceTheLastOne() {
        lookups(LookupLatency.KEPT, MS);
        TrafficWatch watch = TrafficWatch.start(lookups, 2);

        lookups(TrafficWatch.VERDICT_LOOKUPS - 1, 10 * MS);
        assertEquals(Verdict.NONE, watch.verdict());

        lookups(1, 10 * MS);
        assertEquals(Verdict.SLOWER, watch.verdict());
        assertEquals(Verdict.NONE, watch.verdict(), "the slow lookups were used by the last verdict");
    }

    @Test
    void aVerdictLooksOnlyAtTheLookupsSinceTheLastOne() {
        lookups(LookupLatency.KEPT, MS);
        TrafficWatch watch = TrafficWatch.start(lookups, 2);
        lookups(TrafficWatch.VERDICT_LOOKUPS, 10 * MS);
        watch.verdict();

        lookups(TrafficWatch.VERDICT_LOOKUPS, MS);

        assertEquals(Verdict.NOT_SLOWER, watch.verdict());
    }

    @Test
    void tooFewLookupsBeforeTheRunGiveNoVerdicts() {
        lookups(TrafficWatch.BASELINE_LOOKUPS - 1, MS);
        TrafficWatch watch = TrafficWatch.start(lookups, 2);

        lookups(LookupLatency.KEPT, 100 * MS);

        assertEquals(Verdict.NONE, watch.verdict());
    }

    @Test
    void aSlowdownOfZeroTurnsTheWatchOff() {
        lookups(LookupLatency.KEPT, MS);
        TrafficWatch watch = TrafficWatch.start(lookups, 0);

        lookups(LookupLatency.KEPT, 100 * MS);

        assertEquals(Verdict.NONE, watch.verdict());
    }

    @Test
    void theBaselineIsTheLatestLookupsOnly() {
        lookups(LookupLatency.KEPT, 100 * MS);
        lookups(LookupLatency.KEPT, MS);

        assertEquals(2 * MS, TrafficWatch.start(lookups, 2).limitNanos());
    }
}
