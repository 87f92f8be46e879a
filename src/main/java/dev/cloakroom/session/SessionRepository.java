package dev.cloakroom.session;

import dev.cloakroom.db.DatabaseException;
import dev.cloakroom.db.LongStatements;
import dev.cloakroom.db.Utc;
import dev.cloakroom.events.EndedSession;
import dev.cloakroom.session.SessionTokens.Presented;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Every statement on the {@code sessions} table. Rows are never written through Hibernate's
 * dirty checking: a flush writes every column, and a touch must not overwrite data a concurrent
 * request has just saved. Writes are explicit statements with the columns they mean.
 */
@ApplicationScoped
public class SessionRepository implements PanacheRepository<Session> {

    @Inject
    AgroalDataSource dataSource;

    /**
     * The live session a token names, its user fetched, the row locked until the transaction
     * ends. (A plain read goes through {@link SessionLookup}.) The locking read comes first, so
     * the entity read after it sees the latest committed data (a consistent read before it would
     * fix the transaction's snapshot earlier). A token with the right id
     * and a wrong secret holds the lock only until its request fails a moment later. The lock is
     * a plain {@code SELECT ... FOR UPDATE}: Hibernate's MySQL dialect adds {@code OF alias} when
     * the query joins, which MariaDB does not accept.
     */
    public Optional<Session> lockLive(Presented token, Instant now) {
        return lockLive(token.sessionId(), token.secretHash(), now);
    }

    /** As {@link #lockLive(Presented, Instant)}, for a session by id and the token hash it must still have. */
    public Optional<Session> lockLive(long id, byte[] tokenHash, Instant now) {
        List<?> hashes = getEntityManager()
                .createNativeQuery("SELECT token_hash FROM sessions WHERE id = ?1 AND expires_at > ?2 FOR UPDATE")
                .setParameter(1, id)
                .setParameter(2, Utc.toColumn(now))
                .getResultList();
        if (hashes.isEmpty() || !SessionTokens.sameHash((byte[]) hashes.get(0), tokenHash)) {
            return Optional.empty();
        }
        Optional<Session> found = find("from Session s left join fetch s.user where s.id = ?1", id)
                .firstResultOptional();
        found.ifPresent(getEntityManager()::detach);
        return found.filter(session -> !session.outlivedItsPassword());
    }

    /**
     * Deletes the session a token names, live or expired; empty when there is none. Answers the
     * session that ended, for its event.
     */
    public Optional<EndedSession> deleteByToken(Presented token) {
        List<?> rows = getEntityManager()
                .createNativeQuery("SELECT token_hash, public_id, user_id FROM sessions WHERE id = ?1")
                .setParameter(1, token.sessionId())
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        if (!token.matches((byte[]) row[0]) || !deleteSession(token.sessionId())) {
            return Optional.empty();
        }
        return Optional.of(new EndedSession((String) row[1], row[2] == null ? null : ((Number) row[2]).longValue()));
    }

    public List<Session> findLiveByUser(long userId, Instant now) {
        List<Session> found = list("user.id = ?1 and expiresAt > ?2 and credentialVersion = user.credentialVersion"
                + " order by createdAt desc, id desc", userId, now);
        found.forEach(getEntityManager()::detach);
        return found;
    }

    /**
     * Public ids have no index of their own (a random key costs a random page read per insert
     * and per prune delete): the user's index narrows the search to their few live sessions.
     */
    public Optional<Session> findLiveByPublicIdAndUser(String publicId, long userId, Instant now) {
        return find("user.id = ?1 and expiresAt > ?2 and publicId = ?3 and credentialVersion = user.credentialVersion",
                userId, now, publicId).firstResultOptional();
    }

    /** What a data write needs of its row, read under the row's lock. */
    public record LockedData(String data, long version, Instant lastSeenAt, Instant absoluteExpiresAt,
            long credentialVersion) {
    }

    private static final String LOCK_DATA = "SELECT token_hash, data, version, last_seen_at, absolute_expires_at,"
            + " credential_version FROM sessions WHERE id = ? AND expires_at > ? FOR UPDATE";

    private static final String WRITE_DATA = "UPDATE sessions SET data = ?, version = ?, last_seen_at = ?,"
            + " expires_at = ? WHERE id = ?";

    /**
     * The data of a live session, its row locked until the transaction ends, when the row still
     * has the token hash the request was authenticated with (a password change may have rotated
     * it since). One statement on the transaction's connection, without Hibernate: a data write
     * is this read and {@link #writeData}, nothing else.
     */
    public Optional<LockedData> lockData(long id, byte[] tokenHash, Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(LOCK_DATA)) {
            select.setLong(1, id);
            select.setObject(2, Utc.toColumn(now));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || !SessionTokens.sameHash(row.getBytes(1), tokenHash)) {
                    return Optional.empty();
                }
                return Optional.of(new LockedData(row.getString(2), row.getLong(3),
                        Utc.fromColumn(row.getObject(4, LocalDateTime.class)),
                        Utc.fromColumn(row.getObject(5, LocalDateTime.class)), row.getLong(6)));
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Writes data into a row locked by {@link #lockData}, with its new version. */
    public void writeData(long id, String data, long newVersion, Instant lastSeenAt, Instant expiresAt) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(WRITE_DATA)) {
            update.setString(1, data);
            update.setLong(2, newVersion);
            update.setObject(3, Utc.toColumn(lastSeenAt));
            update.setObject(4, Utc.toColumn(expiresAt));
            update.setLong(5, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /**
     * Gives the session a new token hash and credential version, after its user typed the
     * password at {@code authenticatedAt}: its old token stops working at once.
     */
    public boolean rotate(long id, byte[] tokenHash, long credentialVersion, Instant authenticatedAt) {
        return getEntityManager()
                .createNativeQuery("UPDATE sessions SET token_hash = ?1, credential_version = ?2, authenticated_at = ?3"
                        + " WHERE id = ?4")
                .setParameter(1, tokenHash)
                .setParameter(2, credentialVersion)
                .setParameter(3, Utc.toColumn(authenticatedAt))
                .setParameter(4, id)
                .executeUpdate() == 1;
    }

    /** The session with its user, as stored now; detached. */
    public Optional<Session> findWithUser(long id) {
        Optional<Session> found = find("from Session s left join fetch s.user where s.id = ?1", id).firstResultOptional();
        found.ifPresent(getEntityManager()::detach);
        return found;
    }

    public boolean deleteSession(long id) {
        return delete("id", id) > 0;
    }

    /** Ends the user's live sessions except {@code keepId}; returns the public ids of those that were live. */
    public List<String> deleteLiveOfUserExcept(long userId, long keepId, Instant now) {
        return deleteLocked("SELECT id, public_id FROM sessions WHERE user_id = ?1 AND id <> ?2 AND expires_at > ?3"
                + " FOR UPDATE", userId, keepId, Utc.toColumn(now));
    }

    /** Ends every live session of the user; returns the public ids of those there were. */
    public List<String> deleteLiveOfUser(long userId, Instant now) {
        return deleteLocked("SELECT id, public_id FROM sessions WHERE user_id = ?1 AND expires_at > ?2 FOR UPDATE",
                userId, Utc.toColumn(now));
    }

    /** A session's row id and public id. */
    public record SessionKey(long id, String publicId) {
    }

    /**
     * The user's live sessions (unexpired, opened with the current credential version), most
     * recently used first, locked until the transaction ends.
     */
    public List<SessionKey> lockLiveOfUserByLastUse(long userId, long credentialVersion, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager()
                .createNativeQuery("SELECT id, public_id FROM sessions WHERE user_id = ?1 AND expires_at > ?2"
                        + " AND credential_version = ?3 ORDER BY last_seen_at DESC, id DESC FOR UPDATE")
                .setParameter(1, userId)
                .setParameter(2, Utc.toColumn(now))
                .setParameter(3, credentialVersion)
                .getResultList();
        return rows.stream().map(row -> new SessionKey(((Number) row[0]).longValue(), (String) row[1])).toList();
    }

    /**
     * Locks the rows {@code select} finds ({@code id, public_id}), deletes them by primary key,
     * and answers their public ids: what ended is exactly what the event will name.
     */
    private List<String> deleteLocked(String select, Object... parameters) {
        var query = getEntityManager().createNativeQuery(select);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        deleteByIds(rows.stream().map(row -> ((Number) row[0]).longValue()).toList());
        return rows.stream().map(row -> (String) row[1]).toList();
    }

    /** Deletes these sessions by primary key. */
    public void deleteByIds(List<Long> ids) {
        if (!ids.isEmpty()) {
            delete("id in ?1", ids);
        }
    }

    /** All sessions, those no longer live at a moment, and the earliest expiry of any (null when empty). */
    public record SessionCounts(long total, long expired, Instant earliestExpiresAt) {
    }

    /**
     * Counts for operators: one pass over the {@code expires_at} index (it covers the query), so
     * it reads every session's index entry. Not for a hot path. On millions of sessions that
     * takes longer than a request may wait, so its connection's network timeout is raised
     * ({@link LongStatements}) and put back before the connection returns to the pool.
     */
    public SessionCounts countSessions(Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            int networkTimeout = LongStatements.allow(connection);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*), COALESCE(SUM(expires_at <= ?), 0), MIN(expires_at) FROM sessions")) {
                select.setObject(1, Utc.toColumn(now));
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return new SessionCounts(row.getLong(1), row.getLong(2),
                            Utc.fromColumn(row.getObject(3, LocalDateTime.class)));
                }
            } finally {
                LongStatements.restore(connection, networkTimeout);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
