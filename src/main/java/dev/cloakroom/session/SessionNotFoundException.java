package dev.cloakroom.session;

import dev.cloakroom.web.ProblemException;

/** 404: no live session with that id belongs to the caller's user. */
public class SessionNotFoundException extends ProblemException {

    public SessionNotFoundException(String detail) {
        super(404, "Not Found", detail);
    }
}
