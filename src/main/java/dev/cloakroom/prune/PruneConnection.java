package dev.cloakroom.prune;

import dev.cloakroom.db.LongStatements;
import dev.cloakroom.db.Utc;
import dev.cloakroom.events.EndedSession;
import dev.cloakroom.events.EventOutbox;
import dev.cloakroom.events.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The connection of one prune run, with the statements a chunk runs. It is in autocommit and
 * READ COMMITTED: every statement is its own short transaction, and none takes the gap or
 * next-key locks that would block the inserts and touches of live traffic. Reads are consistent
 * reads (no locks); every delete checks the expiry again, so a session touched since it was read
 * stays. A statement may wait on live traffic's row locks for longer than a request may wait, so
 * the connection's network timeout is raised ({@link LongStatements}). Closing it restores the
 * isolation level and the timeout before the connection goes back to the pool.
 */
class PruneConnection implements AutoCloseable {

    /**
     * Exact to the microsecond, unlike a bound {@link LocalDateTime}: Connector/J drops the
     * fraction when it binds one against MariaDB, and the index walk must resume exactly after
     * the last key it read.
     */
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** A key window read row by row: the window, and its expired sessions in key order. */
    record KeyWindowRows(KeyWindow window, List<ExpiryKey> expired) {
    }

    private final Connection connection;
    private final EventOutbox events;
    private final int isolationBefore;
    private final int networkTimeoutBefore;

    PruneConnection(Connection connection, EventOutbox events) throws SQLException {
        this.connection = connection;
        this.events = events;
        try {
            this.isolationBefore = connection.getTransactionIsolation();
            connection.setAutoCommit(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            this.networkTimeoutBefore = LongStatements.allow(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Up to {@code limit} sessions that expired before {@code cutoff}, in index order, after
     * {@code after} when given. Continuing after the last key seen, rather than from the start of
     * the index each time, never walks again over the delete-marked entries of earlier chunks
     * that InnoDB has not purged yet.
     */
    List<ExpiryKey> findExpiredCandidates(Instant cutoff, Optional<ExpiryKey> after, int limit)
            throws SQLException {
        String sql = after.isEmpty()
                ? "SELECT id, expires_at FROM sessions WHERE expires_at < ?"
                        + " ORDER BY expires_at, id LIMIT ?"
                // the expanded form of (expires_at, id) > (?, ?): MariaDB does not turn a
                // row comparison into an index range, and both engines do with this one
                : "SELECT id, expires_at FROM sessions WHERE expires_at < ?"
                        + " AND expires_at >= ? AND (expires_at > ? OR id > ?)"
                        + " ORDER BY expires_at, id LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            select.setObject(i++, Utc.toColumn(cutoff));
            if (after.isPresent()) {
                String last = EXACT.format(after.get().expiresAt());
                select.setString(i++, last);
                select.setString(i++, last);
                select.setLong(i++, after.get().id());
            }
            select.setInt(i, limit);
            return expiryKeys(select, limit);
        }
    }

    /**
     * The next {@code limit} sessions after {@code afterId} in primary-key order, live or
     * expired, summed up by the server: how many, the first and last id, and how many expired
     * before {@code cutoff} (decided by the server, to the microsecond). Where a backlog is dense
     * in key order, reading it this way visits each table page once for all the rows on it, where
     * the {@code expires_at} order jumps between pages; and no row crosses the wire.
     */
    KeyWindow summarizeByKey(Instant cutoff, long afterId, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*), MIN(id), MAX(id), COALESCE(SUM(CASE WHEN expires_at < ? THEN 1 ELSE 0 END), 0)"
                        + " FROM (SELECT id, expires_at FROM sessions WHERE id > ? ORDER BY id LIMIT ?) w")) {
            select.setObject(1, Utc.toColumn(cutoff));
            select.setLong(2, afterId);
            select.setInt(3, limit);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                int rows = row.getInt(1);
                return rows == 0
                        ? new KeyWindow(0, afterId, afterId, 0)
                        : new KeyWindow(rows, row.getLong(2), row.getLong(3), row.getInt(4));
            }
        }
    }

    /**
     * The sessions of {@code window} that expired before {@code cutoff}, in key order: for a
     * window that held live sessions too, so that its delete goes by id. At most as many as the
     * window held.
     */
    List<ExpiryKey> expiredInWindow(Instant cutoff, KeyWindow window) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, expires_at FROM sessions WHERE id >= ? AND id <= ? AND expires_at < ?"
                        + " ORDER BY id LIMIT ?")) {
            select.setLong(1, window.firstId());
            select.setLong(2, window.lastId());
            select.setObject(3, Utc.toColumn(cutoff));
            select.setInt(4, Math.max(1, window.rows()));
            return expiryKeys(select, window.rows());
        }
    }

    /**
     * As {@link #summarizeByKey}, but row by row, with the expired sessions among them: one plain
     * read, for engines that should not get a derived table (with range deletes off).
     */
    KeyWindowRows readByKey(Instant cutoff, long afterId, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, expires_at, expires_at < ? FROM sessions WHERE id > ? ORDER BY id LIMIT ?")) {
            select.setObject(1, Utc.toColumn(cutoff));
            select.setLong(2, afterId);
            select.setInt(3, limit);
            int rows = 0;
            long firstId = afterId;
            long lastId = afterId;
            List<ExpiryKey> expired = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    lastId = row.getLong(1);
                    if (rows++ == 0) {
                        firstId = lastId;
                    }
                    if (row.getBoolean(3)) {
                        expired.add(new ExpiryKey(row.getObject(2, LocalDateTime.class), lastId));
                    }
                }
            }
            return new KeyWindowRows(new KeyWindow(rows, firstId, lastId, expired.size()), expired);
        }
    }

    /** The rows of a {@code SELECT id, expires_at ...}, in the order read. */
    private static List<ExpiryKey> expiryKeys(PreparedStatement select, int expected) throws SQLException {
        List<ExpiryKey> keys = new ArrayList<>(expected);
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                keys.add(new ExpiryKey(row.getObject(2, LocalDateTime.class), row.getLong(1)));
            }
        }
        return keys;
    }

    /**
     * Deletes a chunk's candidates that are still expired before {@code cutoff}: by id range for
     * a key window all of whose rows had expired, else by id. Returns how many went. With events
     * on, the chunk is one transaction that also writes one {@code expire} event naming the
     * users' sessions among them (guests' are no events): they are locked first, so exactly
     * those named are deleted. Without events it stays a single statement in autocommit.
     */
    int delete(Candidates candidates, Instant cutoff) throws SQLException {
        if (!events.enabled()) {
            return deleteRows(candidates, cutoff);
        }
        connection.setAutoCommit(false);
        try {
            List<EndedSession> ended = lockExpiredOfUsers(candidates, cutoff);
            int gone = deleteRows(candidates, cutoff);
            if (!ended.isEmpty()) {
                events.record(connection, NewEvent.expired(Utc.now(), ended));
            }
            connection.commit();
            return gone;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private int deleteRows(Candidates candidates, Instant cutoff) throws SQLException {
        Optional<KeyWindow> range = candidates.range();
        return range.isPresent()
                ? deleteExpiredRange(range.get().firstId(), range.get().lastId(), range.get().rows(), cutoff)
                : deleteExpiredChunk(ids(candidates), cutoff);
    }

    private static List<Long> ids(Candidates candidates) {
        return candidates.listed().orElseThrow().stream().map(ExpiryKey::id).toList();
    }

    /**
     * Locks the users' sessions among the candidates that are still expired before {@code
     * cutoff}, the very rows the delete then removes (the same conditions, and a locked row
     * cannot be touched meanwhile), and answers their public ids and users. In READ COMMITTED a
     * row that does not match is not kept locked.
     */
    private List<EndedSession> lockExpiredOfUsers(Candidates candidates, Instant cutoff) throws SQLException {
        Optional<KeyWindow> range = candidates.range();
        List<Long> ids = range.isPresent() ? List.of() : ids(candidates);
        if (range.isEmpty() && ids.isEmpty()) {
            return List.of();
        }
        String where = range.isPresent() ? "id >= ? AND id <= ?" : "id IN (" + placeholders(ids.size()) + ")";
        try (PreparedStatement select = connection.prepareStatement("SELECT public_id, user_id FROM sessions WHERE "
                + where + " AND expires_at < ? AND user_id IS NOT NULL FOR UPDATE")) {
            int i = 1;
            if (range.isPresent()) {
                select.setLong(i++, range.get().firstId());
                select.setLong(i++, range.get().lastId());
            } else {
                for (Long id : ids) {
                    select.setLong(i++, id);
                }
            }
            select.setObject(i, Utc.toColumn(cutoff));
            List<EndedSession> ended = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ended.add(new EndedSession(row.getString(1), row.getLong(2)));
                }
            }
            return ended;
        }
    }

    private static String placeholders(int count) {
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < count; i++) {
            marks.append(i == 0 ? "?" : ",?");
        }
        return marks.toString();
    }

    /** Deletes these sessions by primary key, each only if still expired; at most {@code ids.size()} rows. */
    private int deleteExpiredChunk(List<Long> ids, Instant cutoff) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM sessions WHERE id IN (" + placeholders(ids.size()) + ") AND expires_at < ?")) {
            int i = 1;
            for (Long id : ids) {
                delete.setLong(i++, id);
            }
            delete.setObject(i, Utc.toColumn(cutoff));
            return delete.executeUpdate();
        }
    }

    /**
     * Deletes the sessions with ids from {@code firstId} to {@code lastId} that are still expired,
     * in key order, at most {@code limit}: one range scan of the primary key instead of
     * {@code limit} separate look-ups.
     */
    private int deleteExpiredRange(long firstId, long lastId, int limit, Instant cutoff) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM sessions WHERE id >= ? AND id <= ? AND expires_at < ? ORDER BY id LIMIT ?")) {
            delete.setLong(1, firstId);
            delete.setLong(2, lastId);
            delete.setObject(3, Utc.toColumn(cutoff));
            delete.setInt(4, limit);
            return delete.executeUpdate();
        }
    }

    /**
     * Deletes up to {@code limit} session events that occurred before {@code cutoff}, oldest
     * first, along their time index; returns how many went. Read or not: retention is the
     * promise readers get.
     */
    int deleteEventsBefore(Instant cutoff, int limit) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM session_events WHERE occurred_at < ? ORDER BY occurred_at LIMIT ?")) {
            delete.setObject(1, Utc.toColumn(cutoff));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        }
    }

    /**
     * InnoDB's history list length: undo records the purge threads have not caught up with.
     * Every delete adds to it; while it is long, every read walks longer version chains. The same
     * query works on MySQL and MariaDB (it needs the PROCESS privilege on MySQL). It is read on
     * the run's own connection: a second one from the pool would queue behind the traffic's
     * requests exactly when the database is loaded. Empty when this account or engine cannot
     * read it; the connection stays usable either way.
     */
    OptionalLong historyLength() {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count FROM information_schema.INNODB_METRICS WHERE name = 'trx_rseg_history_len'");
                ResultSet row = select.executeQuery()) {
            return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
        } catch (SQLException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.setTransactionIsolation(isolationBefore);
            LongStatements.restore(connection, networkTimeoutBefore);
        } finally {
            connection.close();
        }
    }
}
