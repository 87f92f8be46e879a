package dev.cloakroom.web;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * What holds for every operation, written once instead of on each: every error is a problem
 * document, every call can meet a database outage (503 with Retry-After), a session travels as
 * a bearer token or in the cookie, and the calls that need none say so. It also describes the
 * free-form session data, which the scanner would read as the Jackson class that carries it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiContract implements OASFilter {

    static final String BEARER = "bearer";
    static final String COOKIE = "sessionCookie";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String RETRY_AFTER_REF = "#/components/headers/Retry-After";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        api.setComponents(components);
        components.addSchema("Problem", problem());
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").description("The token from a login, as `Authorization: Bearer <token>`."));
        components.addSecurityScheme(COOKIE, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.COOKIE).name("SESSION")
                .description("The session cookie a browser got from a login (its name is configurable)."));
        components.addHeader("Retry-After", OASFactory.createHeader()
                .description("Seconds to wait before trying again.")
                .schema(OASFactory.createSchema().addType(SchemaType.INTEGER).minimum(java.math.BigDecimal.ONE)));
        describeSessionData(components);
        api.setServers(List.of(OASFactory.createServer().url("/").description("This service")));
        if (api.getPaths() != null) {
            api.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                    .forEach((method, operation) -> contract(path, method, operation)));
        }
    }

    private void contract(String path, PathItem.HttpMethod method, Operation operation) {
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean unsafe = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        if (unsafe) {
            if (operation.getResponses().getAPIResponse("403") == null) {
                operation.getResponses().addAPIResponse("403", OASFactory.createAPIResponse()
                        .description("Cross-site request refused: a page on another origin sent it with the cookie"));
            }
        } else if (!path.startsWith("/admin")) {
            operation.getResponses().removeAPIResponse("403"); // only operator calls need more than a session
        }
        operation.setSecurity(secured
                ? List.of(requirement(BEARER), requirement(COOKIE))
                : new ArrayList<>()); // an explicit empty list: this call needs no session
        if (secured && operation.getResponses().getAPIResponse("401") == null) {
            operation.getResponses().addAPIResponse("401",
                    OASFactory.createAPIResponse().description("No live session: missing, unknown, expired or revoked"));
        }
        if (operation.getResponses().getAPIResponse("503") == null) {
            operation.getResponses().addAPIResponse("503",
                    OASFactory.createAPIResponse().description("The database cannot be reached; try again shortly"));
        }
        for (Map.Entry<String, APIResponse> response : operation.getResponses().getAPIResponses().entrySet()) {
            if (response.getKey().compareTo("400") >= 0) {
                asProblem(response.getKey(), response.getValue());
            }
        }
    }

    private static void asProblem(String status, APIResponse response) {
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
        if (status.equals("429") || status.equals("503")) {
            response.addHeader("Retry-After", OASFactory.createHeader().ref(RETRY_AFTER_REF));
        }
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    private static Schema problem() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An error, as RFC 9457 describes it. No stack traces, class names or SQL.")
                .required(List.of("type", "title", "status", "detail"))
                .addProperty("type", string("`about:blank` where the status says what kind of error it is;"
                        + " a relative URI naming the kind where it does not (`/problems/reauthentication-required`)"))
                .addProperty("title", string("The status's reason phrase"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).description("The HTTP status"))
                .addProperty("detail", string("What went wrong, in a sentence for people"));
    }

    /** Session data is any JSON object; a guest session has no user and no authentication time. */
    private static void describeSessionData(Components components) {
        Schema view = components.getSchemas() == null ? null : components.getSchemas().get("SessionView");
        if (view == null) {
            return;
        }
        view.addProperty("data", OASFactory.createSchema().addType(SchemaType.OBJECT).additionalPropertiesBoolean(true)
                .description("The session's data: any JSON object the application stored"));
        view.addProperty("user", OASFactory.createSchema().oneOf(List.of(
                OASFactory.createSchema().ref("#/components/schemas/UserRef"),
                OASFactory.createSchema().addType(SchemaType.NULL)))
                .description("The session's user; null for a guest session"));
        view.addProperty("authenticatedAt", OASFactory.createSchema().oneOf(List.of(
                OASFactory.createSchema().addType(SchemaType.STRING).format("date-time"),
                OASFactory.createSchema().addType(SchemaType.NULL)))
                .description("When the session's user last typed the password (login, password change,"
                        + " reauthentication); null for a guest session"));
        components.removeSchema("RawValue");
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }
}
