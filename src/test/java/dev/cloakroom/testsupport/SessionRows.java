package dev.cloakroom.testsupport;

import dev.cloakroom.db.Utc;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/** Session rows written and read straight in the database, for store-level tests. */
@ApplicationScoped
public class SessionRows {

    private final SecureRandom random = new SecureRandom();

    @Inject
    AgroalDataSource dataSource;

    /** The same helpers over a data source of the caller's (outside a Quarkus test: the cluster tests). */
    public static SessionRows over(AgroalDataSource dataSource) {
        SessionRows rows = new SessionRows();
        rows.dataSource = dataSource;
        return rows;
    }

    /** {@code count} guest sessions that expire (or expired) at {@code expiresAt}; their ids in insert order. */
    public List<Long> insert(int count, Instant expiresAt) throws SQLException {
        return insert(count, expiresAt, null);
    }

    /**
     * One guest session under an id of the caller's choosing (the service never does this:
     * its ids come from auto-increment), expiring at {@code expiresAt}.
     */
    public void insertWithId(long id, Instant expiresAt) throws SQLException {
        insert(1, expiresAt, id);
    }

    private List<Long> insert(int count, Instant expiresAt, Long id) throws SQLException {
        LocalDateTime expiry = Utc.toColumn(expiresAt);
        LocalDateTime created = expiry.minusHours(1);
        List<Long> ids = new ArrayList<>(count);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO sessions (public_id, token_hash, user_id, data, version, created_at,"
                                + " last_seen_at, absolute_expires_at, expires_at, id)"
                                + " VALUES (?, ?, NULL, '{}', 1, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < count; i++) {
                byte[] publicId = new byte[16];
                byte[] tokenHash = new byte[32];
                random.nextBytes(publicId);
                random.nextBytes(tokenHash);
                insert.setString(1, Base64.getUrlEncoder().withoutPadding().encodeToString(publicId));
                insert.setBytes(2, tokenHash);
                insert.setObject(3, created);
                insert.setObject(4, created);
                insert.setObject(5, expiry);
                insert.setObject(6, expiry);
                insert.setObject(7, id); // NULL: the next auto-increment id
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    ids.add(keys.getLong(1));
                }
            }
        }
        return ids;
    }

    public List<Long> insertExpired(int count) throws SQLException {
        return insert(count, Instant.now().minusSeconds(3600));
    }

    public List<Long> insertLive(int count) throws SQLException {
        return insert(count, Instant.now().plusSeconds(3600));
    }

    /** How many of these ids still have a row. */
    public int countExisting(Collection<Long> ids) throws SQLException {
        int found = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM sessions WHERE id = ?")) {
            for (Long id : ids) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    found += row.getInt(1);
                }
            }
        }
        return found;
    }

    /** The ids of the sessions from {@code firstId} to {@code lastId}, live or not, in key order. */
    public List<Long> idsBetween(long firstId, long lastId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id FROM sessions WHERE id >= ? AND id <= ? ORDER BY id")) {
            select.setLong(1, firstId);
            select.setLong(2, lastId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getLong(1));
                }
            }
            return ids;
        }
    }

    public boolean exists(long id) throws SQLException {
        return countExisting(List.of(id)) == 1;
    }

    /** What a touch does to the expiry, committed at once on a connection of its own. */
    public void moveExpiry(long id, Instant expiresAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE id = ?")) {
            update.setObject(1, Utc.toColumn(expiresAt));
            update.setObject(2, Utc.toColumn(Instant.now()));
            update.setLong(3, id);
            update.executeUpdate();
        }
    }

    /**
     * Removes every expired session, whoever left it: a test that counts chunks starts from a
     * table whose expired rows are all its own.
     */
    public void removeAllExpired() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM sessions WHERE expires_at < ?")) {
            delete.setObject(1, Utc.toColumn(Instant.now().plusSeconds(1)));
            delete.executeUpdate();
        }
    }
}
