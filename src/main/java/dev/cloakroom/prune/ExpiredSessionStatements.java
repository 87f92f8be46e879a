package dev.cloakroom.prune;

import dev.cloakroom.db.LongStatements;
import dev.cloakroom.db.Utc;
import dev.cloakroom.events.EventOutbox;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Where the pruner's SQL starts: the connection a run deletes through, and the backlog figures
 * behind its gauges. Plain JDBC, outside any JTA transaction.
 */
@ApplicationScoped
public class ExpiredSessionStatements {

    /**
     * How many sessions expired before a moment (exact up to a bound, the server's estimate
     * beyond it), and the earliest expiry among them (null when none).
     */
    record ExpiredBacklog(long count, Instant oldestExpiresAt) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventOutbox events;

    /** A connection for one run; open it outside any JTA transaction, and close it at the end of the run. */
    PruneConnection open() throws SQLException {
        return new PruneConnection(dataSource.getConnection(), events);
    }

    /**
     * How many sessions expired before {@code now}, and the earliest expiry among them. It
     * must stay cheap on any backlog: up to {@code exactUpTo} rows it counts exactly (reading at
     * most that many index entries); beyond, it takes the server's estimate for the index range
     * ({@code EXPLAIN}, a few index dives on InnoDB), since counting a backlog of millions reads
     * them all and pushes live pages out of the buffer pool. Counting up to the bound can still
     * outlast a request's network timeout on a loaded server: the timeout is raised meanwhile.
     */
    ExpiredBacklog measureExpiredBacklog(Instant now, int exactUpTo) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            int networkTimeout = LongStatements.allow(connection);
            try {
                return measureExpiredBacklog(connection, Utc.toColumn(now), exactUpTo);
            } finally {
                LongStatements.restore(connection, networkTimeout);
            }
        }
    }

    private static ExpiredBacklog measureExpiredBacklog(Connection connection, LocalDateTime cutoff, int exactUpTo)
            throws SQLException {
        LocalDateTime oldest;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT MIN(expires_at) FROM sessions WHERE expires_at < ?")) {
            select.setObject(1, cutoff);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                oldest = row.getObject(1, LocalDateTime.class);
            }
        }
        if (oldest == null) {
            return new ExpiredBacklog(0, null);
        }
        long counted;
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT COUNT(*) FROM (SELECT 1 FROM sessions WHERE expires_at < ? LIMIT ?) capped")) {
            count.setObject(1, cutoff);
            count.setInt(2, exactUpTo + 1);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                counted = row.getLong(1);
            }
        }
        if (counted <= exactUpTo) {
            return new ExpiredBacklog(counted, Utc.fromColumn(oldest));
        }
        return new ExpiredBacklog(Math.max(counted, estimateExpired(connection, cutoff)), Utc.fromColumn(oldest));
    }

    /** The optimizer's row estimate for the expired range; 0 when the server gives none we can read. */
    private static long estimateExpired(Connection connection, LocalDateTime cutoff) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement(
                "EXPLAIN SELECT id FROM sessions WHERE expires_at < ?")) {
            explain.setObject(1, cutoff);
            try (ResultSet rows = explain.executeQuery()) {
                int column = 0;
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    String label = rows.getMetaData().getColumnLabel(i);
                    if (label.equalsIgnoreCase("rows") || label.equalsIgnoreCase("estRows")) {
                        column = i; // MySQL and MariaDB call it rows, TiDB estRows
                    }
                }
                if (column == 0 || !rows.next()) {
                    return 0;
                }
                try {
                    return (long) Double.parseDouble(rows.getString(column));
                } catch (NumberFormatException | NullPointerException e) {
                    return 0;
                }
            }
        }
    }
}
