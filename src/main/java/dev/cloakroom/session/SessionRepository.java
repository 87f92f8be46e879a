package dev.cloakroom.session;

import dev.cloakroom.session.SessionTokens.Presented;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every statement on the {@code sessions} table. Rows are never written through Hibernate's
 * dirty checking: a flush writes every column, and a touch must not overwrite data a concurrent
 * request has just saved. Writes are explicit statements with the columns they mean.
 */
@ApplicationScoped
public class SessionRepository implements PanacheRepository<Session> {

    /** Exact to the microsecond, unlike a bound {@link LocalDateTime} (see {@link dev.cloakroom.Utc}). */
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LookupLatency lookupLatency;

    /**
     * The live session a token names, its user fetched; detached so reads never write. Found by
     * primary key, then the stored hash is compared with the token's in constant time. Its
     * duration goes to {@link LookupLatency}, which the pruner paces on.
     */
    public Optional<Session> findLive(Presented token, LocalDateTime now) {
        long start = System.nanoTime();
        Optional<Session> found = find("from Session s left join fetch s.user"
                + " where s.id = ?1 and s.expiresAt > ?2", token.sessionId(), now)
                .firstResultOptional();
        lookupLatency.record(System.nanoTime() - start);
        found.ifPresent(getEntityManager()::detach);
        return found.filter(session -> token.matches(session.tokenHash));
    }

    /**
     * As {@link #findLive}, with the row locked until the transaction ends. The locking read
     * comes first, so the entity read after it sees the latest committed data (a consistent
     * read before it would fix the transaction's snapshot earlier). A token with the right id
     * and a wrong secret holds the lock only until its request fails a moment later. The lock is
     * a plain {@code SELECT ... FOR UPDATE}: Hibernate's MySQL dialect adds {@code OF alias} when
     * the query joins, which MariaDB does not accept.
     */
    public Optional<Session> lockLive(Presented token, LocalDateTime now) {
        List<?> hashes = getEntityManager()
                .createNativeQuery("SELECT token_hash FROM sessions WHERE id = ?1 AND expires_at > ?2 FOR UPDATE")
                .setParameter(1, token.sessionId())
                .setParameter(2, now)
                .getResultList();
        if (!storedHashMatches(hashes, token)) {
            return Optional.empty();
        }
        Optional<Session> found = find("from Session s left join fetch s.user where s.id = ?1", token.sessionId())
                .firstResultOptional();
        found.ifPresent(getEntityManager()::detach);
        return found;
    }

    /** Deletes the session a token names, live or expired; false when there is none. */
    public boolean deleteByToken(Presented token) {
        List<?> hashes = getEntityManager()
                .createNativeQuery("SELECT token_hash FROM sessions WHERE id = ?1")
                .setParameter(1, token.sessionId())
                .getResultList();
        return storedHashMatches(hashes, token) && deleteSession(token.sessionId());
    }

    /** Whether a {@code SELECT token_hash ... WHERE id = ?} found the row and it is the token's. */
    private static boolean storedHashMatches(List<?> hashes, Presented token) {
        return !hashes.isEmpty() && token.matches((byte[]) hashes.get(0));
    }

    public List<Session> findLiveByUser(long userId, LocalDateTime now) {
        List<Session> found = list("user.id = ?1 and expiresAt > ?2 order by createdAt desc, id desc",
                userId, now);
        found.forEach(getEntityManager()::detach);
        return found;
    }

    /**
     * Public ids have no index of their own (a random key costs a random page read per insert
     * and per prune delete): the user's index narrows the search to their few live sessions.
     */
    public Optional<Session> findLiveByPublicIdAndUser(String publicId, long userId, LocalDateTime now) {
        return find("user.id = ?1 and expiresAt > ?2 and publicId = ?3", userId, now, publicId)
                .firstResultOptional();
    }

    /**
     * Moves last-seen (and with it the idle expiry) forward, but only when the stored value is
     * older than {@code staleBefore}: at most one write per touch interval, and never backwards.
     */
    public boolean touchIfStale(long id, LocalDateTime now, LocalDateTime expiresAt, LocalDateTime staleBefore) {
        return update("lastSeenAt = ?1, expiresAt = ?2 where id = ?3 and lastSeenAt < ?4",
                now, expiresAt, id, staleBefore) == 1;
    }

    /** Writes data into a row locked by {@link #lockLive}, with its new version. */
    public void writeData(long id, String data, long newVersion, LocalDateTime lastSeenAt, LocalDateTime expiresAt) {
        update("data = ?1, version = ?2, lastSeenAt = ?3, expiresAt = ?4 where id = ?5",
                data, newVersion, lastSeenAt, expiresAt, id);
    }

    public boolean deleteSession(long id) {
        return delete("id", id) > 0;
    }

    /** Ends the user's live sessions except {@code keepId}; returns how many were live. */
    public long deleteLiveOfUserExcept(long userId, long keepId, LocalDateTime now) {
        return delete("user.id = ?1 and id <> ?2 and expiresAt > ?3", userId, keepId, now);
    }

    /** Ends every live session of the user; returns how many there were. */
    public long deleteLiveOfUser(long userId, LocalDateTime now) {
        return delete("user.id = ?1 and expiresAt > ?2", userId, now);
    }

    // --- pruning and statistics: plain JDBC, outside any JTA transaction ----------------------

    /** A position in the {@code expires_at} index: the pruner's walk continues after it. */
    public record ExpiryKey(LocalDateTime expiresAt, long id) {
    }

    /**
     * Up to a chunk's worth of sessions along the primary key: how many rows the window held,
     * live or not, the ids of its first and last row (the walk continues after the last), and how
     * many of them had expired.
     */
    public record KeyWindow(int rows, long firstId, long lastId, int expired) {

        /** Whether every row of the window had expired (and it held any). */
        public boolean allExpired() {
            return rows > 0 && expired == rows;
        }
    }

    /** A key window read row by row: the window, and its expired sessions in key order. */
    public record KeyWindowRows(KeyWindow window, List<ExpiryKey> expired) {
    }

    /**
     * How many sessions expired before a moment (exact, or the server's estimate above a bound),
     * and the earliest expiry among them (null when none).
     */
    public record ExpiredBacklog(long count, LocalDateTime oldestExpiresAt, boolean exact) {
    }

    /** All sessions, those no longer live at a moment, and the earliest expiry of any (null when empty). */
    public record SessionCounts(long total, long expired, LocalDateTime earliestExpiresAt) {
    }

    /**
     * A connection for one prune run, in autocommit and READ COMMITTED: every statement is its
     * own short transaction, and none takes gap or next-key locks that would block the inserts
     * and touches of live traffic. Open it outside any JTA transaction; closing it restores the
     * isolation level before the connection goes back to the pool.
     */
    public PruneConnection openPruneConnection() throws SQLException {
        return new PruneConnection(dataSource.getConnection());
    }

    public static final class PruneConnection implements AutoCloseable {

        private final Connection connection;
        private final int isolationBefore;

        PruneConnection(Connection connection) throws SQLException {
            this.connection = connection;
            try {
                this.isolationBefore = connection.getTransactionIsolation();
                connection.setAutoCommit(true);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }

        /**
         * Up to {@code limit} sessions that expired before {@code cutoff}, in index order, after
         * {@code after} when given. A consistent read: no locks. Continuing after the last key
         * seen, rather than from the start of the index each time, never walks again over the
         * delete-marked entries of earlier chunks that InnoDB has not purged yet.
         */
        public List<ExpiryKey> findExpiredCandidates(LocalDateTime cutoff, Optional<ExpiryKey> after, int limit)
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
                select.setObject(i++, cutoff);
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
         * expired, summed up by the server: how many, the first and last id, and how many
         * expired before {@code cutoff} (decided by the server, to the microsecond). A consistent
         * read: no locks. Where a backlog is dense in key order, reading it this way visits each
         * table page once for all the rows on it, where the {@code expires_at} order jumps
         * between pages; and no row crosses the wire, where a window read row by row sent a
         * thousand of them to be parsed and dropped (without traffic that read took a quarter of
         * a full-speed run's time, and the service a quarter more CPU).
         */
        public KeyWindow summarizeByKey(LocalDateTime cutoff, long afterId, int limit) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*), MIN(id), MAX(id), COALESCE(SUM(CASE WHEN expires_at < ? THEN 1 ELSE 0 END), 0)"
                            + " FROM (SELECT id, expires_at FROM sessions WHERE id > ? ORDER BY id LIMIT ?) w")) {
                select.setObject(1, cutoff);
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
         * window that held live sessions too, so that its delete goes by id. A consistent read:
         * no locks. At most as many as the window held.
         */
        public List<ExpiryKey> expiredInWindow(LocalDateTime cutoff, KeyWindow window) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, expires_at FROM sessions WHERE id >= ? AND id <= ? AND expires_at < ?"
                            + " ORDER BY id LIMIT ?")) {
                select.setLong(1, window.firstId());
                select.setLong(2, window.lastId());
                select.setObject(3, cutoff);
                select.setInt(4, Math.max(1, window.rows()));
                return expiryKeys(select, window.rows());
            }
        }

        /**
         * As {@link #summarizeByKey}, but row by row, with the expired sessions among them: one
         * plain read, for engines that should not get a derived table (with range deletes off).
         */
        public KeyWindowRows readByKey(LocalDateTime cutoff, long afterId, int limit) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, expires_at, expires_at < ? FROM sessions WHERE id > ? ORDER BY id LIMIT ?")) {
                select.setObject(1, cutoff);
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
         * Deletes these sessions by primary key, each only if it is still expired before
         * {@code cutoff}: a session touched since it was read as a candidate stays. At most
         * {@code ids.size()} rows. Returns how many went.
         */
        public int deleteExpiredChunk(List<Long> ids, LocalDateTime cutoff) throws SQLException {
            if (ids.isEmpty()) {
                return 0;
            }
            StringBuilder sql = new StringBuilder("DELETE FROM sessions WHERE id IN (");
            for (int i = 0; i < ids.size(); i++) {
                sql.append(i == 0 ? "?" : ",?");
            }
            sql.append(") AND expires_at < ?");
            try (PreparedStatement delete = connection.prepareStatement(sql.toString())) {
                int i = 1;
                for (Long id : ids) {
                    delete.setLong(i++, id);
                }
                delete.setObject(i, cutoff);
                return delete.executeUpdate();
            }
        }

        /**
         * Deletes the sessions with ids from {@code firstId} to {@code lastId} that are still
         * expired before {@code cutoff}, in key order, at most {@code limit} of them: for a key
         * window every row of which had expired. One range scan of the primary key instead of
         * {@code limit} separate look-ups; a session touched since the window was read stays, as
         * with {@link #deleteExpiredChunk}. Returns how many went.
         */
        public int deleteExpiredRange(long firstId, long lastId, int limit, LocalDateTime cutoff) throws SQLException {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM sessions WHERE id >= ? AND id <= ? AND expires_at < ? ORDER BY id LIMIT ?")) {
                delete.setLong(1, firstId);
                delete.setLong(2, lastId);
                delete.setObject(3, cutoff);
                delete.setInt(4, limit);
                return delete.executeUpdate();
            }
        }

        /**
         * InnoDB's history list length: undo records the purge threads have not caught up with.
         * Every delete adds to it; while it is long, every read walks longer version chains. The
         * same query works on MySQL and MariaDB (it needs the PROCESS privilege on MySQL). Empty
         * when this account or engine cannot read it; the connection stays usable either way.
         */
        public OptionalLong historyLength() {
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
            } finally {
                connection.close();
            }
        }
    }

    /**
     * How many sessions expired before {@code cutoff}, and the earliest expiry among them: for
     * the pruner's gauges, so it must stay cheap on any backlog. Up to {@code exactUpTo} rows it
     * counts exactly (reading at most that many index entries); beyond, it takes the server's
     * estimate for the index range ({@code EXPLAIN}, a few index dives on InnoDB) and says so.
     * Counting 1.35 M entries took 4 s under load and pushed live pages out of the buffer pool.
     */
    public ExpiredBacklog measureExpiredBacklog(LocalDateTime cutoff, int exactUpTo) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
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
                return new ExpiredBacklog(0, null, true);
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
                return new ExpiredBacklog(counted, oldest, true);
            }
            return new ExpiredBacklog(Math.max(counted, estimateExpired(connection, cutoff)), oldest, false);
        }
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

    /**
     * Counts for operators: one pass over the {@code expires_at} index (it covers the query), so
     * it reads every session's index entry. Not for a hot path.
     */
    public SessionCounts countSessions(LocalDateTime now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT COUNT(*), COALESCE(SUM(expires_at <= ?), 0), MIN(expires_at) FROM sessions")) {
            select.setObject(1, now);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new SessionCounts(row.getLong(1), row.getLong(2), row.getObject(3, LocalDateTime.class));
            }
        }
    }
}
