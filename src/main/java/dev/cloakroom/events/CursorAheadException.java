package dev.cloakroom.events;

import dev.cloakroom.web.ProblemException;

/** 400: a cursor beyond every event placed so far; no cursor this service handed out is. */
public class CursorAheadException extends ProblemException {

    CursorAheadException(long cursor, long last) {
        super(400, "Bad Request", "The cursor " + cursor + " is beyond the last event (" + last
                + "): use a cursor this service answered, or 0 to start from the oldest event kept.");
    }
}
