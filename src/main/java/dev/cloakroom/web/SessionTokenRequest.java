package dev.cloakroom.web;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A session token a request presented, in its Authorization header or its session cookie. */
public class SessionTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public SessionTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
