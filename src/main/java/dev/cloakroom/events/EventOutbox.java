package dev.cloakroom.events;

import dev.cloakroom.db.DatabaseException;
import dev.cloakroom.db.Utc;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes events into {@code session_events}, always inside the transaction of the change they
 * describe: a JTA transaction that must already be open, or a plain JDBC connection whose
 * transaction the caller commits (the pruner's). Never a token: public ids only.
 */
@ApplicationScoped
public class EventOutbox {

    private static final String INSERT = "INSERT INTO session_events"
            + " (type, occurred_at, user_id, session_id, previous_session_id, ended_sessions) VALUES (?, ?, ?, ?, ?, ?)";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventsConfig config;

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Writes the event in the caller's transaction (there must be one: MANDATORY fails loudly
     * otherwise, rather than committing an event of its own). The data source hands out the
     * connection already enlisted in that transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(NewEvent event) {
        if (!config.enabled()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, event);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Writes the event on {@code connection}, in whatever transaction it has open; the caller commits. */
    public void record(Connection connection, NewEvent event) throws SQLException {
        if (config.enabled()) {
            insert(connection, event);
        }
    }

    private static void insert(Connection connection, NewEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, event.type().label());
            insert.setObject(2, Utc.toColumn(event.occurredAt()));
            if (event.userId() == null) {
                insert.setNull(3, Types.BIGINT);
            } else {
                insert.setLong(3, event.userId());
            }
            insert.setString(4, event.sessionId());
            insert.setString(5, event.previousSessionId());
            insert.setString(6, event.ended().isEmpty() ? null : encode(event.ended()));
            insert.executeUpdate();
        }
    }

    /** "publicId:userId" separated by spaces; public ids are base64url, so neither separator occurs in them. */
    static String encode(List<EndedSession> ended) {
        return ended.stream()
                .map(s -> s.sessionId() + ":" + (s.userId() == null ? "" : s.userId()))
                .collect(Collectors.joining(" "));
    }

    static List<EndedSession> decode(String stored) {
        if (stored == null || stored.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(stored.split(" ")).map(item -> {
            int colon = item.indexOf(':');
            String user = item.substring(colon + 1);
            return new EndedSession(item.substring(0, colon), user.isEmpty() ? null : Long.valueOf(user));
        }).toList();
    }
}
