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

    /** What kind of problem this is: {@code about:blank} where the status says it all. */
    public String type() {
        return Problem.ABOUT_BLANK;
    }

    public Problem problem() {
        return new Problem(type(), title(), status(), getMessage());
    }
}
