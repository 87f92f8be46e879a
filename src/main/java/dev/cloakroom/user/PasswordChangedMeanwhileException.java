package dev.cloakroom.user;

import dev.cloakroom.web.ProblemException;

/** 409: two password changes of one user raced, and this one lost. */
public class PasswordChangedMeanwhileException extends ProblemException {

    public PasswordChangedMeanwhileException(String detail) {
        super(409, "Conflict", detail);
    }
}
