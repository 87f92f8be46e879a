package dev.cloakroom.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body over {@code quarkus.http.limits.max-body-size} with a problem document. Quarkus
 * checks the limit itself but answers with an empty 413: one route later for a declared length,
 * and from inside the REST layer's body stream for a chunked body, where no mapper can reach.
 * Here a declared length over the limit is refused before a byte of the body is read; a chunked
 * JSON body is read ahead, up to the limit, and handed to the REST layer as read (its endpoints
 * read whole bodies anyway), or refused as soon as it passes the limit. Forms and requests with
 * a declared length take Quarkus' own path untouched.
 */
@ApplicationScoped
public class OversizedBodies {

    /** Just ahead of Quarkus' own upload limit route (order -2). */
    private static final int BEFORE_QUARKUS_UPLOAD_LIMIT = -3;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        maxBodySize.ifPresent(limit -> {
            BodyHandler readAhead = BodyHandler.create(false).setBodyLimit(limit.asLongValue());
            router.route().order(BEFORE_QUARKUS_UPLOAD_LIMIT)
                    .handler(context -> check(context, limit.asLongValue(), readAhead))
                    .failureHandler(context -> refuse(context, limit.asLongValue()));
        });
    }

    private void check(RoutingContext context, long limit, BodyHandler readAhead) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            if (isOver(declared, limit)) {
                answer(context, limit);
            } else {
                context.next();
            }
        } else if (isChunkedJson(context)) {
            readAhead.handle(context);
        } else {
            context.next();
        }
    }

    /** A length that is not a number is left to the HTTP codec, which refuses it as a bad request. */
    private static boolean isOver(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isChunkedJson(RoutingContext context) {
        String encoding = context.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return encoding != null && encoding.toLowerCase().contains("chunked")
                && type != null && type.toLowerCase().contains("json");
    }

    private void refuse(RoutingContext context, long limit) {
        if (context.statusCode() != 413 || context.response().headWritten()) {
            context.next();
            return;
        }
        answer(context, limit);
    }

    private void answer(RoutingContext context, long limit) {
        Problem problem = Problem.of(413, "Content Too Large", "The request body may be at most " + limit + " bytes.");
        try {
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    // the rest of the body is not read: the connection cannot carry another request
                    .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
