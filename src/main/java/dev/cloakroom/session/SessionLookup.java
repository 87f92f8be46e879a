package dev.cloakroom.session;

import dev.cloakroom.db.DatabaseException;
import dev.cloakroom.db.Utc;
import dev.cloakroom.session.SessionTokens.Presented;
import dev.cloakroom.user.User;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The statements every authenticated request runs: finding the live session a token names, and
 * at most once per touch interval moving its last-seen forward. They run on a pooled connection
 * in autocommit, outside any transaction and outside Hibernate: one read is one statement and
 * one round trip, with nothing to begin, commit or flush, and no managed entity built for an
 * answer that is only read. Each is a single statement, so autocommit loses nothing: the read
 * sees one committed state of the row, and the touch's condition makes it monotonic on its own.
 */
@ApplicationScoped
public class SessionLookup {

    private static final String FIND_LIVE = "SELECT s.public_id, s.token_hash, s.data, s.version, s.created_at,"
            + " s.last_seen_at, s.absolute_expires_at, s.expires_at, s.credential_version, s.authenticated_at,"
            + " u.id, u.login_name, u.login_key, u.role, u.credential_version"
            + " FROM sessions s LEFT JOIN users u ON u.id = s.user_id"
            + " WHERE s.id = ? AND s.expires_at > ?";

    private static final String TOUCH = "UPDATE sessions SET last_seen_at = ?, expires_at = ?"
            + " WHERE id = ? AND last_seen_at < ?";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LookupLatency lookupLatency;

    @Inject
    SessionMetrics metrics;

    /**
     * The live session a token names, with its user: found by primary key, then the stored hash
     * is compared with the token's in constant time. The session is a plain object (not managed),
     * without the user agent and address, which only the session list shows, and its user without
     * the password hash. Its duration goes to
     * {@link LookupLatency}, which the pruner paces on, and to the lookup timer.
     */
    public Optional<Session> findLive(Presented token, Instant now) {
        long start = System.nanoTime();
        Session found;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(FIND_LIVE)) {
            select.setLong(1, token.sessionId());
            select.setObject(2, Utc.toColumn(now));
            try (ResultSet row = select.executeQuery()) {
                found = row.next() ? sessionOf(token.sessionId(), row) : null;
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
        long nanos = System.nanoTime() - start;
        lookupLatency.record(nanos);
        metrics.lookedUp(nanos);
        if (found == null || !token.matches(found.tokenHash) || found.outlivedItsPassword()) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    /**
     * Moves last-seen (and with it the idle expiry) forward, but only when the stored value is
     * older than {@code staleBefore}: at most one write per touch interval, and never backwards.
     */
    public boolean touchIfStale(long id, Instant now, Instant expiresAt, Instant staleBefore) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(TOUCH)) {
            update.setObject(1, Utc.toColumn(now));
            update.setObject(2, Utc.toColumn(expiresAt));
            update.setLong(3, id);
            update.setObject(4, Utc.toColumn(staleBefore));
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private static Session sessionOf(long id, ResultSet row) throws SQLException {
        Session session = new Session();
        session.id = id;
        session.publicId = row.getString(1);
        session.tokenHash = row.getBytes(2);
        session.data = row.getString(3);
        session.version = row.getLong(4);
        session.createdAt = instant(row, 5);
        session.lastSeenAt = instant(row, 6);
        session.absoluteExpiresAt = instant(row, 7);
        session.expiresAt = instant(row, 8);
        session.credentialVersion = row.getLong(9);
        session.authenticatedAt = instant(row, 10);
        long userId = row.getLong(11);
        if (!row.wasNull()) {
            User user = new User();
            user.id = userId;
            user.loginName = row.getString(12);
            user.loginKey = row.getString(13);
            user.role = row.getString(14);
            user.credentialVersion = row.getLong(15);
            session.user = user;
        }
        return session;
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        return Utc.fromColumn(row.getObject(column, LocalDateTime.class));
    }
}
