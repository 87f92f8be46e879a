package dev.cloakroom.user;

import dev.cloakroom.db.SqlErrors;
import dev.cloakroom.db.Utc;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Failed-login counters in {@code login_failures}, shared by all instances: one row per login
 * name (its login key) and one per client address ({@link LoginThrottle} keys them apart).
 */
@ApplicationScoped
public class LoginFailureRepository {

    @Inject
    AgroalDataSource dataSource;

    /** A counter: attempts within the window, and when the window started. */
    public record Window(int failures, Instant startedAt) {
    }

    /**
     * Makes sure a counter row exists for each key (a new one counts nothing yet): a statement of
     * its own, in autocommit, outside any transaction. Counting then only ever updates an
     * existing row, and concurrent counts queue on its record lock; an upsert inside the counting
     * transaction would lock the gap where a new row goes, and parallel attempts deadlock there.
     */
    public void ensureCounters(List<String> keys, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT IGNORE INTO login_failures (login_key, failures, window_started_at) VALUES (?, 0, ?)")) {
            for (String key : keys) {
                insert.setString(1, key);
                insert.setObject(2, Utc.toColumn(now));
                insertIgnoringRaces(insert);
            }
        }
    }

    /**
     * Two first attempts for one key insert the same new row at once, and InnoDB may pick one
     * of them as a deadlock victim: the row is there either way, so the statement just runs again.
     */
    private static void insertIgnoringRaces(PreparedStatement insert) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                insert.executeUpdate();
                return;
            } catch (SQLException e) {
                if (!SqlErrors.isRetryable(e) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Counts one attempt and reads the counter back, inside the caller's transaction (the row
     * stays locked until it ends). A window that started before {@code windowStartLimit} is over,
     * and the count starts again at one. MySQL applies the assignments left to right, so the
     * failures assignment still sees the old window start. A row deleted since {@link
     * #ensureCounters} (its window had ended) is made again.
     */
    public Window count(String key, Instant now, Instant windowStartLimit) {
        int updated = em().createNativeQuery("UPDATE login_failures SET"
                        + " failures = IF(window_started_at < ?1, 1, failures + 1),"
                        + " window_started_at = IF(window_started_at < ?1, ?2, window_started_at)"
                        + " WHERE login_key = ?3")
                .setParameter(1, Utc.toColumn(windowStartLimit))
                .setParameter(2, Utc.toColumn(now))
                .setParameter(3, key)
                .executeUpdate();
        if (updated == 0) {
            em().createNativeQuery("INSERT INTO login_failures (login_key, failures, window_started_at) VALUES (?1, 1, ?2)")
                    .setParameter(1, key)
                    .setParameter(2, Utc.toColumn(now))
                    .executeUpdate();
        }
        Object[] row = (Object[]) em().createNativeQuery(
                        "SELECT failures, window_started_at FROM login_failures WHERE login_key = ?1")
                .setParameter(1, key)
                .getSingleResult();
        return new Window(((Number) row[0]).intValue(), Utc.fromColumn((LocalDateTime) row[1]));
    }

    public void clear(String key) {
        em().createNativeQuery("DELETE FROM login_failures WHERE login_key = ?1")
                .setParameter(1, key)
                .executeUpdate();
    }

    /** Takes one counted attempt back, if the counter has any. */
    public void takeBackOne(String key) {
        em().createNativeQuery("UPDATE login_failures SET failures = failures - 1 WHERE login_key = ?1 AND failures > 0")
                .setParameter(1, key)
                .executeUpdate();
    }

    /**
     * Deletes counters whose window started before {@code windowStartLimit}, oldest first, at
     * most {@code limit}; plain JDBC in autocommit, outside any transaction. Returns how many went.
     */
    public int deleteEndedWindows(Instant windowStartLimit, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM login_failures WHERE window_started_at < ? ORDER BY window_started_at LIMIT ?")) {
            delete.setObject(1, Utc.toColumn(windowStartLimit));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        }
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
