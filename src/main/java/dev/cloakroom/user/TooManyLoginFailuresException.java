package dev.cloakroom.user;

import dev.cloakroom.web.ProblemException;
import java.time.Duration;

/** 429: too many failed logins from one address or for one login name; retry after the window. */
public class TooManyLoginFailuresException extends ProblemException {

    private final Duration retryAfter;

    public TooManyLoginFailuresException(String detail, Duration retryAfter) {
        super(429, "Too Many Requests", detail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
