package dev.cloakroom.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a plain token (so a
 * proxy's id follows the request through), else a new one. The answer carries it back, and it
 * sits in the logging MDC as {@code requestId}: Quarkus keeps the MDC on the request's Vert.x
 * duplicated context, so every line logged for the request, on whichever thread, carries it.
 * Anything else in the header is dropped rather than logged: it could forge log lines.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    /** Before the other filters, so that their refusals carry the id too. */
    static final int PRIORITY = 4000;

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    void filter(RoutingContext context) {
        String id = idFor(context.request().getHeader(HEADER));
        context.response().headers().set(HEADER, id);
        MDC.put(MDC_KEY, id);
        context.next();
    }

    static String idFor(String presented) {
        return presented != null && SANE.matcher(presented).matches() ? presented : newId();
    }

    /** 128 random bits in hex: unique enough to find a request by, and cheap (no secure random). */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
