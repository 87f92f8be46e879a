package dev.cloakroom.admin;

import dev.cloakroom.web.ProblemException;

/** 404: no user has that login name. */
public class UnknownUserException extends ProblemException {

    public UnknownUserException(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String title() {
        return "Not Found";
    }
}
