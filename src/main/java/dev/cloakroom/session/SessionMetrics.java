package dev.cloakroom.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The session store's meters: lookup time, sessions opened and sessions ended early, by kind.
 * Every meter is made once, at start (so each series exists from the first scrape on). Opened and ended sessions count when their transaction
 * commits, so an attempt that a write conflict rolls back and runs again counts once.
 */
@Startup
@Singleton
public class SessionMetrics {

    /** Who a session was opened for. */
    enum Opened {
        GUEST, LOGIN
    }

    /** Why live sessions ended before they expired. */
    enum Ended {
        LOGOUT, REVOKE, REVOKE_OTHERS, ADMIN, PASSWORD_CHANGE, EVICTED
    }

    private final Timer lookups;
    private final Map<Opened, Counter> opened = new EnumMap<>(Opened.class);
    private final Map<Ended, Counter> ended = new EnumMap<>(Ended.class);
    private final TransactionSynchronizationRegistry transactions;

    @Inject
    SessionMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
        lookups = Timer.builder("cloakroom.sessions.lookup")
                .description("Time to read the session a token names (primary-key read with its user)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        for (Opened kind : Opened.values()) {
            opened.put(kind, Counter.builder("cloakroom.sessions.created")
                    .description("Sessions opened, by kind")
                    .tag("kind", label(kind))
                    .register(registry));
        }
        for (Ended kind : Ended.values()) {
            ended.put(kind, Counter.builder("cloakroom.sessions.revoked")
                    .description("Live sessions ended before they expired, by what ended them")
                    .tag("kind", label(kind))
                    .register(registry));
        }
    }

    void lookedUp(long nanos) {
        lookups.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts a session opened in the current transaction, once it commits. */
    void opened(Opened kind) {
        onCommit(opened.get(kind), 1);
    }

    /** Counts sessions ended in the current transaction, once it commits. */
    void ended(Ended kind, long sessions) {
        if (sessions > 0) {
            onCommit(ended.get(kind), sessions);
        }
    }

    private void onCommit(Counter counter, long amount) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    counter.increment(amount);
                }
            }
        });
    }

    private static String label(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
