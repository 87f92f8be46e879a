package dev.cloakroom.admin;

import dev.cloakroom.web.ProblemException;

/** 409: a prune run holds the lease, on this instance or another. */
public class PruneAlreadyRunningException extends ProblemException {

    public PruneAlreadyRunningException(String detail) {
        super(409, "Conflict", detail);
    }
}
