package dev.cloakroom.user;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@ApplicationScoped
public class UserRepository implements PanacheRepository<User> {

    public Optional<User> findByLoginName(String loginName) {
        return find("loginKey", loginKeyOf(loginName)).firstResultOptional();
    }

    public boolean existsByLoginName(String loginName) {
        return count("loginKey", loginKeyOf(loginName)) > 0;
    }

    /**
     * Locks the user's row until the transaction ends and answers its credential version as
     * it is now (a locking read sees the latest committed row).
     */
    public Optional<Long> lockForSessionChange(long userId) {
        List<?> versions = getEntityManager()
                .createNativeQuery("SELECT credential_version FROM users WHERE id = ?1 FOR UPDATE")
                .setParameter(1, userId)
                .getResultList();
        return versions.isEmpty() ? Optional.empty() : Optional.of(((Number) versions.get(0)).longValue());
    }

    static String loginKeyOf(String loginName) {
        return loginName.toLowerCase(Locale.ROOT);
    }
}
