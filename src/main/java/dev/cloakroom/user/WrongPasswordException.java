package dev.cloakroom.user;

import dev.cloakroom.web.ProblemException;

/** 403: the current password given to change it is wrong. */
public class WrongPasswordException extends ProblemException {

    public WrongPasswordException(String detail) {
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
