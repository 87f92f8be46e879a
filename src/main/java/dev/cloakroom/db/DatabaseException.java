package dev.cloakroom.db;

import java.sql.SQLException;

/**
 * A statement run outside Hibernate failed: the database is unreachable or refused it. Services
 * raise it in place of the checked {@link SQLException}, and the HTTP layer answers it with 503,
 * as it does a failure inside Hibernate.
 */
public class DatabaseException extends RuntimeException {

    public DatabaseException(SQLException cause) {
        super(cause);
    }
}
