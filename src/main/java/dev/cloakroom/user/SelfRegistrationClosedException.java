package dev.cloakroom.user;

import dev.cloakroom.web.ProblemException;

/** 403: self-registration is turned off. */
public class SelfRegistrationClosedException extends ProblemException {

    public SelfRegistrationClosedException(String detail) {
        super(403, "Forbidden", detail);
    }
}
