package dev.cloakroom.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Headers every answer gets, set when its headers are written so that answers from any layer
 * (a resource, the static page, a refusal, the framework's own 404) carry them:
 * {@code nosniff} everywhere; on the page and the API a policy that lets only this origin's
 * script and style run and forbids framing; on the API {@code no-store}, since its answers
 * carry tokens and session data. The {@code /q} tools (Swagger UI) keep their own inline script.
 */
@ApplicationScoped
public class SecurityHeaders {

    /** First of the three filters, so that even refusals and CORS answers carry the headers. */
    static final int PRIORITY = 3000;

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final List<String> API = List.of("/sessions", "/users", "/admin");
    private static final String PLATFORM = "/q/";

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    void filter(RoutingContext context) {
        String path = context.normalizedPath();
        context.addHeadersEndHandler(ignored -> {
            MultiMap headers = context.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            if (path.startsWith(PLATFORM)) {
                return;
            }
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .set("X-Frame-Options", "DENY")
                    .set("Referrer-Policy", "no-referrer");
            if (isApi(path)) {
                headers.set("Cache-Control", "no-store");
            }
        });
        context.next();
    }

    private static boolean isApi(String path) {
        return API.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }
}
