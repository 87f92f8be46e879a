package dev.cloakroom.user;

import java.util.Optional;

public interface AdminAccountConfig {

    /** With {@link #password()}: an administrator account created at start-up if missing. */
    Optional<String> loginName();

    Optional<String> password();
}
