package dev.cloakroom.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin as browsers compare them: scheme, host and port, the port spelled out even when
 * it is the scheme's default. Anything that is not exactly {@code scheme://host[:port]} (a
 * path, user info, {@code null} from a sandboxed page) has no origin and matches nothing.
 */
public record Origin(String scheme, String host, int port) {

    /** The origin named by an {@code Origin} header or a configured entry; empty when malformed or opaque. */
    public static Optional<Origin> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null
                || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        return of(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    /**
     * The origin a request was sent to, as Quarkus resolved it: behind a proxy it trusts
     * ({@code quarkus.http.proxy.*}), the forwarded scheme and host; otherwise the Host header.
     */
    public static Optional<Origin> ofRequest(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null || request.scheme() == null) {
            return Optional.empty();
        }
        return of(request.scheme(), authority.host(), authority.port());
    }

    private static Optional<Origin> of(String scheme, String host, int port) {
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        int effectivePort = port >= 0 ? port : defaultPort(lowerScheme);
        if (effectivePort < 0 || host.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Origin(lowerScheme, unbracketed(host).toLowerCase(Locale.ROOT), effectivePort));
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
