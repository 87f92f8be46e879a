package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloakroom.session.LookupLatency;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackpressureTest {

    private static final long SLOW = Duration.ofMillis(200).toNanos();

    private static final long MS = Duration.ofMillis(1).toNanos();

    private static RunSettings settings(int chunkSize) {
        return new RunSettings(chunkSize, 1.0, Duration.ofSeconds(30), Long.MAX_VALUE,
                Duration.ofNanos(SLOW), Duration.ofSeconds(5), Duration.ofSeconds(15), 5, Duration.ofSeconds(30),
                true, 2);
    }

    private static Backpressure withChunkSize(int chunkSize) {
        return new Backpressure(settings(chunkSize), null, TrafficWatch.OFF, () -> {
        }, 0);
    }

    private final LookupLatency lookups = new LookupLatency();

    /** Verdicts that found the traffic slowed, as the back-pressure reports them. */
    private final AtomicInteger slowedVerdicts = new AtomicInteger();

    private void lookups(int count, long nanos) {
        for (int i = 0; i < count; i++) {
            lookups.record(nanos);
        }
    }

    /** Back-pressure on a healthy database (short history), watching lookups that took 1 ms before the run. */
    private Backpressure watchingLookups(RunSettings settings) {
        lookups(LookupLatency.KEPT, MS);
        TrafficWatch watch = TrafficWatch.start(lookups, settings.maxTrafficSlowdown());
        return new Backpressure(settings, () -> OptionalLong.of(0), watch, slowedVerdicts::incrementAndGet, 0);
    }

    @Test
    void slowedLookupsDoubleThePauseUpToEightTimes() {
        Backpressure backpressure = watchingLookups(settings(500));
        long chunk = 10 * MS;
        assertEquals(chunk, backpressure.pauseAfter(chunk, 0), "no verdict yet: the usual pause");

        for (long expected : new long[] {2, 4, 8, 8}) {
            lookups(TrafficWatch.VERDICT_LOOKUPS, 5 * MS);
            assertEquals(expected * chunk, backpressure.pauseAfter(chunk, 0));
        }
        assertEquals(4, slowedVerdicts.get());
    }

    @Test
    void lookupsFastAgainShrinkThePaceByAFifthDownToTheUsualPause() {
        Backpressure backpressure = watchingLookups(settings(500));
        long chunk = 10 * MS;
        lookups(TrafficWatch.VERDICT_LOOKUPS, 5 * MS);
        backpressure.pauseAfter(chunk, 0);
        assertEquals(2.0, backpressure.pace());

        lookups(TrafficWatch.VERDICT_LOOKUPS, MS);
        assertEquals((long) (chunk * 1.6), backpressure.pauseAfter(chunk, 0));
        for (int i = 0; i < 5; i++) {
            lookups(TrafficWatch.VERDICT_LOOKUPS, MS);
            backpressure.pauseAfter(chunk, 0);
        }
        assertEquals(1.0, backpressure.pace());
        assertEquals(chunk, backpressure.pauseAfter(chunk, 0));
    }

    @Test
    void atFullSpeedSlowedLookupsLeaveTheRunUnpaused() {
        Backpressure backpressure = watchingLookups(RunSettingsBuilder.of(settings(500)).pauseFactor(0).build());
        lookups(TrafficWatch.VERDICT_LOOKUPS, 5 * MS);

        assertEquals(0, backpressure.pauseAfter(10 * MS, 0));
        assertEquals(0, slowedVerdicts.get());
    }

    @Test
    void aSlowChunkHalvesTheNextOneDownToOneRow() {
        Backpressure backpressure = withChunkSize(500);
        assertEquals(250, backpressure.nextChunkSize(500, SLOW + 1));
        assertEquals(1, backpressure.nextChunkSize(3, SLOW * 10));
        assertEquals(1, backpressure.nextChunkSize(1, SLOW * 10));
    }

    @Test
    void aFastChunkDoublesTheNextOneUpToTheChunkSize() {
        Backpressure backpressure = withChunkSize(500);
        assertEquals(64, backpressure.nextChunkSize(32, SLOW / 2 - 1));
        assertEquals(500, backpressure.nextChunkSize(300, 0));
        assertEquals(500, backpressure.nextChunkSize(500, 0));
    }

    @Test
    void aChunkBetweenHalfAndTheThresholdKeepsItsSize() {
        Backpressure backpressure = withChunkSize(500);
        assertEquals(120, backpressure.nextChunkSize(120, SLOW / 2));
        assertEquals(120, backpressure.nextChunkSize(120, SLOW));
    }
}
