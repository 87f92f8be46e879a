package dev.cloakroom.user;

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
import java.util.Optional;

/** Failed-login counters per login name, in {@code login_failures}; shared by all instances. */
@ApplicationScoped
public class LoginFailureRepository {

    @Inject
    AgroalDataSource dataSource;

    public record Window(int failures, Instant startedAt) {
    }

    public Optional<Window> findWindow(String loginKey) {
        List<?> rows = em().createNativeQuery(
                        "SELECT failures, window_started_at FROM login_failures WHERE login_key = ?1")
                .setParameter(1, loginKey)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Window(((Number) row[0]).intValue(), Utc.fromColumn((LocalDateTime) row[1])));
    }

    /**
     * Counts one failure. A window that started before {@code windowStartLimit} is over, and the
     * count starts again at one. MySQL applies the assignments left to right, so the failures
     * assignment still sees the old window start.
     */
    public void recordFailure(String loginKey, Instant now, Instant windowStartLimit) {
        em().createNativeQuery("INSERT INTO login_failures (login_key, failures, window_started_at)"
                        + " VALUES (?1, 1, ?2)"
                        + " ON DUPLICATE KEY UPDATE"
                        + " failures = IF(window_started_at < ?3, 1, failures + 1),"
                        + " window_started_at = IF(window_started_at < ?3, ?2, window_started_at)")
                .setParameter(1, loginKey)
                .setParameter(2, Utc.toColumn(now))
                .setParameter(3, Utc.toColumn(windowStartLimit))
                .executeUpdate();
    }

    public void clear(String loginKey) {
        em().createNativeQuery("DELETE FROM login_failures WHERE login_key = ?1")
                .setParameter(1, loginKey)
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
