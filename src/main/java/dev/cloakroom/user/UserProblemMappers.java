package dev.cloakroom.user;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

public class UserProblemMappers {

    @ServerExceptionMapper
    public Response mapTooManyFailures(TooManyLoginFailuresException e) {
        long seconds = Math.max(1, e.retryAfter().toSeconds());
        return e.problem().toResponseBuilder().header("Retry-After", Long.toString(seconds)).build();
    }
}
