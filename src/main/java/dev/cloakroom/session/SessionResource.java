package dev.cloakroom.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloakroom.web.BadRequestProblem;
import dev.cloakroom.web.ClientInfo;
import dev.cloakroom.web.UnsupportedMediaTypeProblem;
import io.vertx.core.http.HttpServerRequest;
import dev.cloakroom.web.Problem;
import dev.cloakroom.web.SessionAuthenticationMechanism;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.HeaderParam;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import dev.cloakroom.user.UserResource;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

@Path("/sessions")
@Tag(name = "Sessions", description = "Log in, the current session and its data, and your own sessions.")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private static final String IF_MATCH = "Only if the data is still at this version: \"<version>\", W/\"<version>\","
            + " a list, or *. Otherwise 412.";

    @Schema(description = "Both for a login; neither (or no body at all) for a guest session.")
    public record LoginRequest(
            @Schema(pattern = UserResource.LOGIN_NAME_PATTERN) String loginName,
            @Schema(format = "password") String password) {
    }

    public record LoginResponse(
            @Schema(description = "The session's token: send it as a bearer token (a browser gets the cookie too)",
                    pattern = "^[A-Za-z0-9_-]{54}$") String token,
            SessionView session) {
    }

    public record SessionSummary(String id, Instant createdAt, Instant lastSeenAt, Instant expiresAt,
            @Schema(description = "The User-Agent the session was opened with, as sent (at most 255 characters)")
            String userAgent,
            @Schema(description = "A readable name for that device, as \"Chrome 131 on Mac OS X\"; null when the user agent names no known browser or system")
            String deviceName,
            String ip, boolean current) {
    }

    @Inject
    SessionService service;

    @Inject
    SessionCookies cookies;

    @Inject
    CurrentSession current;

    /** Where a request's token comes from, for the two calls that read it themselves. */
    @Inject
    SessionAuthenticationMechanism presented;

    @Inject
    ObjectMapper mapper;

    @Inject
    AuthenticationAge authenticationAge;

    /**
     * Opens a session: a guest's with no body or {@code {}}, a user's with login name and
     * password. The body is read as bytes so that a request with no body and no content type
     * is a guest login, not a 415. A body must still be JSON: a page on another site can post
     * text/plain or a form without a preflight.
     */
    @Operation(operationId = "login", summary = "Log in, or open a guest session", description = "With {\"loginName\",\"password\"}: a user session; with no body or {}: a guest session. A live session presented with a login (cookie or bearer) ends; a guest's or the same user's data moves to the new session. The token comes back in the body and in the cookie.")
    @APIResponse(responseCode = "201", description = "Session opened",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LoginResponse.class)),
            headers = { @Header(name = "Set-Cookie", description = "The session cookie", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "Location", description = "/sessions/current", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "ETag", description = "The data's version, for If-Match", schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "400", description = "Malformed body")
    @APIResponse(responseCode = "401", description = "Invalid login or password")
    @APIResponse(responseCode = "429", description = "Too many failed logins from this address or for this name")
    @APIResponse(responseCode = "415", description = "A body that is not application/json")
    @POST
    public RestResponse<LoginResponse> open(
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LoginRequest.class))) byte[] body,
            @Context HttpHeaders headers, @Context HttpServerRequest request, @Context RoutingContext context) {
        UnsupportedMediaTypeProblem.requireJsonBody(body, headers.getMediaType());
        LoginRequest login = parseLogin(body);
        ClientInfo client = ClientInfo.of(headers, request);
        SessionService.Opened opened = login == null
                ? service.openGuest(client)
                : service.login(login.loginName(), login.password(), presented.tokenOf(context), client);
        // a relative Location: an absolute one would be built from whatever Host the client sent
        return ResponseBuilder.<LoginResponse>create(RestResponse.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/sessions/current")
                .header(HttpHeaders.SET_COOKIE,
                        cookies.issue(opened.token(), service.secondsToAbsoluteExpiry(opened.session())))
                .header(HttpHeaders.ETAG, ETags.of(opened.session().version))
                .entity(new LoginResponse(opened.token(), service.view(opened.session())))
                .build();
    }

    @Operation(operationId = "getCurrentSession", summary = "The current session", description = "Touches the session (moves lastSeenAt) at most once per touch interval. With maxAuthAge, a step-up check: 401 of type " + ReauthenticationRequiredException.TYPE + " when the user typed the password longer ago than that (a guest session never did); the session stays live and the cookie is kept.")
    @APIResponse(responseCode = "200", description = "The session, with ETag", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionView.class)),
            headers = @Header(name = "ETag", description = "The data's version, for If-Match", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "maxAuthAge is not a whole number of seconds from 0 to " + AuthenticationAge.MAX_SECONDS)
    @APIResponse(responseCode = "401", description = "No live session (the cookie is cleared); or, with maxAuthAge, reauthentication required (type " + ReauthenticationRequiredException.TYPE + ", WWW-Authenticate: Bearer error=\"insufficient_user_authentication\", max_age=\"<maxAuthAge>\"; the cookie is kept)",
            headers = @Header(name = "WWW-Authenticate", description = "Bearer; with error=\"insufficient_user_authentication\" and max_age when reauthentication is required", schema = @Schema(type = SchemaType.STRING)))
    @Parameter(name = AuthenticationAge.MAX_AUTH_AGE, in = ParameterIn.QUERY,
            description = "Seconds: answer 401 (reauthentication required) unless the session's user typed the password at most this long ago",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "" + AuthenticationAge.MAX_SECONDS))
    @GET
    @Path("current")
    @Authenticated
    @NonBlocking // the session was read (on a worker thread) by authentication; answering it needs no I/O
    public RestResponse<SessionView> current(@Context UriInfo uri) {
        Session session = current.get();
        // read from the query itself: a bare "?maxAuthAge" or a repeated one must be a 400, not ignored
        AuthenticationAge.parseMaxAge(uri.getQueryParameters().get(AuthenticationAge.MAX_AUTH_AGE))
                .ifPresent(maxAge -> authenticationAge.require(session, maxAge));
        return withETag(session);
    }

    @Operation(operationId = "replaceSessionData", summary = "Replace the session data", description = "Any JSON object. If-Match (\"<version>\", W/\"<version>\", a list or *) guards against lost updates.")
    @APIResponse(responseCode = "200", description = "The session, with its new ETag", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionView.class)),
            headers = @Header(name = "ETag", description = "The data's version, for If-Match", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Not a JSON object")
    @APIResponse(responseCode = "401", description = "No live session")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "413", description = "Larger than cloakroom.session.max-data-bytes")
    @APIResponse(responseCode = "415", description = "Not application/json")
    @PUT
    @Path("current/data")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    public RestResponse<SessionView> replaceData(
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.OBJECT, description = "The new data: any JSON object"))) byte[] body,
            @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return withETag(service.replaceData(current.get(), body, Optional.ofNullable(ifMatch)));
    }

    @Operation(operationId = "mergeSessionData", summary = "Merge-patch the session data (RFC 7396)", description = "null removes a member; objects merge; anything else replaces. Atomic: concurrent patches all apply. The size limit applies to the merged document too.")
    @APIResponse(responseCode = "200", description = "The session, with its new ETag", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionView.class)),
            headers = @Header(name = "ETag", description = "The data's version, for If-Match", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Not a JSON object")
    @APIResponse(responseCode = "401", description = "No live session")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "413", description = "Too large")
    @APIResponse(responseCode = "415", description = "Not application/merge-patch+json")
    @PATCH
    @Path("current/data")
    @Consumes(MERGE_PATCH_JSON)
    @Authenticated
    public RestResponse<SessionView> mergeData(
            @RequestBody(required = true, content = @Content(mediaType = MERGE_PATCH_JSON,
                    schema = @Schema(type = SchemaType.OBJECT, description = "A JSON merge patch: null removes a member"))) byte[] body,
            @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return withETag(service.mergeData(current.get(), body, Optional.ofNullable(ifMatch)));
    }

    @Operation(operationId = "logout", summary = "Log out", description = "Always 204, also without a valid session; the token never works again.")
    @APIResponse(responseCode = "204", description = "Logged out, cookie cleared", headers = @Header(name = "Set-Cookie", description = "The session cookie", schema = @Schema(type = SchemaType.STRING)))
    @DELETE
    @Path("current")
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE }) // no body: any client's Accept will do
    public RestResponse<Void> logout(@Context RoutingContext context) {
        service.logout(presented.tokenOf(context));
        return ResponseBuilder.<Void>noContent().header(HttpHeaders.SET_COOKIE, cookies.clear()).build();
    }

    @Operation(operationId = "listMySessions", summary = "The caller's user's live sessions")
    @APIResponse(responseCode = "200", description = "Live sessions, the current one marked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = SessionSummary.class)))
    @APIResponse(responseCode = "401", description = "No live user session (guests too)")
    @GET
    @Authenticated
    public List<SessionSummary> listOwn() {
        SessionService.OwnSessions own = service.listOwn(current.get());
        return own.all().stream()
                .map(s -> new SessionSummary(s.publicId, s.createdAt, s.lastSeenAt, s.expiresAt,
                        s.userAgent, DeviceNames.of(s.userAgent), s.ip, s.id.equals(own.current().id)))
                .toList();
    }

    @Operation(operationId = "revokeSession", summary = "Revoke one of the caller's user's sessions")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "401", description = "No live user session")
    @APIResponse(responseCode = "404", description = "Unknown, expired, or another user's")
    @DELETE
    @Path("{id}")
    @Authenticated
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE }) // no body: any client's Accept will do
    public RestResponse<Void> revoke(@PathParam("id") String id) {
        service.revoke(current.get(), id);
        return RestResponse.noContent();
    }

    @Operation(operationId = "revokeOtherSessions", summary = "Revoke every other live session of the caller's user")
    @APIResponse(responseCode = "200", description = "How many sessions ended",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Revoked.class)))
    @APIResponse(responseCode = "401", description = "No live user session")
    @DELETE
    @Authenticated
    public Revoked revokeOthers() {
        return new Revoked(service.revokeOthers(current.get()));
    }

    private RestResponse<SessionView> withETag(Session session) {
        return ResponseBuilder.ok(service.view(session))
                .header(HttpHeaders.ETAG, ETags.of(session.version))
                .build();
    }

    /** {@code null} for a guest login: no body, or an object with neither field. */
    private LoginRequest parseLogin(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            throw new BadRequestProblem("The request body is not valid JSON.");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new BadRequestProblem("The body must be a JSON object: {} for a guest session, or loginName and password.");
        }
        JsonNode loginName = node.get("loginName");
        JsonNode password = node.get("password");
        boolean hasName = loginName != null && !loginName.isNull();
        boolean hasPassword = password != null && !password.isNull();
        if (!hasName && !hasPassword) {
            return null;
        }
        if (!hasName || !hasPassword || !loginName.isTextual() || !password.isTextual()) {
            throw new BadRequestProblem("loginName and password must both be strings.");
        }
        return new LoginRequest(loginName.asText(), password.asText());
    }

}
