package dev.cloakroom.admin;

import dev.cloakroom.web.ProblemException;

/** 403: a live session, but its user is not an administrator. */
public class NotAnAdministratorException extends ProblemException {

    public NotAnAdministratorException(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
