package dev.cloakroom.session;

import dev.cloakroom.web.ProblemException;

/** 413: session data over cloakroom.session.max-data-bytes. */
public class DataTooLargeException extends ProblemException {

    public DataTooLargeException(String detail) {
        super(413, "Content Too Large", detail);
    }
}
