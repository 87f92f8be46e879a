package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.prune.ExpiredSessionStatements.ExpiredBacklog;
import dev.cloakroom.testsupport.SessionRows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backlog behind the pruner's gauges: exact while small, an estimate beyond a bound. */
@QuarkusTest
class ExpiredBacklogTest {

    @Inject
    ExpiredSessionStatements statements;

    @Inject
    SessionRows rows;

    @BeforeEach
    void startFromNoExpiredSessions() throws SQLException {
        rows.removeAllExpired();
    }

    @Test
    void noBacklogIsAnExactZero() throws SQLException {
        rows.insertLive(2);
        ExpiredBacklog backlog = statements.measureExpiredBacklog(Instant.now(), 10);
        assertEquals(0, backlog.count());
        assertNull(backlog.oldestExpiresAt());
    }

    @Test
    void aSmallBacklogIsCountedExactly() throws SQLException {
        Instant oldest = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        rows.insert(1, oldest);
        rows.insertExpired(6);
        rows.insertLive(3);
        ExpiredBacklog backlog = statements.measureExpiredBacklog(Instant.now(), 7);
        assertEquals(7, backlog.count());
        assertEquals(oldest, backlog.oldestExpiresAt());
    }

    @Test
    void aBacklogBeyondTheBoundIsAnEstimateNeverBelowIt() throws SQLException {
        rows.insertExpired(12);
        ExpiredBacklog backlog = statements.measureExpiredBacklog(Instant.now(), 5);
        assertTrue(backlog.count() >= 6, "at least the bound + 1, was " + backlog.count());
    }
}
