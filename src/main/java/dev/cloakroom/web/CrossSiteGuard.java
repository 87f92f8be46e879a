package dev.cloakroom.web;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a state-changing request that a page on another origin made a browser send with the
 * session cookie (login CSRF, forced logout, any cross-site write), and a body that comes
 * without a content type or with a wildcard for one.
 * <p>
 * It is a filter on the HTTP router rather than a JAX-RS request filter: it then sees every
 * request, also those that match no resource, the static page and the {@code /q} endpoints,
 * and it answers before any resource or body reader runs.
 */
@ApplicationScoped
public class CrossSiteGuard {

    /** After {@link SecurityHeaders} and {@link Cors} (higher runs first), so a refusal carries their headers. */
    static final int PRIORITY = 1000;

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> FOREIGN_SITES = Set.of("cross-site", "same-site");
    private static final String BEARER = "Bearer ";
    private static final String FOREIGN_ORIGIN = "Cross-site request refused: a page from this origin may not change anything here.";
    private static final String FOREIGN_SITE = "Cross-site request refused: a page from another site may not change anything here.";
    private static final String NO_CONTENT_TYPE = "A request body needs a Content-Type naming its media type:"
            + " application/json, or application/merge-patch+json for a PATCH.";

    @Inject
    AllowedOrigins allowed;

    @Inject
    ProblemReply reply;

    @ConfigProperty(name = "cloakroom.session.cookie.name", defaultValue = "SESSION")
    String cookieName;

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    void filter(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (SAFE.contains(request.method())) {
            context.next();
            return;
        }
        Optional<String> refusal = bearerOnly(request) ? Optional.empty() : crossSite(request);
        if (refusal.isPresent()) {
            Log.debugf("Refused %s %s: cross-site", request.method(), context.normalizedPath());
            reply.send(context, Problem.of(403, "Forbidden", refusal.get()));
        } else if (hasBody(request) && !namesOneMediaType(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            reply.send(context, Problem.of(415, "Unsupported Media Type", NO_CONTENT_TYPE));
        } else {
            context.next();
        }
    }

    /** Why the request is cross-site, if it is: by its Origin when it has one, else by Sec-Fetch-Site. */
    private Optional<String> crossSite(HttpServerRequest request) {
        List<String> origins = request.headers().getAll(HttpHeaders.ORIGIN);
        if (!origins.isEmpty()) {
            return origins.size() == 1 && isOwnOrAllowed(request, origins.get(0))
                    ? Optional.empty()
                    : Optional.of(FOREIGN_ORIGIN);
        }
        boolean foreignSite = request.headers().getAll("Sec-Fetch-Site").stream()
                .anyMatch(site -> FOREIGN_SITES.contains(site.trim().toLowerCase(java.util.Locale.ROOT)));
        return foreignSite ? Optional.of(FOREIGN_SITE) : Optional.empty();
    }

    private boolean isOwnOrAllowed(HttpServerRequest request, String originHeader) {
        Optional<Origin> origin = Origin.parse(originHeader);
        return origin.isPresent() && (origin.equals(Origin.ofRequest(request)) || allowed.contains(origin.get()));
    }

    /**
     * A bearer token and no session cookie: no browser attaches that header on its own, and a
     * page can only add it to a cross-origin request after a preflight this service refuses.
     */
    private boolean bearerOnly(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && request.getCookie(cookieName) == null;
    }

    /**
     * A content type that names one media type. A wildcard ({@code *}/{@code *}, {@code
     * application/*}) is what an Accept header may say, not what a body is, and the resources
     * would take it for any type they consume.
     */
    private static boolean namesOneMediaType(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].indexOf('*') < 0;
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || (length != null && !length.trim().equals("0"));
    }
}
