package dev.cloakroom.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Transactions that lost a write conflict, run again. On one server InnoDB rolls back one of
 * two transactions that deadlock; on a Galera cluster two nodes writing one row at once conflict
 * and certification rolls one back, at any statement or at commit. Both report error 1213
 * (SQLSTATE 40001). The rolled-back transaction changed nothing, so it can simply run again,
 * and the second time it sees the winner's write: a racing If-Match write gets its 412, a
 * racing merge merges into the other's data, and neither turns into a 503.
 */
@Singleton
public class WriteConflicts {

    /** Attempts in all; a transaction that loses this often in a row is answered as a failure. */
    static final int ATTEMPTS = 4;

    private static final String SERIALIZATION_FAILURE = "40001";

    private final Counter retries;

    @Inject
    WriteConflicts(MeterRegistry registry) {
        retries = Counter.builder("cloakroom.write.conflict.retries")
                .description("Transactions run again after losing a write conflict (a deadlock, or a Galera certification conflict)")
                .register(registry);
    }

    /** {@code work} in a new transaction, run again when it loses a write conflict. */
    public <T> T inNewTransaction(Supplier<T> work) {
        return unchecked(() -> retrying(() -> QuarkusTransaction.requiringNew().call(work::get)));
    }

    public void runInNewTransaction(Runnable work) {
        inNewTransaction(() -> {
            work.run();
            return null;
        });
    }

    /** {@code attempt}, which must be a whole transaction, run until it wins or runs out of attempts. */
    <T> T retrying(Callable<T> attempt) throws Exception {
        for (int n = 1;; n++) {
            try {
                return attempt.call();
            } catch (Exception e) {
                Optional<SQLException> conflict = conflictIn(e);
                if (n >= ATTEMPTS || conflict.isEmpty()) {
                    throw e;
                }
                retries.increment();
                Log.debugf("Write conflict, attempt %d of %d: %s", n, ATTEMPTS, SqlErrors.describe(conflict.get()));
                // a short random pause, so that two losers do not meet again at once
                TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(1, 5 * n + 1));
            }
        }
    }

    /**
     * A deadlock or serialization failure anywhere in the causes, suppressed exceptions included:
     * a conflict at commit reaches the caller as the transaction manager's RollbackException, with
     * the driver's exception suppressed inside it.
     */
    private static Optional<SQLException> conflictIn(Throwable e) {
        return conflictIn(e, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Optional<SQLException> conflictIn(Throwable e, Set<Throwable> seen) {
        if (e == null || !seen.add(e)) {
            return Optional.empty();
        }
        if (e instanceof SQLException sql
                && (sql.getErrorCode() == SqlErrors.DEADLOCK || SERIALIZATION_FAILURE.equals(sql.getSQLState()))) {
            return Optional.of(sql);
        }
        for (Throwable suppressed : e.getSuppressed()) {
            Optional<SQLException> found = conflictIn(suppressed, seen);
            if (found.isPresent()) {
                return found;
            }
        }
        return conflictIn(e.getCause(), seen);
    }

    private static <T> T unchecked(Callable<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between attempts of a transaction", e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
