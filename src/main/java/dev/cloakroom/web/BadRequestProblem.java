package dev.cloakroom.web;

/** 400: the request is malformed or fails validation. */
public class BadRequestProblem extends ProblemException {

    public BadRequestProblem(String detail) {
        super(400, "Bad Request", detail);
    }
}
