package dev.cloakroom.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The cookie that carries a session's token back to a browser. (Reading a token from a request,
 * header first, is {@link dev.cloakroom.web.SessionAuthenticationMechanism}'s.)
 */
@ApplicationScoped
public class SessionCookies {

    private final String name;
    private final boolean secure;

    @Inject
    SessionCookies(SessionConfig config) {
        this.name = config.cookie().name();
        this.secure = config.cookie().secure();
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
