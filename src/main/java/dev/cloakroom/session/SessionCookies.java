package dev.cloakroom.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/**
 * Where a request's token comes from, and the cookie that carries it back. The header wins
 * over the cookie when both are present, as the API contract says.
 */
@ApplicationScoped
public class SessionCookies {

    private static final String BEARER = "Bearer ";

    private final String name;
    private final boolean secure;

    @Inject
    SessionCookies(SessionConfig config) {
        this.name = config.cookie().name();
        this.secure = config.cookie().secure();
    }

    public Optional<String> tokenOf(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).trim();
            if (!token.isEmpty()) {
                return Optional.of(token);
            }
        }
        Cookie cookie = headers.getCookies().get(name);
        if (cookie != null && cookie.getValue() != null && !cookie.getValue().isEmpty()) {
            return Optional.of(cookie.getValue());
        }
        return Optional.empty();
    }

    /** A Set-Cookie value carrying the token for {@code maxAgeSeconds}. */
    public String issue(String token, long maxAgeSeconds) {
        return name + "=" + token + "; Max-Age=" + Math.max(0, maxAgeSeconds) + attributes();
    }

    /** A Set-Cookie value that makes the browser forget the token. */
    public String clear() {
        return name + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT" + attributes();
    }

    private String attributes() {
        return "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
