package dev.cloakroom.events;

import dev.cloakroom.db.DatabaseException;
import dev.cloakroom.db.SqlErrors;
import dev.cloakroom.db.Utc;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the outbox in delivery order, for any number of readers, each with its own cursor.
 *
 * <p>Events are written with their AUTO_INCREMENT id only. Ids are taken at insert and the
 * transactions commit in any order, so a cursor over ids would skip an event that committed
 * after a later one had been read. Before each read, committed events without a place get one
 * ({@link #sequence}): {@code seq}, taken from the {@code event_sequence} row, which only this
 * step locks. Each sequencing transaction hands out numbers above every number handed out
 * before it and commits them all at once, and an event still uncommitted then gets its number
 * from a later one. So the numbers that are visible at any moment are exactly those handed out
 * by committed sequencing steps, and a reader past {@code n} never meets a number below
 * {@code n} again. docs/events.md has the argument and what was rejected.
 */
@ApplicationScoped
public class EventFeed {

    /** Events sequenced per step at most; a reader takes fewer, so a step always covers a page. */
    static final int SEQUENCE_BATCH = 5_000;

    static final String SEQUENCE_NAME = "session_events";

    private static final int ATTEMPTS = 3;

    /** A page of events after a cursor, and the cursor to ask with next. */
    public record Page(List<SessionEvent> events, long next) {
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Up to {@code limit} events after {@code after}, in delivery order; the committed events
     * not yet placed are placed first. Empty when {@code after} is beyond every event placed.
     */
    public Page after(long after, int limit) {
        try {
            long last = sequence();
            if (after > last) {
                throw new CursorAheadException(after, last);
            }
            List<SessionEvent> events = read(after, limit);
            return new Page(events, events.isEmpty() ? after : events.get(events.size() - 1).cursor());
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /**
     * Places committed events that have no place yet, up to {@link #SEQUENCE_BATCH} of them, in
     * id order; returns the last place handed out. A deadlock (two sequencers on a Galera
     * cluster) is tried again.
     */
    public long sequence() throws SQLException {
        for (int attempt = 1;; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return sequence(connection);
            } catch (SQLException e) {
                if (!SqlErrors.isRetryable(e) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * One sequencing transaction, in READ COMMITTED so that each statement sees what committed
     * before it, and no gap lock ever holds up a writer. The counter row is locked first: two
     * sequencers queue there. Events with ids between the first and last unplaced one found get
     * {@code seq = id + offset}: increasing with the id, unique, and above every earlier place.
     * An event in that id range that commits while this runs is either placed too (then by the
     * same rule) or left for the next step; gaps in seq are harmless.
     */
    private static long sequence(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        connection.setAutoCommit(false);
        try {
            long last = lockCounter(connection);
            long[] range = unplacedRange(connection);
            if (range == null) {
                connection.commit();
                return last;
            }
            long offset = last + 1 - range[0];
            try (PreparedStatement place = connection.prepareStatement(
                    "UPDATE session_events SET seq = id + ? WHERE id >= ? AND id <= ? AND seq IS NULL")) {
                place.setLong(1, offset);
                place.setLong(2, range[0]);
                place.setLong(3, range[1]);
                place.executeUpdate();
            }
            long newLast = range[1] + offset;
            try (PreparedStatement move = connection.prepareStatement(
                    "UPDATE event_sequence SET last_seq = ? WHERE name = ?")) {
                move.setLong(1, newLast);
                move.setString(2, SEQUENCE_NAME);
                move.executeUpdate();
            }
            connection.commit();
            return newLast;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
            connection.setTransactionIsolation(isolation);
        }
    }

    private static long lockCounter(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_seq FROM event_sequence WHERE name = ? FOR UPDATE")) {
            select.setString(1, SEQUENCE_NAME);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The first and last id of the oldest committed events without a place; null when there are none. */
    private static long[] unplacedRange(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT MIN(id), MAX(id) FROM (SELECT id FROM session_events WHERE seq IS NULL ORDER BY id LIMIT ?) w")) {
            select.setInt(1, SEQUENCE_BATCH);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                long first = row.getLong(1);
                return row.wasNull() ? null : new long[] { first, row.getLong(2) };
            }
        }
    }

    private List<SessionEvent> read(long after, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, seq, type, occurred_at, user_id, session_id, previous_session_id, ended_sessions"
                                + " FROM session_events WHERE seq > ? ORDER BY seq LIMIT ?")) {
            select.setLong(1, after);
            select.setInt(2, limit);
            List<SessionEvent> events = new ArrayList<>(limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    long userId = row.getLong(5);
                    Long user = row.wasNull() ? null : userId;
                    events.add(new SessionEvent(row.getLong(1), row.getLong(2), EventType.ofLabel(row.getString(3)),
                            Utc.fromColumn(row.getObject(4, LocalDateTime.class)), user, row.getString(6),
                            row.getString(7), EventOutbox.decode(row.getString(8))));
                }
            }
            return events;
        }
    }
}
