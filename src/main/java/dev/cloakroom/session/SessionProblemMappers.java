package dev.cloakroom.session;

import dev.cloakroom.web.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The answers to a request without the session it needs, as problem documents. */
public class SessionProblemMappers {

    private static final String NO_SESSION = "No live session: the token is missing, unknown, expired or revoked.";

    @Inject
    SessionCookies cookies;

    @Inject
    SecurityIdentity identity;

    /** A 401 for a missing or dead session also clears the cookie, so the browser stops sending it. */
    @ServerExceptionMapper
    public Response mapNoSession(NoSessionException e) {
        return unauthorized(e.problem());
    }

    /**
     * A live session whose authentication is too old for the caller: it stays live, so the
     * cookie is kept; the challenge says what to do (RFC 9470).
     */
    @ServerExceptionMapper
    public Response mapReauthenticationRequired(ReauthenticationRequiredException e) {
        return e.problem().toResponseBuilder()
                .header(HttpHeaders.WWW_AUTHENTICATE, e.challenge())
                .build();
    }

    /** A token that names no live session. */
    @ServerExceptionMapper
    public Response mapAuthenticationFailed(AuthenticationFailedException e) {
        return unauthorized(Problem.of(Response.Status.UNAUTHORIZED, NO_SESSION));
    }

    /** No token at all, where a session is needed. */
    @ServerExceptionMapper
    public Response mapUnauthorized(UnauthorizedException e) {
        return unauthorized(Problem.of(Response.Status.UNAUTHORIZED, NO_SESSION));
    }

    /**
     * A live session without the role an operator call needs: a guest's is no logged-in session
     * at all (401), a user's is not an administrator's (403).
     */
    @ServerExceptionMapper
    public Response mapForbidden(ForbiddenException e) {
        if (identity.hasRole(SessionIdentityProvider.ROLE_GUEST)) {
            return unauthorized(Problem.of(Response.Status.UNAUTHORIZED,
                    "This needs a logged-in session; a guest session is not enough."));
        }
        return Problem.of(Response.Status.FORBIDDEN, "This needs an administrator's session.").toResponse();
    }

    private Response unauthorized(Problem problem) {
        return problem.toResponseBuilder()
                .header(HttpHeaders.SET_COOKIE, cookies.clear())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }
}
