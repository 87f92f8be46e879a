package dev.cloakroom.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloakroom.db.BrokenConnections;
import io.quarkus.arc.ArcUndeclaredThrowableException;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A commit the database refuses reaches the resource layer wrapped by the transaction manager
 * (on Galera: a certification conflict that outlasted its retries). The cluster tests see it
 * answer 503 with the retry turned off; one server has no deterministic way to refuse a commit,
 * so the mapping itself is checked here, with the wrapping the cluster produced.
 */
@QuarkusTest
class CommitFailureMappingTest {

    private final FrameworkProblemMappers mappers = new FrameworkProblemMappers();

    {
        // neither failure here is a lost connection, so the pool is never asked to drop any
        mappers.brokenConnections = new BrokenConnections();
    }

    @Test
    void aCommitRefusedByTheDatabaseIsA503Problem() {
        RollbackException refused = new RollbackException("ARJUNA016053: Could not commit transaction.");
        refused.addSuppressed(new SQLException("Deadlock found when trying to get lock", "40001", 1213));

        for (Response response : new Response[] {
                mappers.mapUndeclared(new ArcUndeclaredThrowableException(refused)),
                mappers.mapTransactionFailure(new QuarkusTransactionException(refused)) }) {
            assertEquals(503, response.getStatus());
            assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
            assertEquals("5", response.getHeaderString("Retry-After"));
            assertEquals("The session store is unavailable. Try again shortly.",
                    ((Problem) response.getEntity()).detail());
        }
    }

    @Test
    void anUndeclaredExceptionFromElsewhereIsA500ProblemThatNamesNoType() {
        Response response = mappers.mapUndeclared(new ArcUndeclaredThrowableException(new IOException("disk")));

        assertEquals(500, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals("The request could not be served.", ((Problem) response.getEntity()).detail());
    }
}
