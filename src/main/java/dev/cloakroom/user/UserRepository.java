package dev.cloakroom.user;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
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

    static String loginKeyOf(String loginName) {
        return loginName.toLowerCase(Locale.ROOT);
    }
}
