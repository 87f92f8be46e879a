package dev.cloakroom.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** The session representation of the API contract. */
public record SessionView(
        String id,
        UserRef user,
        Instant createdAt,
        Instant authenticatedAt,
        Instant lastSeenAt,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt,
        JsonNode data,
        long version) {

    public record UserRef(long id, String loginName) {
    }

    static SessionView of(Session session, JsonNode data, Duration idleTimeout) {
        Instant lastSeen = session.lastSeenAt;
        return new SessionView(
                session.publicId,
                session.user == null ? null : new UserRef(session.user.id, session.user.loginName),
                session.createdAt,
                session.authenticatedAt,
                lastSeen,
                lastSeen.plus(idleTimeout),
                session.absoluteExpiresAt,
                data,
                session.version);
    }
}
