package dev.cloakroom.session;

import dev.cloakroom.web.ProblemException;
import java.time.Duration;

/**
 * 401 with a problem type of its own: the session is live, but its user typed the password
 * longer ago than the caller allows (or never: a guest). The challenge is RFC 9470's, the one
 * OAuth step-up uses, with the allowed age.
 */
public class ReauthenticationRequiredException extends ProblemException {

    public static final String TYPE = "/problems/reauthentication-required";

    private final Duration maxAge;
    private final String reason;

    ReauthenticationRequiredException(Duration maxAge, String reason, String detail) {
        super(401, "Reauthentication Required", detail);
        this.maxAge = maxAge;
        this.reason = reason;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The WWW-Authenticate value; {@code reason} is fixed text, so it needs no escaping. */
    public String challenge() {
        return "Bearer error=\"insufficient_user_authentication\", error_description=\"" + reason
                + "\", max_age=\"" + maxAge.toSeconds() + "\"";
    }
}
