package dev.cloakroom.session;

import dev.cloakroom.web.ProblemException;

/** 413: session data over cloakroom.session.max-data-bytes. */
public class DataTooLargeException extends ProblemException {

    public DataTooLargeException(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 413;
    }

    @Override
    public String title() {
        return "Content Too Large";
    }
}
