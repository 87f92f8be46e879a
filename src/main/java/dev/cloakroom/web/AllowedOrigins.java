package dev.cloakroom.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The origins of {@code cloakroom.web.allowed-origins}, parsed once. An entry that is not a
 * plain {@code scheme://host[:port]} stops the service at start-up: a typo here would
 * otherwise lock out the page it meant to let in, or a wildcard let every site in.
 */
@ApplicationScoped
public class AllowedOrigins {

    private final Set<Origin> origins;

    @Inject
    AllowedOrigins(WebConfig config) {
        this(config.allowedOrigins().orElse(List.of()));
    }

    AllowedOrigins(List<String> entries) {
        this.origins = entries.stream()
                .filter(entry -> !entry.isBlank())
                .map(entry -> Origin.parse(entry).orElseThrow(() -> new IllegalArgumentException(
                        "cloakroom.web.allowed-origins: '" + entry + "' is not an origin of the form scheme://host[:port]")))
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean contains(Origin origin) {
        return origins.contains(origin);
    }

    /** The listed origin an {@code Origin} header names, if it names one. */
    public Optional<Origin> match(String originHeader) {
        return Origin.parse(originHeader).filter(origins::contains);
    }
}
