package dev.cloakroom.prune;

import io.smallrye.config.WithDefault;
import java.time.Duration;

public interface PruneConfig {

    /** Whether the schedule runs at all; operators can still prune through the admin API. */
    @WithDefault("true")
    boolean enabled();

    /** How often a prune run starts. */
    @WithDefault("60s")
    String every();

    /** Rows deleted per chunk, each chunk its own transaction. */
    @WithDefault("500")
    int chunkSize();

    /** Pause after a chunk, as a multiple of how long the chunk took. 0 runs at full speed. */
    @WithDefault("1.0")
    double pauseFactor();

    /** Back off while InnoDB's purge backlog (history list length) is above this. */
    @WithDefault("100000")
    long maxHistoryLength();

    /** A chunk slower than this counts as a sign the database is busy. */
    @WithDefault("200ms")
    Duration slowChunk();

    /** A run stops after this long; the next run carries on. */
    @WithDefault("30s")
    Duration maxRunTime();

    /** How many run reports the pruner keeps. */
    @WithDefault("200")
    int keepRuns();
}
