package dev.cloakroom.session;

import dev.cloakroom.web.BadRequestProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The step-up check: how long ago the user of a session typed the password, against the age a
 * caller allows for what it is about to do. Ages are whole seconds, as stored times are: a
 * session authenticated exactly {@code maxAuthAge} seconds ago passes, one a second older does
 * not.
 */
@ApplicationScoped
public class AuthenticationAge {

    /** The largest {@code maxAuthAge} accepted (68 years): anything larger is a mistake, not a policy. */
    static final long MAX_SECONDS = Integer.MAX_VALUE;

    static final String MAX_AUTH_AGE = "maxAuthAge";

    @Inject
    Clock clock;

    /** The values of a {@code maxAuthAge} query parameter: none, or one of 0 to {@value #MAX_SECONDS} seconds; 400 otherwise. */
    public static Optional<Duration> parseMaxAge(List<String> values) {
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        String text = values.get(0);
        if (values.size() > 1 || text == null || !text.matches("[0-9]{1,10}") || Long.parseLong(text) > MAX_SECONDS) {
            throw new BadRequestProblem(MAX_AUTH_AGE + " must be given once, a whole number of seconds from 0 to "
                    + MAX_SECONDS + ".");
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }

    /** Nothing when the session's user typed the password at most {@code maxAge} ago; 401 otherwise. */
    public void require(Session session, Duration maxAge) {
        if (session.authenticatedAt == null) {
            throw new ReauthenticationRequiredException(maxAge, "A guest session is not authenticated",
                    "A guest session has never been authenticated: log in.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long age = Duration.between(session.authenticatedAt, now).toSeconds();
        if (age > maxAge.toSeconds()) {
            throw new ReauthenticationRequiredException(maxAge, "The password was typed too long ago",
                    "The password was last typed " + age + " s ago, longer than the " + maxAge.toSeconds()
                            + " s allowed: reauthenticate (POST /sessions/current/reauthenticate).");
        }
    }
}
