package dev.cloakroom.prune;

import java.time.Duration;

/** The limits one run works within, read from the configuration when the run starts. */
record RunSettings(int chunkSize, double pauseFactor, Duration maxRunTime, long maxHistoryLength,
        Duration slowChunk, Duration maxBackoff, Duration maxBusyTime, int maxRetries, Duration leaseTime,
        boolean rangeDelete, double maxTrafficSlowdown) {

    static RunSettings of(PruneConfig config) {
        return new RunSettings(config.chunkSize(), config.pauseFactor(), config.maxRunTime(),
                config.maxHistoryLength(), config.slowChunk(), config.maxBackoff(), config.maxBusyTime(),
                config.maxRetries(), config.leaseTime(), config.rangeDelete(), config.maxTrafficSlowdown());
    }
}
