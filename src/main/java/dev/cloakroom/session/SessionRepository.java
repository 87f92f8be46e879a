package dev.cloakroom.session;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
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

    /** The live session with this token hash, its user fetched; detached so reads never write. */
    public Optional<Session> findLiveByTokenHash(byte[] tokenHash, LocalDateTime now) {
        Optional<Session> found = find("from Session s left join fetch s.user"
                + " where s.tokenHash = ?1 and s.expiresAt > ?2", tokenHash, now)
                .firstResultOptional();
        found.ifPresent(getEntityManager()::detach);
        return found;
    }

    /**
     * As {@link #findLiveByTokenHash}, with the row locked until the transaction ends. The lock
     * is taken by a plain {@code SELECT ... FOR UPDATE}: Hibernate's MySQL dialect adds
     * {@code OF alias} when the query joins, which MariaDB does not accept.
     */
    public Optional<Session> lockLiveByTokenHash(byte[] tokenHash, LocalDateTime now) {
        List<?> ids = getEntityManager()
                .createNativeQuery("SELECT id FROM sessions WHERE token_hash = ?1 AND expires_at > ?2 FOR UPDATE")
                .setParameter(1, tokenHash)
                .setParameter(2, now)
                .getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        long id = ((Number) ids.get(0)).longValue();
        Optional<Session> found = find("from Session s left join fetch s.user where s.id = ?1", id)
                .firstResultOptional();
        found.ifPresent(getEntityManager()::detach);
        return found;
    }

    public List<Session> findLiveByUser(long userId, LocalDateTime now) {
        List<Session> found = list("user.id = ?1 and expiresAt > ?2 order by createdAt desc, id desc",
                userId, now);
        found.forEach(getEntityManager()::detach);
        return found;
    }

    public Optional<Session> findLiveByPublicIdAndUser(String publicId, long userId, LocalDateTime now) {
        return find("publicId = ?1 and user.id = ?2 and expiresAt > ?3", publicId, userId, now)
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

    /** Writes data into a row locked by {@link #lockLiveByTokenHash}, with its new version. */
    public void writeData(long id, String data, long newVersion, LocalDateTime lastSeenAt, LocalDateTime expiresAt) {
        update("data = ?1, version = ?2, lastSeenAt = ?3, expiresAt = ?4 where id = ?5",
                data, newVersion, lastSeenAt, expiresAt, id);
    }

    public boolean deleteByTokenHash(byte[] tokenHash) {
        return delete("tokenHash", tokenHash) > 0;
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
}
