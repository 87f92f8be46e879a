package dev.cloakroom.session;

import dev.cloakroom.session.SessionResource.LoginResponse;
import dev.cloakroom.web.ClientInfo;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
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

/** The logged-in user's own account. It lives here because it acts on sessions. */
@Path("/users/me")
@Tag(name = "Users", description = "Sign up, and your own account.")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CurrentUserResource {

    public record PasswordChange(
            @NotNull @Schema(format = "password") String currentPassword,
            @NotNull @Schema(format = "password", description = "8-72 bytes of UTF-8, no U+0000, no half surrogate pair")
            String newPassword) {
    }

    @Inject
    SessionService sessions;

    @Inject
    SessionCookies cookies;

    @Inject
    CurrentSession current;

    @Inject
    PasswordChanges passwords;

    @PUT
    @Operation(operationId = "changePassword", summary = "Change the caller's password", description = "The current session continues under a new token (in the body and the cookie; the old token is dead). Every other session of the user ends, including one opened by a login that raced the change.")
    @APIResponse(responseCode = "200", description = "Changed; the new token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LoginResponse.class)),
            headers = @Header(name = "Set-Cookie", description = "The session cookie, with the new token",
                    schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Invalid new password")
    @APIResponse(responseCode = "401", description = "No live user session (guests too)")
    @APIResponse(responseCode = "403", description = "Wrong current password")
    @APIResponse(responseCode = "409", description = "Another password change of this user won a race")
    @APIResponse(responseCode = "429", description = "Too many wrong current passwords")
    @Path("password")
    @Authenticated
    public RestResponse<LoginResponse> changePassword(@Valid @NotNull PasswordChange change,
            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        SessionService.Opened opened = passwords.changePassword(current.get(), change.currentPassword(),
                change.newPassword(), ClientInfo.of(headers, request));
        return RestResponse.ResponseBuilder.ok(new LoginResponse(opened.token(), sessions.view(opened.session())))
                .header(HttpHeaders.SET_COOKIE,
                        cookies.issue(opened.token(), sessions.secondsToAbsoluteExpiry(opened.session())))
                .build();
    }
}
