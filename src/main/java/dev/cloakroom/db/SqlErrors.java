package dev.cloakroom.db;

import java.sql.SQLException;

/** MySQL and MariaDB error codes the pruner and the write-conflict retry treat specially. */
public final class SqlErrors {

    public static final int LOCK_WAIT_TIMEOUT = 1205;
    public static final int DEADLOCK = 1213;

    private SqlErrors() {
    }

    /** Deadlocks and lock-wait timeouts: the statement was rolled back and may simply be run again. */
    public static boolean isRetryable(SQLException e) {
        return e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT;
    }

    /** What a log line may say about a failure: no SQL text, no parameter values. */
    public static String describe(Exception e) {
        if (e instanceof SQLException sql) {
            return e.getClass().getSimpleName()
                    + " (SQLState " + sql.getSQLState() + ", error " + sql.getErrorCode() + ")";
        }
        return e.getClass().getSimpleName();
    }
}
