package dev.cloakroom.session;

import dev.cloakroom.web.ProblemException;

/** 412: If-Match named a version that is no longer current. */
public class StaleVersionException extends ProblemException {

    public StaleVersionException(String detail) {
        super(412, "Precondition Failed", detail);
    }
}
