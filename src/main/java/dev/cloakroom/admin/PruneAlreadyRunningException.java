package dev.cloakroom.admin;

import dev.cloakroom.web.ProblemException;

/** 409: a prune run holds the lease, on this instance or another. */
public class PruneAlreadyRunningException extends ProblemException {

    public PruneAlreadyRunningException(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
