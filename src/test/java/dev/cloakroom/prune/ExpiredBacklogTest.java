package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Utc;
import dev.cloakroom.session.SessionRepository;
import dev.cloakroom.session.SessionRepository.ExpiredBacklog;
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
    SessionRepository sessions;

    @Inject
    SessionRows rows;

    @BeforeEach
    void startFromNoExpiredSessions() throws SQLException {
        rows.removeAllExpired();
    }

    @Test
    void noBacklogIsAnExactZero() throws SQLException {
        rows.insertLive(2);
        ExpiredBacklog backlog = sessions.measureExpiredBacklog(Utc.toColumn(Instant.now()), 10);
        assertEquals(0, backlog.count());
        assertNull(backlog.oldestExpiresAt());
        assertTrue(backlog.exact());
    }

    @Test
    void aSmallBacklogIsCountedExactly() throws SQLException {
        Instant oldest = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        rows.insert(1, oldest);
        rows.insertExpired(6);
        rows.insertLive(3);
        ExpiredBacklog backlog = sessions.measureExpiredBacklog(Utc.toColumn(Instant.now()), 7);
        assertEquals(7, backlog.count());
        assertEquals(Utc.toColumn(oldest), backlog.oldestExpiresAt());
        assertTrue(backlog.exact());
    }

    @Test
    void aBacklogBeyondTheBoundIsAnEstimateNeverBelowIt() throws SQLException {
        rows.insertExpired(12);
        ExpiredBacklog backlog = sessions.measureExpiredBacklog(Utc.toColumn(Instant.now()), 5);
        assertFalse(backlog.exact());
        assertTrue(backlog.count() >= 6, "at least the bound + 1, was " + backlog.count());
    }
}
