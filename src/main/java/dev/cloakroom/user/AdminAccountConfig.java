package dev.cloakroom.user;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "cloakroom.admin")
public interface AdminAccountConfig {

    /** With {@link #password()}: an administrator account created at start-up if missing. */
    Optional<String> loginName();

    Optional<String> password();
}
