package dev.cloakroom.user;

import dev.cloakroom.web.ProblemException;
import java.time.Duration;

/** 429: too many failed logins for one login name; the client may retry after the window. */
public class TooManyLoginFailuresException extends ProblemException {

    private final Duration retryAfter;

    public TooManyLoginFailuresException(Duration retryAfter) {
        super(429, "Too Many Requests", "Too many failed logins for this login name. Try again later.");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
