package dev.cloakroom.admin;

import dev.cloakroom.web.ProblemException;

/** 403: a live session, but its user is not an administrator. */
public class NotAnAdministratorException extends ProblemException {

    public NotAnAdministratorException(String detail) {
        super(403, "Forbidden", detail);
    }
}
