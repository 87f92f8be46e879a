package dev.cloakroom;

import dev.cloakroom.prune.PruneConfig;
import dev.cloakroom.session.SessionConfig;
import dev.cloakroom.user.AdminAccountConfig;
import dev.cloakroom.user.UserConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Hands each feature its own branch of the one {@code cloakroom.*} configuration tree. */
@Singleton
public class ConfigProducers {

    @Produces
    SessionConfig session(CloakroomConfig config) {
        return config.session();
    }

    @Produces
    UserConfig users(CloakroomConfig config) {
        return config.users();
    }

    @Produces
    AdminAccountConfig admin(CloakroomConfig config) {
        return config.admin();
    }

    @Produces
    PruneConfig prune(CloakroomConfig config) {
        return config.prune();
    }
}
