package dev.cloakroom.session;

import dev.cloakroom.web.ProblemException;

/** 401: no token, or one that is unknown, expired or revoked (or a guest where a user is needed). */
public class NoSessionException extends ProblemException {

    public NoSessionException(String detail) {
        super(401, "Unauthorized", detail);
    }
}
