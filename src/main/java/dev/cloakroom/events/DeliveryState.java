package dev.cloakroom.events;

import dev.cloakroom.db.Utc;
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
 * How far a push delivery got, in {@code event_deliveries}: the cursor of the last event its
 * endpoint acknowledged, and its back-off after failures. Each statement commits on its own; the
 * cursor only ever moves forward.
 */
@ApplicationScoped
public class DeliveryState {

    static final String WEBHOOK = "webhook";

    /** The cursor delivered through, failures in a row, and when to try again. */
    record State(long deliveredThrough, int failures, Instant retryAt) {
    }

    @Inject
    AgroalDataSource dataSource;

    State read(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT delivered_through, failures, retry_at FROM event_deliveries WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new State(row.getLong(1), row.getInt(2), Utc.fromColumn(row.getObject(3, LocalDateTime.class)));
            }
        }
    }

    /** The endpoint acknowledged the event at {@code cursor}: never moves back, and clears the failures. */
    void delivered(String name, long cursor) throws SQLException {
        update("UPDATE event_deliveries SET delivered_through = GREATEST(delivered_through, ?), failures = 0"
                + " WHERE name = ?", cursor, name);
    }

    void failed(String name, int failures, Instant retryAt) throws SQLException {
        update("UPDATE event_deliveries SET failures = ?, retry_at = ? WHERE name = ?", failures,
                Utc.toColumn(retryAt), name);
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }
}
