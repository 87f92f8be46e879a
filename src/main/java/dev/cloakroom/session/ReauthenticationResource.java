package dev.cloakroom.session;

import dev.cloakroom.session.SessionResource.LoginResponse;
import dev.cloakroom.web.ClientInfo;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Step-up: the password typed again, before a sensitive action ({@link AuthenticationAge} checks its age). */
@Path("/sessions/current/reauthenticate")
@Tag(name = "Sessions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ReauthenticationResource {

    public record Reauthentication(@NotNull @Schema(format = "password") String password) {
    }

    @Inject
    Reauthentications reauthentications;

    @Inject
    SessionService sessions;

    @Inject
    SessionCookies cookies;

    @Inject
    CurrentSession current;

    @POST
    @Operation(operationId = "reauthenticate", summary = "Type the password again (step-up)", description = "Checks the password of the session's user, counted like a login. The session counts as authenticated now (authenticatedAt) and continues under a new token (in the body and the cookie; the old token is dead at once): a token copied before the step-up does not get its benefit. Its id and data stay.")
    @APIResponse(responseCode = "200", description = "Reauthenticated; the new token and the session",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LoginResponse.class)),
            headers = @Header(name = "Set-Cookie", description = "The session cookie, with the new token",
                    schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "No password, or a guest session (it has no password: log in instead)")
    @APIResponse(responseCode = "401", description = "No live session")
    @APIResponse(responseCode = "403", description = "Wrong password")
    @APIResponse(responseCode = "429", description = "Too many failed logins from this address or for this user (wrong passwords here count as failed logins)")
    @APIResponse(responseCode = "415", description = "A body that is not application/json")
    @Authenticated
    public RestResponse<LoginResponse> reauthenticate(@Valid @NotNull Reauthentication body,
            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        SessionService.Opened opened = reauthentications.reauthenticate(current.get(), body.password(),
                ClientInfo.of(headers, request));
        return RestResponse.ResponseBuilder.ok(new LoginResponse(opened.token(), sessions.view(opened.session())))
                .header(HttpHeaders.SET_COOKIE,
                        cookies.issue(opened.token(), sessions.secondsToAbsoluteExpiry(opened.session())))
                .build();
    }
}
