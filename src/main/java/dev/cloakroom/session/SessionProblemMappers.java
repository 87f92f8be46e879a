package dev.cloakroom.session;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

public class SessionProblemMappers {

    @Inject
    SessionCookies cookies;

    /** A 401 for a missing or dead session also clears the cookie, so the browser stops sending it. */
    @ServerExceptionMapper
    public Response mapNoSession(NoSessionException e) {
        return e.problem().toResponseBuilder()
                .header(HttpHeaders.SET_COOKIE, cookies.clear())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }
}
