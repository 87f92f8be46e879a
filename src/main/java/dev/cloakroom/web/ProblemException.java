package dev.cloakroom.web;

/**
 * A failure the client is told about. Its message is the problem's detail, so it must be fit
 * for a client to read: no SQL, no class names, no tokens.
 */
public abstract class ProblemException extends RuntimeException {

    private final int status;
    private final String title;

    protected ProblemException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Problem problem() {
        return Problem.of(status(), title(), getMessage());
    }
}
