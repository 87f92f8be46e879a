package dev.cloakroom.session;

import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long this instance's session lookups (a token's session read by primary key, the most
 * frequent statement of the traffic) have lately taken: the last {@value #KEPT} durations, in a
 * ring that recording never blocks on. The pruner reads it to see what its deletes cost the
 * traffic, from the traffic's side.
 */
@Singleton
public class LookupLatency {

    /** How many of the latest lookups are kept: a power of two. */
    public static final int KEPT = 1024;

    private final AtomicLongArray nanos = new AtomicLongArray(KEPT);
    private final AtomicLong recorded = new AtomicLong();

    /** Adds one lookup that took {@code nanos}. */
    public void record(long nanos) {
        long slot = recorded.getAndIncrement();
        this.nanos.set((int) (slot & (KEPT - 1)), nanos);
    }

    /** How many lookups have been recorded so far: a position for {@link #between}. */
    public long recorded() {
        return recorded.get();
    }

    /**
     * The durations of the lookups recorded from position {@code from} up to position {@code to}
     * (only the latest {@value #KEPT} of them when there were more), sorted.
     */
    public long[] between(long from, long to) {
        int count = (int) Math.min(KEPT, Math.max(0, to - Math.max(0, from)));
        long[] sorted = new long[count];
        for (int i = 0; i < count; i++) {
            sorted[i] = nanos.get((int) ((to - count + i) & (KEPT - 1)));
        }
        Arrays.sort(sorted);
        return sorted;
    }
}
