package dev.cloakroom.web;

/** 400: the request is malformed or fails validation. */
public class BadRequestProblem extends ProblemException {

    public BadRequestProblem(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String title() {
        return "Bad Request";
    }
}
