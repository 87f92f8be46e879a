package dev.cloakroom.prune;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;

@ConfigMapping(prefix = "cloakroom.prune")
public interface PruneConfig {

    /** Whether the schedule runs at all; operators can still prune through the admin API. */
    @WithDefault("true")
    boolean enabled();

    /** How often a prune run starts ({@code 60s}, {@code 5m}; {@code off} turns the schedule off). */
    @WithDefault("60s")
    String every();

    /** Rows deleted per chunk, each chunk its own transaction. */
    @WithDefault("1000")
    @Min(1)
    int chunkSize();

    /** Pause after a chunk, as a multiple of how long the chunk took. 0 runs at full speed. */
    @WithDefault("1.0")
    @DecimalMin("0")
    double pauseFactor();

    /**
     * Whether a key window whose rows had all expired goes by one range {@code DELETE} (ids
     * between its first and last, {@code ORDER BY id LIMIT} its row count) rather than by its
     * list of ids. Turn it off on an engine that refuses {@code DELETE ... LIMIT} (a sharded
     * Vitess keyspace before Vitess 19).
     */
    @WithDefault("true")
    boolean rangeDelete();

    /** The database counts as busy (extra back-off) while InnoDB's purge backlog (history list length) is above this. */
    @WithDefault("100000")
    long maxHistoryLength();

    /**
     * The pause grows (doubling, up to 8 times the usual pause) while this instance's session
     * lookups take longer than this many times what they took before the run (their 90th
     * percentile), and shrinks back as they recover. 0 turns this off; it is off by itself while
     * the instance serves too few lookups to tell (under 200 before the run).
     */
    @WithDefault("2.0")
    @DecimalMin("0")
    double maxTrafficSlowdown();

    /**
     * A chunk slower than this halves the next chunk (down to one row); one faster than half of
     * it doubles the next (up to {@link #chunkSize()}). Slowness alone never stops a run.
     */
    @WithDefault("200ms")
    Duration slowChunk();

    /** Longest extra pause while the database is busy; the pause doubles from 100ms up to this. */
    @WithDefault("5s")
    Duration maxBackoff();

    /** A run that has found the database busy this long without a break stops ({@code backpressure}). */
    @WithDefault("15s")
    Duration maxBusyTime();

    /** A run stops after this long; the next run carries on. */
    @WithDefault("30s")
    Duration maxRunTime();

    /** How often a chunk that hit a deadlock or lock-wait timeout is tried again before the run stops. */
    @WithDefault("5")
    @Min(0)
    int maxRetries();

    /**
     * How long the lease a run holds lasts without renewal. A running pruner renews it every
     * third of this; an instance that dies holding it blocks pruning for at most this long.
     */
    @WithDefault("30s")
    Duration leaseTime();

    /** How many run reports the pruner keeps. */
    @WithDefault("200")
    @Min(1)
    int keepRuns();
}
