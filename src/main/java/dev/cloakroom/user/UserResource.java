package dev.cloakroom.user;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/users")
@Tag(name = "Users", description = "Sign up, and your own account.")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    public static final String LOGIN_NAME_PATTERN = "^[A-Za-z0-9._@-]{3,64}$";

    public record SignUp(
            @NotNull @Pattern(regexp = LOGIN_NAME_PATTERN, message = "must be 3 to 64 characters of A-Z a-z 0-9 . _ @ -")
            String loginName,
            @NotNull @Schema(format = "password", description = "8-72 bytes of UTF-8, no U+0000, no half surrogate pair") String password) {
    }

    public record UserView(long id, String loginName, Instant createdAt) {
        static UserView of(User user) {
            return new UserView(user.id, user.loginName, user.createdAt);
        }
    }

    @Inject
    UserService users;

    @POST
    @Operation(operationId = "signUp", summary = "Sign up", description = "loginName: 3-64 characters of A-Za-z0-9._@-, unique without regard to case. password: 8-72 bytes of UTF-8, stored as a bcrypt hash.")
    @APIResponse(responseCode = "201", description = "Created; Location names the user",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)),
            headers = @Header(name = "Location", description = "/users/{id}", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Invalid login name or password")
    @APIResponse(responseCode = "403", description = "Self-registration is off")
    @APIResponse(responseCode = "409", description = "Login name taken")
    public RestResponse<UserView> signUp(@Valid @NotNull SignUp request) {
        User user = users.register(request.loginName(), request.password());
        // a relative Location: an absolute one would be built from whatever Host the client sent
        return RestResponse.ResponseBuilder.<UserView>create(RestResponse.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/users/" + user.id)
                .entity(UserView.of(user))
                .build();
    }
}
