package dev.cloakroom.db;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The clock for decisions whose boundary is exact to the second, such as a step-up's age limit.
 * They read it instead of {@link Utc#now()}, so a test can put a clock of its own in its place
 * (a CDI alternative) and check the boundary without waiting for time to pass.
 */
@Singleton
public class Clocks {

    @Produces
    @Singleton
    Clock utc() {
        return Clock.systemUTC();
    }
}
