package dev.cloakroom.user;

import dev.cloakroom.web.ProblemException;

/** 409: the login name is taken (names are compared without case). */
public class LoginNameTakenException extends ProblemException {

    public LoginNameTakenException(String detail) {
        super(409, "Conflict", detail);
    }
}
