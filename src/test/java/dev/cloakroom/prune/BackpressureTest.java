package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackpressureTest {

    private static final long SLOW = Duration.ofMillis(200).toNanos();

    private static Backpressure withChunkSize(int chunkSize) {
        RunSettings settings = new RunSettings(chunkSize, 1.0, Duration.ofSeconds(30), Long.MAX_VALUE,
                Duration.ofNanos(SLOW), Duration.ofSeconds(5), Duration.ofSeconds(15), 5, Duration.ofSeconds(30),
                true);
        return new Backpressure(settings, null, 0);
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
