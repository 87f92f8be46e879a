package dev.cloakroom.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * CORS with credentials for the origins of {@code cloakroom.web.allowed-origins}, and for no
 * other: any other origin gets no CORS header at all, so its pages cannot read an answer.
 * <p>
 * Quarkus' own CORS filter is not used: it answers every request from an unlisted origin, safe
 * ones included, with a bodiless 403, where this API answers errors with problem documents and
 * leaves a cross-origin GET to the browser's same-origin policy.
 */
@ApplicationScoped
public class Cors {

    static final int PRIORITY = 2000;

    private static final String METHODS = "GET, POST, PUT, PATCH, DELETE";
    private static final String REQUEST_HEADERS = "Content-Type, Authorization, If-Match";
    private static final String EXPOSED_HEADERS = "ETag, Location";
    private static final String MAX_AGE_SECONDS = "600";

    @Inject
    AllowedOrigins allowed;

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    void filter(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allowed.match(origin).isEmpty()) {
            context.next();
            return;
        }
        MultiMap headers = context.response().headers();
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .set(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                .set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS)
                .add(HttpHeaders.VARY, "Origin");
        if (request.method() == HttpMethod.OPTIONS
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                    .set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, REQUEST_HEADERS)
                    .set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
            context.response().setStatusCode(204).end();
            return;
        }
        context.next();
    }
}
