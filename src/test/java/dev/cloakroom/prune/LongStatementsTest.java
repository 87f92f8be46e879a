package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.db.LongStatements;
import dev.cloakroom.session.SessionRepository;
import dev.cloakroom.session.SessionRepository.SessionCounts;
import dev.cloakroom.testsupport.SessionRows;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Statements that may rightly outlast the pool's network timeout: the pruner's, and the
 * operators' count. Each waits here on a lock held longer than a request may wait, and must
 * still finish; the pool's connections must keep their short timeout afterwards.
 */
@QuarkusTest
class LongStatementsTest {

    /** Longer than the pool's network timeout (socketTimeout), well inside the raised one. */
    private static final Duration HELD = Duration.ofSeconds(3);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ExpiredSessionStatements statements;

    @Inject
    SessionRepository sessions;

    @Inject
    SessionRows rows;

    private final ScheduledExecutorService releaser = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopReleaser() {
        releaser.shutdownNow();
    }

    @Test
    void aPruneDeleteWaitsOutARowLockLongerThanARequestMay() throws Exception {
        long id = rows.insertExpired(1).get(0);
        Connection locker = dataSource.getConnection();
        locker.setAutoCommit(false);
        try (PreparedStatement lock = locker.prepareStatement("SELECT id FROM sessions WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, id);
            lock.executeQuery().close();
        }
        releaser.schedule(() -> endQuietly(locker, "COMMIT"), HELD.toMillis(), TimeUnit.MILLISECONDS);

        long start = System.nanoTime();
        int deleted;
        try (PruneConnection db = statements.open()) {
            deleted = db.delete(Candidates.listed(List.of(new ExpiryKey(LocalDateTime.MIN, id))), Instant.now());
        }

        assertEquals(1, deleted);
        assertWaitedForTheLock(start);
    }

    @Test
    void theOperatorsCountWaitsOutATableLockLongerThanARequestMay() throws Exception {
        rows.insertLive(1);
        Connection locker = dataSource.getConnection();
        try (Statement lock = locker.createStatement()) {
            lock.execute("LOCK TABLES sessions WRITE");
        }
        releaser.schedule(() -> endQuietly(locker, "UNLOCK TABLES"), HELD.toMillis(), TimeUnit.MILLISECONDS);

        long start = System.nanoTime();
        SessionCounts counts = sessions.countSessions(Instant.now());

        assertTrue(counts.total() >= 1);
        assertWaitedForTheLock(start);
    }

    @Test
    void aRaisedTimeoutIsPutBack() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            int before = connection.getNetworkTimeout();
            int raised = LongStatements.allow(connection);
            assertEquals(LongStatements.NETWORK_TIMEOUT_MILLIS, connection.getNetworkTimeout());
            LongStatements.restore(connection, raised);
            assertEquals(before, connection.getNetworkTimeout());
        }
    }

    private static void assertWaitedForTheLock(long start) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(HELD.minusMillis(500)) > 0, "did not wait for the lock: " + took.toMillis() + " ms");
    }

    private static void endQuietly(Connection locker, String statement) {
        try (locker; Statement end = locker.createStatement()) {
            end.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
