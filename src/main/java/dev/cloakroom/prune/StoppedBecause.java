package dev.cloakroom.prune;

import java.util.Arrays;

/** Why a prune run ended; {@link #label()} is the name in run reports, logs and metrics. */
public enum StoppedBecause {

    /** No session expired before the run's start is left. */
    DONE("done"),
    /** The run reached {@code cloakroom.prune.max-run-time}; the next run carries on. */
    TIME_BUDGET("time-budget"),
    /** The database stayed busy for {@code cloakroom.prune.max-busy-time} in a row. */
    BACKPRESSURE("backpressure"),
    /** The service is shutting down. */
    SHUTDOWN("shutdown"),
    /** A statement failed in a way a retry does not fix, or the lease was lost. */
    ERROR("error");

    private final String label;

    StoppedBecause(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static StoppedBecause ofLabel(String label) {
        return Arrays.stream(values())
                .filter(reason -> reason.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown prune stop reason: " + label));
    }
}
