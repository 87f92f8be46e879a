package dev.cloakroom.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * The network timeout of a pooled connection, raised for statements that may rightly run longer
 * than a request may wait. The pool's own timeout (Connector/J {@code socketTimeout}) is short so
 * that a database that stops answering costs a request seconds, not a minute; an operator's count
 * over every session, or a prune delete waiting its turn behind live traffic's row locks, can
 * take longer than that on a healthy database. Such callers raise it on their own connection and
 * must restore it before the connection goes back to the pool: Agroal resets auto-commit and
 * isolation on return, not the network timeout.
 */
public final class LongStatements {

    /** Still bounded: a partition then costs a long statement a minute, never a hung thread. */
    public static final int NETWORK_TIMEOUT_MILLIS = 60_000;

    /** Connector/J applies a new timeout through the executor; in place, it holds on return. */
    private static final Executor IN_PLACE = Runnable::run;

    private LongStatements() {
    }

    /** Raises the connection's network timeout; returns the one to {@link #restore}. */
    public static int allow(Connection connection) throws SQLException {
        int before = connection.getNetworkTimeout();
        connection.setNetworkTimeout(IN_PLACE, NETWORK_TIMEOUT_MILLIS);
        return before;
    }

    public static void restore(Connection connection, int before) throws SQLException {
        connection.setNetworkTimeout(IN_PLACE, before);
    }
}
