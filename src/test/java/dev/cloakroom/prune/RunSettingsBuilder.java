package dev.cloakroom.prune;

import java.time.Duration;

/** A test's variation of the configured run limits. */
final class RunSettingsBuilder {

    private int chunkSize;
    private double pauseFactor;
    private Duration maxRunTime;
    private long maxHistoryLength;
    private Duration slowChunk;
    private Duration maxBackoff;
    private Duration maxBusyTime;
    private int maxRetries;
    private Duration leaseTime;
    private boolean rangeDelete;
    private double maxTrafficSlowdown;

    private RunSettingsBuilder(RunSettings from) {
        chunkSize = from.chunkSize();
        pauseFactor = from.pauseFactor();
        maxRunTime = from.maxRunTime();
        maxHistoryLength = from.maxHistoryLength();
        slowChunk = from.slowChunk();
        maxBackoff = from.maxBackoff();
        maxBusyTime = from.maxBusyTime();
        maxRetries = from.maxRetries();
        leaseTime = from.leaseTime();
        rangeDelete = from.rangeDelete();
        maxTrafficSlowdown = from.maxTrafficSlowdown();
    }

    static RunSettingsBuilder of(PruneConfig config) {
        return new RunSettingsBuilder(RunSettings.of(config));
    }

    static RunSettingsBuilder of(RunSettings settings) {
        return new RunSettingsBuilder(settings);
    }

    RunSettingsBuilder chunkSize(int value) {
        chunkSize = value;
        return this;
    }

    RunSettingsBuilder pauseFactor(double value) {
        pauseFactor = value;
        return this;
    }

    RunSettingsBuilder maxRunTime(Duration value) {
        maxRunTime = value;
        return this;
    }

    RunSettingsBuilder maxHistoryLength(long value) {
        maxHistoryLength = value;
        return this;
    }

    RunSettingsBuilder slowChunk(Duration value) {
        slowChunk = value;
        return this;
    }

    RunSettingsBuilder maxBusyTime(Duration value) {
        maxBusyTime = value;
        return this;
    }

    RunSettingsBuilder maxRetries(int value) {
        maxRetries = value;
        return this;
    }

    RunSettingsBuilder leaseTime(Duration value) {
        leaseTime = value;
        return this;
    }

    RunSettingsBuilder rangeDelete(boolean value) {
        rangeDelete = value;
        return this;
    }

    RunSettingsBuilder maxTrafficSlowdown(double value) {
        maxTrafficSlowdown = value;
        return this;
    }

    RunSettings build() {
        return new RunSettings(chunkSize, pauseFactor, maxRunTime, maxHistoryLength, slowChunk, maxBackoff,
                maxBusyTime, maxRetries, leaseTime, rangeDelete, maxTrafficSlowdown);
    }
}
