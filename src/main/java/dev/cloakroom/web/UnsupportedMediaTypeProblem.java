package dev.cloakroom.web;

import jakarta.ws.rs.core.MediaType;

/** 415: a body in a media type the endpoint does not read. */
public class UnsupportedMediaTypeProblem extends ProblemException {

    public UnsupportedMediaTypeProblem(String detail) {
        super(415, "Unsupported Media Type", detail);
    }

    /**
     * For an endpoint that also takes no body at all: a non-empty body must be JSON. Only the
     * body is typed, so an empty one passes whatever its content type says.
     */
    public static void requireJsonBody(byte[] body, MediaType type) {
        if (body != null && body.length > 0 && (type == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type))) {
            throw new UnsupportedMediaTypeProblem("The request body must be application/json.");
        }
    }
}
