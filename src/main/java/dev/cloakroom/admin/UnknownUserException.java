package dev.cloakroom.admin;

import dev.cloakroom.web.ProblemException;

/** 404: no user has that login name. */
public class UnknownUserException extends ProblemException {

    public UnknownUserException(String detail) {
        super(404, "Not Found", detail);
    }
}
