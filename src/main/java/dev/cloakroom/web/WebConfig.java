package dev.cloakroom.web;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** What browsers on other origins may do: {@code cloakroom.web.*}. */
@ConfigMapping(prefix = "cloakroom.web")
public interface WebConfig {

    /**
     * Origins ({@code scheme://host[:port]}, comma-separated) whose pages may call the API with
     * the cookie: they pass the cross-site check and get CORS answers with credentials. None by
     * default; the service's own origin never needs listing.
     */
    Optional<List<String>> allowedOrigins();
}
