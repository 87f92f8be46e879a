package dev.cloakroom.user;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "cloakroom.users")
public interface UserConfig {

    /** Whether anyone may sign up through {@code POST /users}. */
    @WithDefault("true")
    boolean selfRegistration();

    /** bcrypt cost (log2 of the rounds), 4 to 31. */
    @WithDefault("10")
    int bcryptCost();

    /**
     * Login attempts for one login name within {@link #failureWindow()}, from any address, before
     * 429. Much higher than the per-address limit, so that one address cannot lock a user out.
     */
    @WithDefault("50")
    int maxLoginFailures();

    /** Failed attempts from one client address (an IPv6 /64) within the window, for any names, before 429. */
    @WithDefault("10")
    int maxLoginFailuresPerAddress();

    @WithDefault("15m")
    Duration failureWindow();

    /** How often each instance deletes failure counters whose window has ended (up to 1,000 a time). */
    @WithDefault("60s")
    String failureCleanupEvery();
}
