package dev.cloakroom.user;

import dev.cloakroom.web.ProblemException;

/** 401: unknown login name or wrong password, told apart by nothing. */
public class InvalidCredentialsException extends ProblemException {

    public InvalidCredentialsException(String detail) {
        super(401, "Unauthorized", detail);
    }
}
