package dev.cloakroom.user;

import dev.cloakroom.web.ProblemException;

/** 403: a logged-in user typed their password again (to change it, or to reauthenticate), and it is wrong. */
public class WrongPasswordException extends ProblemException {

    public WrongPasswordException(String detail) {
        super(403, "Forbidden", detail);
    }
}
