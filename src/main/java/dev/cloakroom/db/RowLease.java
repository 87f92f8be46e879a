package dev.cloakroom.db;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * A named one-row lease in {@code prune_lease}, so that one instance at a time does a job
 * (pruning, delivering webhooks). Every comparison uses the database's clock
 * ({@code UTC_TIMESTAMP(6)}), so the instances' clocks never matter. A row instead of
 * {@code GET_LOCK}: that is local to one node on Galera and needs a reserved connection on
 * Vitess; an UPDATE of one row means the same everywhere.
 */
public final class RowLease {

    /** Who holds a lease and until when (database time, UTC). */
    public record Holder(String name, Instant until) {
    }

    private final AgroalDataSource dataSource;
    private final String name;

    public RowLease(AgroalDataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    /**
     * Takes the lease for {@code length} when it has run out (or is already this holder's).
     * A write conflict counts as "taken by someone else": on Galera two nodes can both update
     * the row, and certification then fails one of them with a deadlock error.
     */
    public boolean tryAcquire(String holder, Duration length) throws SQLException {
        try {
            return update("UPDATE prune_lease SET holder = ?, lease_until = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND"
                    + " WHERE name = ? AND (lease_until < UTC_TIMESTAMP(6) OR holder = ?)",
                    holder, micros(length), name, holder) == 1;
        } catch (SQLException e) {
            if (SqlErrors.isRetryable(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Extends the lease this holder has; false when it has been taken by someone else. */
    public boolean renew(String holder, Duration length) throws SQLException {
        return update("UPDATE prune_lease SET lease_until = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND"
                + " WHERE name = ? AND holder = ?", micros(length), name, holder) == 1;
    }

    /** Who holds the lease now; empty when it is free. */
    public Optional<Holder> currentHolder() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT holder, lease_until FROM prune_lease"
                                + " WHERE name = ? AND holder IS NOT NULL AND lease_until >= UTC_TIMESTAMP(6)")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Holder(row.getString(1), Utc.fromColumn(row.getObject(2, LocalDateTime.class))));
            }
        }
    }

    /** Gives the lease back, if this holder still has it. */
    public void release(String holder) throws SQLException {
        update("UPDATE prune_lease SET holder = NULL, lease_until = '1970-01-01 00:00:00'"
                + " WHERE name = ? AND holder = ?", name, holder);
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        }
    }

    private static long micros(Duration length) {
        return length.toNanos() / 1_000;
    }
}
