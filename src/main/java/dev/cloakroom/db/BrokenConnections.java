package dev.cloakroom.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;

/**
 * When a statement fails because its connection to the database was lost, the pool's idle
 * connections were most likely lost with it (a restart, a failover, a partition). They are
 * dropped at once, so that after the database is back none of them fails a request of its own.
 * Dropping an idle connection needs no answer from the database, and the pool opens new ones on
 * demand. This replaces validating connections as they are lent out: under a partition each such
 * validation waits for its timeout, one idle connection after another, inside a request.
 */
@ApplicationScoped
public class BrokenConnections {

    /** SQLSTATE class 08: connection exception. */
    private static final String CONNECTION_EXCEPTION = "08";

    @Inject
    AgroalDataSource pool;

    public void afterFailure(Throwable failure) {
        if (isConnectionLoss(failure, 0)) {
            pool.flush(AgroalDataSource.FlushMode.IDLE);
        }
    }

    /** Searches the causes, and the suppressed exceptions a failed commit keeps the driver's in. */
    private static boolean isConnectionLoss(Throwable failure, int depth) {
        if (failure == null || depth > 20) {
            return false;
        }
        if (failure instanceof SQLException sql && sql.getSQLState() != null
                && sql.getSQLState().startsWith(CONNECTION_EXCEPTION)) {
            return true;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (isConnectionLoss(suppressed, depth + 1)) {
                return true;
            }
        }
        return failure.getCause() != failure && isConnectionLoss(failure.getCause(), depth + 1);
    }
}
