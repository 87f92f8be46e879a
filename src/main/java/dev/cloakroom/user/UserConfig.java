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

    /** Failed logins for one login name, within {@link #failureWindow()}, before 429. */
    @WithDefault("5")
    int maxLoginFailures();

    @WithDefault("15m")
    Duration failureWindow();

    /** How often each instance deletes failure counters whose window has ended (up to 1,000 a time). */
    @WithDefault("60s")
    String failureCleanupEvery();
}
