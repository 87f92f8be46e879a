package dev.cloakroom;

import dev.cloakroom.prune.PruneConfig;
import dev.cloakroom.session.SessionConfig;
import dev.cloakroom.user.AdminAccountConfig;
import dev.cloakroom.user.UserConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every {@code cloakroom.*} setting. Each key can also be set by environment variable
 * ({@code cloakroom.session.idle-timeout} is {@code CLOAKROOM_SESSION_IDLE_TIMEOUT}).
 */
@ConfigMapping(prefix = "cloakroom")
public interface CloakroomConfig {

    SessionConfig session();

    UserConfig users();

    AdminAccountConfig admin();

    PruneConfig prune();

    /** The name this instance gives itself in prune run reports; defaults to the host name. */
    @WithDefault("${HOSTNAME:cloakroom}")
    String instance();
}
