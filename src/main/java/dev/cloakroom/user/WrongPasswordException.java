package dev.cloakroom.user;

import dev.cloakroom.web.ProblemException;

/** 403: the current password given to change it is wrong. */
public class WrongPasswordException extends ProblemException {

    public WrongPasswordException(String detail) {
        super(403, "Forbidden", detail);
    }
}
