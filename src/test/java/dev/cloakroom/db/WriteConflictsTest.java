package dev.cloakroom.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cloakroom.testsupport.SessionRows;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WriteConflictsTest {

    @Inject
    WriteConflicts conflicts;

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SessionRows rows;

    @Inject
    MeterRegistry registry;

    /**
     * A real InnoDB deadlock: this transaction locks row A, another locks row B and waits for A,
     * then this one asks for B. The other has written rows, so InnoDB rolls back this lighter
     * one; it runs again, waits for the other to commit, and succeeds.
     */
    @Test
    void aTransactionThatLosesADeadlockRunsAgainAndSucceeds() throws Exception {
        List<Long> ids = rows.insertLive(2);
        long a = ids.get(0);
        long b = ids.get(1);
        List<Long> ballast = rows.insertLive(50);
        CountDownLatch holdsA = new CountDownLatch(1);
        ExecutorService otherThread = Executors.newSingleThreadExecutor();
        Future<?> other = otherThread.submit(() -> lockBThenA(a, b, ballast, holdsA));
        double retriesBefore = retries();
        AtomicInteger attempts = new AtomicInteger();

        int winningAttempt = conflicts.inNewTransaction(() -> {
            int attempt = attempts.incrementAndGet();
            lock(a);
            if (attempt == 1) {
                holdsA.countDown();
                awaitTheOtherWaitingFor(a, other);
            }
            lock(b);
            return attempt;
        });

        assertEquals(2, winningAttempt);
        other.get(30, TimeUnit.SECONDS); // the other transaction committed
        otherThread.shutdown();
        assertEquals(1.0, retries() - retriesBefore);
    }

    @Test
    void aFailureThatIsNoConflictIsNotRunAgain() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(IllegalArgumentException.class, () -> conflicts.inNewTransaction(() -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("not a conflict");
        }));
        assertEquals(1, attempts.get());
    }

    @Test
    void aTransactionThatKeepsLosingGivesUpAfterItsAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException lost = assertThrows(RuntimeException.class, () -> conflicts.inNewTransaction(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException(new SQLException("Deadlock found when trying to get lock", "40001", 1213));
        }));
        assertEquals(WriteConflicts.ATTEMPTS, attempts.get());
        assertEquals(SqlErrors.DEADLOCK, sqlErrorIn(lost), "the last attempt's conflict reaches the caller");
    }

    /** The error code of the first SQLException among the causes; 0 when there is none. */
    private static int sqlErrorIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }

    private void lock(long id) {
        entityManager.createNativeQuery("SELECT id FROM sessions WHERE id = ?1 FOR UPDATE")
                .setParameter(1, id).getResultList();
    }

    /** The other transaction: writes some rows (so it weighs more), locks B, then waits for A. */
    private void lockBThenA(long a, long b, List<Long> ballast, CountDownLatch holdsA) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement write = connection.prepareStatement("UPDATE sessions SET version = version + 1 WHERE id = ?");
                    PreparedStatement lock = connection.prepareStatement("SELECT id FROM sessions WHERE id = ? FOR UPDATE")) {
                for (long id : ballast) {
                    write.setLong(1, id);
                    write.executeUpdate();
                }
                lock.setLong(1, b);
                lock.executeQuery().close();
                holdsA.await(30, TimeUnit.SECONDS);
                lock.setLong(1, a);
                lock.executeQuery().close();
            }
            connection.commit();
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until the other transaction is waiting for row A (its statement is running on the server). */
    private void awaitTheOtherWaitingFor(long a, Future<?> other) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement waiting = connection.prepareStatement(
                        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND INFO = ?")) {
            waiting.setString(1, "SELECT id FROM sessions WHERE id = " + a + " FOR UPDATE");
            for (int i = 0; i < 3000; i++) {
                if (other.isDone()) {
                    other.get();
                    throw new IllegalStateException("the other transaction ended without waiting for row A");
                }
                try (ResultSet row = waiting.executeQuery()) {
                    row.next();
                    if (row.getInt(1) > 0) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(10); // polling for the condition
            }
            throw new IllegalStateException("the other transaction never waited for row A");
        } catch (SQLException | InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private double retries() {
        return registry.get("cloakroom.write.conflict.retries").counter().count();
    }
}
