package dev.cloakroom.web;

/**
 * A failure the client is told about. Its message is the problem's detail, so it must be fit
 * for a client to read: no SQL, no class names, no tokens.
 */
public abstract class ProblemException extends RuntimeException {

    protected ProblemException(String detail) {
        super(detail, null, false, false);
    }

    public abstract int status();

    public abstract String title();

    public Problem problem() {
        return Problem.of(status(), title(), getMessage());
    }
}
