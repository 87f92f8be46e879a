package dev.cloakroom.user;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Login attempts by how they ended: {@code cloakroom_logins_total{outcome}}. Meters made once, at start. */
@Startup
@Singleton
public class LoginMetrics {

    /** How a login attempt ended. A name that cannot exist (fails the sign-up pattern) is an unknown user. */
    enum Outcome {
        SUCCESS, WRONG_PASSWORD, UNKNOWN_USER, THROTTLED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, Counter> attempts = new EnumMap<>(Outcome.class);

    @Inject
    LoginMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            attempts.put(outcome, Counter.builder("cloakroom.logins")
                    .description("Login attempts, by outcome")
                    .tag("outcome", outcome.label())
                    .register(registry));
        }
    }

    void attempted(Outcome outcome) {
        attempts.get(outcome).increment();
    }
}
