package dev.cloakroom.session;

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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The logged-in user's own account. It lives here because it acts on sessions. */
@Path("/users/me")
@Tag(name = "Users")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CurrentUserResource {

    public record PasswordChange(@NotNull String currentPassword, @NotNull String newPassword) {
    }

    @Inject
    SessionService sessions;

    @Inject
    SessionCookies cookies;

    @PUT
    @Operation(summary = "Change the caller's password", description = "Every other session of the user ends; the current one stays.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid new password")
    @APIResponse(responseCode = "401", description = "No live user session (guests too)")
    @APIResponse(responseCode = "403", description = "Wrong current password")
    @Path("password")
    public RestResponse<Void> changePassword(@Valid @NotNull PasswordChange change, @Context HttpHeaders headers) {
        sessions.changePassword(cookies.tokenOf(headers), change.currentPassword(), change.newPassword());
        return RestResponse.noContent();
    }
}
