package dev.cloakroom.prune;

import java.time.Duration;

/** The limits one run works within: the configuration, or a test's variation of it. */
record RunSettings(int chunkSize, double pauseFactor, Duration maxRunTime, long maxHistoryLength,
        Duration slowChunk, Duration maxBackoff, Duration maxBusyTime, int maxRetries, Duration leaseTime,
        boolean rangeDelete, double maxTrafficSlowdown) {

    static RunSettings of(PruneConfig config) {
        return new RunSettings(config.chunkSize(), config.pauseFactor(), config.maxRunTime(),
                config.maxHistoryLength(), config.slowChunk(), config.maxBackoff(), config.maxBusyTime(),
                config.maxRetries(), config.leaseTime(), config.rangeDelete(), config.maxTrafficSlowdown());
    }

    RunSettings withChunkSize(int value) {
        return new RunSettings(value, pauseFactor, maxRunTime, maxHistoryLength, slowChunk, maxBackoff, maxBusyTime,
                maxRetries, leaseTime, rangeDelete, maxTrafficSlowdown);
    }

    RunSettings withPauseFactor(double value) {
        return new RunSettings(chunkSize, value, maxRunTime, maxHistoryLength, slowChunk, maxBackoff, maxBusyTime,
                maxRetries, leaseTime, rangeDelete, maxTrafficSlowdown);
    }

    RunSettings withMaxRunTime(Duration value) {
        return new RunSettings(chunkSize, pauseFactor, value, maxHistoryLength, slowChunk, maxBackoff, maxBusyTime,
                maxRetries, leaseTime, rangeDelete, maxTrafficSlowdown);
    }

    RunSettings withSlowChunk(Duration value) {
        return new RunSettings(chunkSize, pauseFactor, maxRunTime, maxHistoryLength, value, maxBackoff, maxBusyTime,
                maxRetries, leaseTime, rangeDelete, maxTrafficSlowdown);
    }

    RunSettings withMaxHistoryLength(long value) {
        return new RunSettings(chunkSize, pauseFactor, maxRunTime, value, slowChunk, maxBackoff, maxBusyTime,
                maxRetries, leaseTime, rangeDelete, maxTrafficSlowdown);
    }

    RunSettings withMaxBusyTime(Duration value) {
        return new RunSettings(chunkSize, pauseFactor, maxRunTime, maxHistoryLength, slowChunk, maxBackoff, value,
                maxRetries, leaseTime, rangeDelete, maxTrafficSlowdown);
    }

    RunSettings withMaxRetries(int value) {
        return new RunSettings(chunkSize, pauseFactor, maxRunTime, maxHistoryLength, slowChunk, maxBackoff, maxBusyTime,
                value, leaseTime, rangeDelete, maxTrafficSlowdown);
    }

    RunSettings withLeaseTime(Duration value) {
        return new RunSettings(chunkSize, pauseFactor, maxRunTime, maxHistoryLength, slowChunk, maxBackoff, maxBusyTime,
                maxRetries, value, rangeDelete, maxTrafficSlowdown);
    }

    RunSettings withRangeDelete(boolean value) {
        return new RunSettings(chunkSize, pauseFactor, maxRunTime, maxHistoryLength, slowChunk, maxBackoff, maxBusyTime,
                maxRetries, leaseTime, value, maxTrafficSlowdown);
    }

    RunSettings withMaxTrafficSlowdown(double value) {
        return new RunSettings(chunkSize, pauseFactor, maxRunTime, maxHistoryLength, slowChunk, maxBackoff, maxBusyTime,
                maxRetries, leaseTime, rangeDelete, value);
    }
}
